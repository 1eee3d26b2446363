// zod schemas for what the Redis store reads back: stored JSON is an edge like any other input.
import { z } from 'zod';
import { decisionSchema } from '../../domain/decision';
import { BOT_NAMES, FACT_KEYS, type Effect } from '../../domain/types';
import type { ContactRecord, JournalEntry, OutboxItem, TranscriptEntry } from './types';
import { decisionInputSchema } from './journal-input';

const botName = z.enum(BOT_NAMES);
const factKey = z.enum(FACT_KEYS);

export const contactRecordSchema: z.ZodType<ContactRecord> = z.object({
  machineVersion: z.number().int(),
  version: z.number().int().nonnegative(),
  snapshot: z.unknown(),
});


export const journalEntrySchema: z.ZodType<JournalEntry> = z.object({
  version: z.number().int(),
  messageId: z.string().nullable(),
  decision: decisionSchema,
  stateValue: z.unknown(),
  input: decisionInputSchema.exactOptional(),
});

export const transcriptEntrySchema: z.ZodType<TranscriptEntry> = z.object({
  direction: z.enum(['inbound', 'outbound']),
  text: z.string(),
  at: z.number(),
  bot: botName.nullable(),
  asks: z.array(factKey),
  messageId: z.string().nullable(),
});

export const effectSchema: z.ZodType<Effect> = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('send_sms'),
    id: z.string(),
    contactId: z.string(),
    bot: botName,
    text: z.string(),
    asks: z.array(factKey),
    at: z.number(),
  }),
  z.object({
    kind: z.literal('write_crm_fields'),
    id: z.string(),
    contactId: z.string(),
    fields: z.record(z.string(), z.string()),
    at: z.number(),
  }),
]);

export const outboxItemSchema: z.ZodType<OutboxItem> = z.object({
  effect: effectSchema,
  attempts: z.number().int().nonnegative(),
  status: z.enum(['pending', 'delivered', 'failed']),
  lastError: z.string().nullable(),
});

/** effect-head.lua: {next item JSON or nil, 1 when the attempt's marker step ran else 0, an earlier attempt's time or nil}. */
export const effectHeadReplySchema = z.tuple([z.string().nullable(), z.union([z.literal(0), z.literal(1)]), z.string().nullable()]);

/**
 * What commit.lua answers: `{1, version, head}` committed (head: the id of the first effect it queued when nothing was pending
 * before, so that one is the contact's next; else nil), `{0, 0}` duplicate, `{-1, current}` conflict, `{-2, keyIndex, type}`
 * corrupt key, `{-3, 0}` send the kept package.
 */
export const commitReplySchema = z.union([
  z.tuple([z.literal(1), z.number(), z.string().nullable()]).rest(z.union([z.literal(0), z.literal(1)])),
  z.tuple([z.literal(0), z.number()]),
  z.tuple([z.literal(-1), z.number()]),
  z.tuple([z.literal(-2), z.number(), z.string()]),
  z.tuple([z.literal(-3), z.number()]),
]);
