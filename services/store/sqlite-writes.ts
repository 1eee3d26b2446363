// Writes of the SQLite store outside the commit: effect outcomes, erase, and the expiry prune.
import type Database from 'libsql';

/** Every write but `prune` runs inside a write batch's transaction (sqlite-batch.ts), after its owner check. */
export interface SqliteWrites {
  markEffect(contactId: string, effectId: string, outcome: { status: 'delivered' | 'failed'; error: string | null }): void;
  /** The in-flight marker (ContactStore.beginEffectAttempt): one UPDATE of the outbox row; resolves the earlier attempt's time. */
  beginEffectAttempt(contactId: string, effectId: string, at: number): number | null;
  clearEffectAttempt(contactId: string, effectId: string): void;
  /** ContactDelete: record, journal, transcript, package, outbox; processed marks stay (a redelivery stays a duplicate), and `markProcessed` is marked in the same transaction. */
  erase(contactId: string, markProcessed: string | null): void;
  /** Deletes expired processed marks and packages (reads already ignore them); returns the rows deleted. Runs on its own. */
  prune(now: number): number;
}

export interface WritesDeps {
  clock: () => number;
  processedIdsMs: number;
}

export function createSqliteWrites(db: Database.Database, deps: WritesDeps): SqliteWrites {
  const deliver = db.prepare('DELETE FROM outbox WHERE contact_id = ? AND effect_id = ?');
  const fail = db.prepare("UPDATE outbox SET status = 'failed', attempts = attempts + 1, last_error = ?, attempted_at = NULL WHERE contact_id = ? AND effect_id = ?");
  const attemptedAt = db.prepare("SELECT attempted_at FROM outbox WHERE contact_id = ? AND effect_id = ? AND status = 'pending'").raw();
  // The first attempt (the usual case) is this one statement call; only when it changes nothing is the row read.
  const markFirstAttempt = db.prepare("UPDATE outbox SET attempted_at = ? WHERE contact_id = ? AND effect_id = ? AND status = 'pending' AND attempted_at IS NULL");
  const setAttempted = db.prepare('UPDATE outbox SET attempted_at = ? WHERE contact_id = ? AND effect_id = ?');
  const eraseStatements = ['contacts', 'journal', 'transcript', 'packages', 'outbox'].map((table) => db.prepare(`DELETE FROM ${table} WHERE contact_id = ?`));
  const pruneProcessed = db.prepare('DELETE FROM processed WHERE expires_at <= ?');
  const prunePackages = db.prepare('DELETE FROM packages WHERE expires_at <= ?');

  const mark = db.prepare(
    `INSERT INTO processed (contact_id, message_id, expires_at) VALUES (?, ?, ?)
     ON CONFLICT (contact_id, message_id) DO UPDATE SET expires_at = excluded.expires_at`,
  );

  return {
    markEffect(contactId, effectId, outcome) {
      if (outcome.status === 'delivered') deliver.run(contactId, effectId);
      else fail.run(outcome.error, contactId, effectId);
    },
    beginEffectAttempt(contactId, effectId, at) {
      if (markFirstAttempt.run(at, contactId, effectId).changes > 0) return null;
      // Already marked by an earlier attempt (answer its time), or no longer pending (nothing to mark).
      const row = attemptedAt.get(contactId, effectId);
      return Array.isArray(row) && typeof row[0] === 'number' ? row[0] : null;
    },
    clearEffectAttempt(contactId, effectId) {
      setAttempted.run(null, contactId, effectId);
    },
    erase(contactId, markProcessed) {
      for (const statement of eraseStatements) statement.run(contactId);
      if (markProcessed !== null) mark.run(contactId, markProcessed, deps.clock() + deps.processedIdsMs);
    },
    prune(now) {
      return pruneProcessed.run(now).changes + prunePackages.run(now).changes;
    },
  };
}
