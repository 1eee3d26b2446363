// One contact's commit on SQLite, run inside a write batch's transaction (sqlite-batch.ts): the same checks and writes, in the same order, as commit.lua.
import type Database from 'libsql';
import type { RetentionRules } from '../../domain/policy';
import type { CommitInput, CommitResult } from './types';
import { VersionConflictError } from './errors';
import { historyCutoff } from './retention';

export interface CommitDeps {
  clock: () => number;
  retention: RetentionRules;
}

export function createSqliteCommit(db: Database.Database, deps: CommitDeps): (input: CommitInput) => CommitResult {
  const isMarked = db.prepare('SELECT 1 FROM processed WHERE contact_id = ? AND message_id = ? AND expires_at > ?').raw();
  const currentVersion = db.prepare('SELECT version FROM contacts WHERE contact_id = ?').raw();
  const writeRecord = db.prepare(
    `INSERT INTO contacts (contact_id, version, record, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (contact_id) DO UPDATE SET version = excluded.version, record = excluded.record, updated_at = excluded.updated_at`,
  );
  // An expired mark may still be on disk until the next prune: a new mark replaces it.
  const mark = db.prepare(
    `INSERT INTO processed (contact_id, message_id, expires_at) VALUES (?, ?, ?)
     ON CONFLICT (contact_id, message_id) DO UPDATE SET expires_at = excluded.expires_at`,
  );
  // Like HSETNX in commit.lua: an effect id already in the outbox is not queued (or reset) again.
  const queueEffect = db.prepare(
    `INSERT INTO outbox (contact_id, effect_id, status, attempts, last_error, effect) VALUES (?, ?, 'pending', 0, NULL, ?)
     ON CONFLICT (contact_id, effect_id) DO NOTHING`,
  );
  const appendJournal = db.prepare('INSERT INTO journal (contact_id, version, entry, at) VALUES (?, ?, ?, ?)');
  const trimJournal = db.prepare('DELETE FROM journal WHERE contact_id = ? AND version <= ?');
  // Age trims drop the oldest entries up to the first one that is not too old, as commit.lua and the memory store
  // do: the oldest entry is one seek on the primary order, and only a contact with old entries runs the delete.
  const oldestJournal = db.prepare('SELECT at FROM journal WHERE contact_id = ? ORDER BY version LIMIT 1').raw();
  const ageJournal = db.prepare(
    'DELETE FROM journal WHERE contact_id = ?1 AND version < (SELECT min(version) FROM journal WHERE contact_id = ?1 AND (at IS NULL OR at >= ?2))',
  );
  const lastTranscriptSeq = db.prepare('SELECT max(seq) FROM transcript WHERE contact_id = ?').raw();
  const appendTranscript = db.prepare('INSERT INTO transcript (contact_id, seq, entry, at) VALUES (?, ?, ?, ?)');
  const trimTranscript = db.prepare('DELETE FROM transcript WHERE contact_id = ? AND seq <= ?');
  const oldestTranscript = db.prepare('SELECT at FROM transcript WHERE contact_id = ? ORDER BY seq LIMIT 1').raw();
  const ageTranscript = db.prepare(
    'DELETE FROM transcript WHERE contact_id = ?1 AND seq < (SELECT min(seq) FROM transcript WHERE contact_id = ?1 AND (at IS NULL OR at >= ?2))',
  );
  /** True when the oldest entry is dated before the cutoff (an undated one, from before migration 4, never is). */
  const tooOld = (row: unknown, cutoff: number) => Array.isArray(row) && typeof row[0] === 'number' && row[0] < cutoff;
  const writePackage = db.prepare(
    `INSERT INTO packages (contact_id, json, expires_at) VALUES (?, ?, ?)
     ON CONFLICT (contact_id) DO UPDATE SET json = excluded.json, expires_at = excluded.expires_at`,
  );

  /** Runs inside a write batch's transaction, after its owner check; a duplicate or a version conflict returns or throws before any write. */
  return (input: CommitInput): CommitResult => {
    const now = deps.clock();
    // Same order as commit.lua: a duplicate is reported as such even when the version moved on.
    if (input.messageId !== null && isMarked.get(input.contactId, input.messageId, now) !== undefined) return { status: 'duplicate' };
    const row = currentVersion.get(input.contactId);
    const current = Array.isArray(row) && typeof row[0] === 'number' ? row[0] : 0;
    if (current !== input.expectedVersion) throw new VersionConflictError(input.contactId, input.expectedVersion, current);

    const version = current + 1;
    const { retention } = deps;
    writeRecord.run(input.contactId, version, JSON.stringify({ ...input.record, version }), now);
    if (input.messageId !== null) mark.run(input.contactId, input.messageId, now + retention.processedIdsMs);
    for (const effect of input.effects) queueEffect.run(input.contactId, effect.id, JSON.stringify(effect));
    const cutoff = historyCutoff(input, retention);
    appendJournal.run(input.contactId, version, JSON.stringify({ ...input.journal, version }), input.journal.decision.at);
    // Versions and sequence numbers start at 1: below the cap there is nothing to trim, and no statement to run.
    if (version > retention.journalEntries) trimJournal.run(input.contactId, version - retention.journalEntries);
    if (tooOld(oldestJournal.get(input.contactId), cutoff)) ageJournal.run(input.contactId, cutoff);
    if (input.transcript.length > 0) {
      const last = lastTranscriptSeq.get(input.contactId);
      let seq = Array.isArray(last) && typeof last[0] === 'number' ? last[0] : 0;
      for (const entry of input.transcript) appendTranscript.run(input.contactId, ++seq, JSON.stringify(entry), entry.at);
      if (seq > retention.transcriptEntries) trimTranscript.run(input.contactId, seq - retention.transcriptEntries);
    }
    if (tooOld(oldestTranscript.get(input.contactId), cutoff)) ageTranscript.run(input.contactId, cutoff);
    if (input.contextPackage !== null) writePackage.run(input.contactId, input.contextPackage.json, now + input.contextPackage.ttlMs);
    return { status: 'committed', version };
  };
}
