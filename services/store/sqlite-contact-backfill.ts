// Fills the in-process contact index from the SQLite file at start-up, so the contact list survives a restart of the embedded host.
import Database from 'libsql';
import { z } from 'zod';
import { botOf, stateNameOf } from './change';
import type { ContactIndex } from './contact-index';

const rowSchema = z.object({
  contact_id: z.string(),
  version: z.number(),
  value_type: z.string().nullable(),
  value: z.union([z.string(), z.number()]).nullable(),
  updated_at: z.number(),
  last_at: z.number().nullable(),
});

/** A state value as json_extract gives it: the text itself for a string, JSON text for an object. */
function stateOf(type: string | null, value: string | number | null): string | null {
  if (typeof value !== 'string') return null;
  if (type === 'text') return value;
  try {
    return stateNameOf(JSON.parse(value));
  } catch {
    return null;
  }
}

/** Reads every contact once through a read-only connection beside the store's (only the fields the list needs); returns how many were indexed. */
export async function backfillContactIndex(path: string, index: ContactIndex): Promise<number> {
  const db = new Database(path, { readonly: true });
  let count = 0;
  try {
    // The newest journal entry's decision time stands for the last message time (the live index uses the message's own).
    const rows = db
      .prepare(
        `SELECT c.contact_id, c.version, c.updated_at,
                json_type(c.record, '$.snapshot.value') AS value_type, json_extract(c.record, '$.snapshot.value') AS value,
                (SELECT json_extract(j.entry, '$.decision.at') FROM journal j WHERE j.contact_id = c.contact_id ORDER BY j.version DESC LIMIT 1) AS last_at
         FROM contacts c`,
      )
      .iterate();
    for (const raw of rows) {
      const row = rowSchema.safeParse(raw);
      if (!row.success) continue;
      const state = stateOf(row.data.value_type, row.data.value);
      if (state === null) continue;
      await index.record({ contactId: row.data.contact_id, state, bot: botOf(state), version: row.data.version, lastMessageAt: row.data.last_at ?? row.data.updated_at });
      count += 1;
    }
  } finally {
    db.close();
  }
  return count;
}
