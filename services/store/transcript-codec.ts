// The Redis transcript's compact encoding: one JSON array per line instead of an object with its field names. Reads both shapes.
import { z } from 'zod';
import { BOT_NAMES } from '../../domain/types';
import { transcriptEntrySchema } from './schemas';
import type { TranscriptEntry } from './types';

/*
 * A compact line: [kind, text, at, bot, messageId, ...asks]
 *   kind 0 inbound · 1 outbound · 2 outbound whose messageId is `<contactId>:<stored id>` (the engine's effect
 *   ids, `contactId:messageId:n`, stored without the contact id they all start with)
 *   bot  its index in BOT_NAMES (0 lead, 1 buyer, 2 seller) or null; lines written before hold the name
 * at is the third element: commit.lua's age trim reads it (entry[3]) as it reads `at` of a full line. Redis stores
 * the line packed (transcript-pack.ts: the time in front, the rest deflated); these arrays are what it packs.
 */

/** The compact line as an array (transcript-pack.ts deflates it for Redis). */
export function compactTranscriptLine(contactId: string, entry: TranscriptEntry): unknown[] {
  const own = `${contactId}:`;
  const relative = entry.direction === 'outbound' && entry.messageId !== null && entry.messageId.startsWith(own);
  const kind = entry.direction === 'inbound' ? 0 : relative ? 2 : 1;
  const id = relative && entry.messageId !== null ? entry.messageId.slice(own.length) : entry.messageId;
  const bot = entry.bot === null ? null : BOT_NAMES.indexOf(entry.bot);
  return [kind, entry.text, entry.at, bot === -1 ? entry.bot : bot, id, ...entry.asks];
}

/** The compact line's JSON. */
export function encodeTranscriptEntry(contactId: string, entry: TranscriptEntry): string {
  return JSON.stringify(compactTranscriptLine(contactId, entry));
}

const botIndex = z
  .number()
  .int()
  .min(0)
  .max(BOT_NAMES.length - 1)
  .transform((index) => BOT_NAMES[index] ?? null);
const compactSchema = z.tuple([z.union([z.literal(0), z.literal(1), z.literal(2)]), z.string(), z.number(), z.union([botIndex, z.string().nullable()]), z.string().nullable()]).rest(z.string());

/** A stored transcript line, either shape (the full object older hosts wrote, or the compact array), checked. */
export function decodeTranscriptEntry(contactId: string, value: unknown): { ok: true; entry: TranscriptEntry } | { ok: false; error: string } {
  let plain = value;
  if (Array.isArray(value)) {
    const compact = compactSchema.safeParse(value);
    if (!compact.success) return { ok: false, error: compact.error.issues[0]?.message ?? 'invalid' };
    const [kind, text, at, bot, id, ...asks] = compact.data;
    const messageId = kind === 2 && id !== null ? `${contactId}:${id}` : id;
    plain = { direction: kind === 0 ? 'inbound' : 'outbound', text, at, bot, asks, messageId };
  }
  const parsed = transcriptEntrySchema.safeParse(plain);
  return parsed.success ? { ok: true, entry: parsed.data } : { ok: false, error: parsed.error.issues[0]?.message ?? 'invalid' };
}
