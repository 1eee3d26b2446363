// One contact's commit on SQLite, run inside a write batch's transaction (sqlite-batch.ts): the same checks and writes, in the same order, as commit.lua.
import type Database from 'libsql';
import type { RetentionRules } from '../../domain/policy';
import type { CommitInput, CommitResult } from './types';
import { VersionConflictError } from './errors';
import { historyCutoff } from './retention';
import { createRowInserter } from './sqlite-rows';

export interface CommitDeps {
  clock: () => number;
  retention: RetentionRules;
}

export function createSqliteCommit(db: Database.Database, deps: CommitDeps): (input: CommitInput) => CommitResult {
  // Everything the commit reads before it writes, in one statement call (each call costs ~5 µs in libsql):
  // the version, the processed mark, the journal's oldest date, the transcript's last number and oldest date.
  const readBefore = db
    .prepare(
      `SELECT (SELECT version FROM contacts WHERE contact_id = ?1),
              EXISTS (SELECT 1 FROM processed WHERE contact_id = ?1 AND message_id = ?2 AND expires_at > ?3),
              (SELECT at FROM journal WHERE contact_id = ?1 ORDER BY version LIMIT 1),
              (SELECT max(seq) FROM transcript WHERE contact_id = ?1),
              (SELECT at FROM transcript WHERE contact_id = ?1 ORDER BY seq LIMIT 1)`,
    )
    .raw();
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
  const queueEffects = createRowInserter(
    db,
    'INSERT INTO outbox (contact_id, effect_id, status, attempts, last_error, effect) VALUES',
    "(?, ?, 'pending', 0, NULL, ?)",
    'ON CONFLICT (contact_id, effect_id) DO NOTHING',
  );
  const appendJournal = db.prepare('INSERT INTO journal (contact_id, version, entry, at) VALUES (?, ?, ?, ?)');
  const trimJournal = db.prepare('DELETE FROM journal WHERE contact_id = ? AND version <= ?');
  // Age trims drop the oldest entries up to the first one that is not too old, as commit.lua and the memory store
  // do: the oldest entry is one seek on the primary order, and only a contact with old entries runs the delete.
  const oldestJournal = db.prepare('SELECT at FROM journal WHERE contact_id = ? ORDER BY version LIMIT 1').raw();
  const ageJournal = db.prepare(
    'DELETE FROM journal WHERE contact_id = ?1 AND version < (SELECT min(version) FROM journal WHERE contact_id = ?1 AND (at IS NULL OR at >= ?2))',
  );
  const appendTranscript = createRowInserter(db, 'INSERT INTO transcript (contact_id, seq, entry, at) VALUES', '(?, ?, ?, ?)');
  const trimTranscript = db.prepare('DELETE FROM transcript WHERE contact_id = ? AND seq <= ?');
  const oldestTranscript = db.prepare('SELECT at FROM transcript WHERE contact_id = ? ORDER BY seq LIMIT 1').raw();
  const ageTranscript = db.prepare(
    'DELETE FROM transcript WHERE contact_id = ?1 AND seq < (SELECT min(seq) FROM transcript WHERE contact_id = ?1 AND (at IS NULL OR at >= ?2))',
  );
  /** True when the oldest entry is dated before the cutoff (an undated one, from before migration 4, never is). */
  const tooOld = (at: unknown, cutoff: number) => typeof at === 'number' && at < cutoff;
  const firstOf = (row: unknown): unknown => (Array.isArray(row) ? row[0] : undefined);
  const writePackage = db.prepare(
    `INSERT INTO packages (contact_id, json, expires_at) VALUES (?, ?, ?)
     ON CONFLICT (contact_id) DO UPDATE SET json = excluded.json, expires_at = excluded.expires_at`,
  );

  /** Runs inside a write batch's transaction, after its owner check; a duplicate or a version conflict returns or throws before any write. */
  return (input: CommitInput): CommitResult => {
    const now = deps.clock();
    const { contactId } = input;
    const found = readBefore.get(contactId, input.messageId, now);
    const [storedVersion, marked, oldestJournalAt, lastSeq, oldestTranscriptAt] = Array.isArray(found) ? found : [];
    // Same order as commit.lua: a duplicate is reported as such even when the version moved on.
    if (input.messageId !== null && marked === 1) return { status: 'duplicate' };
    const current = typeof storedVersion === 'number' ? storedVersion : 0;
    if (current !== input.expectedVersion) throw new VersionConflictError(contactId, input.expectedVersion, current);

    const version = current + 1;
    const { retention } = deps;
    writeRecord.run(contactId, version, JSON.stringify({ ...input.record, version }), now);
    if (input.messageId !== null) mark.run(contactId, input.messageId, now + retention.processedIdsMs);
    if (input.effects.length > 0) queueEffects(input.effects.map((effect) => [contactId, effect.id, JSON.stringify(effect)]));
    const cutoff = historyCutoff(input, retention);
    appendJournal.run(contactId, version, JSON.stringify({ ...input.journal, version }), input.journal.decision.at);
    // Versions and sequence numbers start at 1: below the cap there is nothing to trim, and no statement to run.
    // The oldest entry read before the append is still the oldest unless the count trim ran (then it is read again);
    // a contact without entries now has only the new one, dated at the decision: never too old.
    const journalTrimmed = version > retention.journalEntries;
    if (journalTrimmed) trimJournal.run(contactId, version - retention.journalEntries);
    if (tooOld(journalTrimmed ? firstOf(oldestJournal.get(contactId)) : oldestJournalAt, cutoff)) ageJournal.run(contactId, cutoff);
    let seq = typeof lastSeq === 'number' ? lastSeq : 0;
    let transcriptOldest = lastSeq === null || lastSeq === undefined ? input.transcript[0]?.at : oldestTranscriptAt;
    if (input.transcript.length > 0) {
      appendTranscript(input.transcript.map((entry) => [contactId, ++seq, JSON.stringify(entry), entry.at]));
      if (seq > retention.transcriptEntries) {
        trimTranscript.run(contactId, seq - retention.transcriptEntries);
        transcriptOldest = firstOf(oldestTranscript.get(contactId));
      }
    }
    if (tooOld(transcriptOldest, cutoff)) ageTranscript.run(contactId, cutoff);
    if (input.contextPackage !== null) writePackage.run(contactId, input.contextPackage.json, now + input.contextPackage.ttlMs);
    return { status: 'committed', version };
  };
}
