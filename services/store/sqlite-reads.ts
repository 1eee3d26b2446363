// Reads of the SQLite store; every stored JSON value is parsed with its zod schema (stored data is an edge like any other).
import type Database from 'libsql';
import { z } from 'zod';
import type { ContactRecord, JournalEntry, OutboxItem, TranscriptEntry } from './types';
import { StoreCorruptError } from './errors';
import { contactRecordSchema, effectSchema, journalEntrySchema, transcriptEntrySchema } from './schemas';

const outboxRow = z.tuple([z.enum(['pending', 'failed']), z.number().int(), z.string().nullable(), z.string()]);

function parseJson<T>(schema: z.ZodType<T>, text: unknown, contactId: string, table: string): T {
  if (typeof text !== 'string') throw new StoreCorruptError(contactId, table, 'a non-text value');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new StoreCorruptError(contactId, table, 'malformed JSON value');
  }
  const result = schema.safeParse(value);
  if (!result.success) throw new StoreCorruptError(contactId, table, `value of an unexpected shape (${result.error.issues[0]?.message ?? 'invalid'})`);
  return result.data;
}

function outboxItem(row: unknown, contactId: string): OutboxItem {
  const parsed = outboxRow.safeParse(row);
  if (!parsed.success) throw new StoreCorruptError(contactId, 'outbox', 'a row of an unexpected shape');
  const [status, attempts, lastError, effectJson] = parsed.data;
  return { effect: parseJson(effectSchema, effectJson, contactId, 'outbox'), attempts, status, lastError };
}

function firstColumn(rows: unknown[]): unknown[] {
  return rows.map((row) => (Array.isArray(row) ? row[0] : undefined));
}

export interface SqliteReads {
  load(contactId: string): ContactRecord | null;
  isProcessed(contactId: string, messageId: string): boolean;
  /** The start of an inbound message under its lock: processed, or the record (null: none yet), in one statement call. */
  processedOrLoad(contactId: string, messageId: string): { processed: true } | { processed: false; record: ContactRecord | null };
  journal(contactId: string, limit: number): JournalEntry[];
  transcript(contactId: string): TranscriptEntry[];
  contextPackage(contactId: string): string | null;
  outbox(contactId: string, status: OutboxItem['status']): OutboxItem[];
  /** The oldest pending effect (the lowest id is the first committed): a seek on the (contact_id, effect_id) index, then the contact's few rows. */
  nextEffect(contactId: string): OutboxItem | null;
  contactsWithPendingEffects(): string[];
}

export function createSqliteReads(db: Database.Database, clock: () => number): SqliteReads {
  const record = db.prepare('SELECT record FROM contacts WHERE contact_id = ?').raw();
  const processed = db.prepare('SELECT 1 FROM processed WHERE contact_id = ? AND message_id = ? AND expires_at > ?').raw();
  const processedOrRecord = db
    .prepare(
      `SELECT EXISTS (SELECT 1 FROM processed WHERE contact_id = ?1 AND message_id = ?2 AND expires_at > ?3),
              (SELECT record FROM contacts WHERE contact_id = ?1)`,
    )
    .raw();
  const journal = db.prepare('SELECT entry FROM journal WHERE contact_id = ? ORDER BY version DESC LIMIT ?').raw();
  const transcript = db.prepare('SELECT entry FROM transcript WHERE contact_id = ? ORDER BY seq').raw();
  const contextPackage = db.prepare('SELECT json FROM packages WHERE contact_id = ? AND expires_at > ?').raw();
  const outbox = db.prepare('SELECT status, attempts, last_error, effect FROM outbox WHERE contact_id = ? AND status = ? ORDER BY id').raw();
  // The lowest pending id through the (contact_id, effect_id) index, then that row: no sorter (ORDER BY id LIMIT 1 built a temp b-tree per read).
  const next = db
    .prepare("SELECT status, attempts, last_error, effect FROM outbox WHERE id = (SELECT min(id) FROM outbox WHERE contact_id = ? AND status = 'pending')")
    .raw();
  const pendingContacts = db.prepare("SELECT DISTINCT contact_id FROM outbox WHERE status = 'pending'").raw();

  return {
    load(contactId) {
      const row = record.get(contactId);
      return Array.isArray(row) ? parseJson(contactRecordSchema, row[0], contactId, 'contacts') : null;
    },
    isProcessed(contactId, messageId) {
      return processed.get(contactId, messageId, clock()) !== undefined;
    },
    processedOrLoad(contactId, messageId) {
      const row = processedOrRecord.get(contactId, messageId, clock());
      const [marked, text] = Array.isArray(row) ? row : [];
      if (marked === 1) return { processed: true };
      return { processed: false, record: text === null || text === undefined ? null : parseJson(contactRecordSchema, text, contactId, 'contacts') };
    },
    journal(contactId, limit) {
      if (limit <= 0) return [];
      return firstColumn(journal.all(contactId, limit)).map((text) => parseJson(journalEntrySchema, text, contactId, 'journal'));
    },
    transcript(contactId) {
      return firstColumn(transcript.all(contactId)).map((text) => parseJson(transcriptEntrySchema, text, contactId, 'transcript'));
    },
    contextPackage(contactId) {
      const row = contextPackage.get(contactId, clock());
      return Array.isArray(row) && typeof row[0] === 'string' ? row[0] : null;
    },
    outbox(contactId, status) {
      const items = outbox.all(contactId, status).map((row) => outboxItem(row, contactId));
      // Failed effects come oldest first by effect time, as the Redis store lists them.
      return status === 'failed' ? items.sort((a, b) => a.effect.at - b.effect.at) : items;
    },
    nextEffect(contactId) {
      const row = next.get(contactId);
      return row === undefined ? null : outboxItem(row, contactId);
    },
    contactsWithPendingEffects() {
      return firstColumn(pendingContacts.all()).filter((id): id is string => typeof id === 'string');
    },
  };
}
