// The Redis journal's compact encoding: short keys, positional tuples, nothing repeated that the entry already holds, defaults left out. Reads both shapes.
import { z } from 'zod';
import { DEFAULT_POLICY } from '../../domain/policy';
import { BOT_NAMES, type HealthReport, type Intent } from '../../domain/types';
import type { BotRepliedEvent, MessageReceivedEvent } from '../../machines/events';
import { healthField } from './journal-health';
import { journalEntrySchema } from './schemas';
import type { JournalEntry } from './types';

/*
 * A compact entry (JSON object; the full shape has `decision`, the compact one never does):
 *   n   version                      a   decision.at (commit.lua reads it for the age trim)
 *   m   messageId (absent: null)     dm  decision.messageId, only when it differs from m
 *   d   [kind, reason, decidedBy, from, to, details]
 *   x   bit mask: details keys left out because they equal the event's intent (DETAIL_KEYS order)
 *   y   bit mask: details keys left out because they hold their usual value (DETAIL_DEFAULTS order)
 *   s   the state as `top` or `top.sub` (a string or one-level state value); S the raw value otherwise
 *   e   a MESSAGE_RECEIVED event: { t text, i intent tuple | I raw intent, f facts (absent: {}),
 *       h health: one [p95Ms, errorRate, samples, slaMs] per bot (0 for a bot idle under its default SLA; packed, the
       entry keeps them in front in journal-health.ts's short form)
 *       | H raw (absent: every bot idle under the default SLAs) | 0: the same as the next newer
 *       entry's (commit.lua rewrites the previous head so when the new entry's tuples are equal; entries are read
 *       newest first, and trimming drops the oldest, so the newer entry is always there), th thresholds (absent: {}),
 *       em messageId when it differs from m, ea at when it differs from a }
 *   E   any other event, as recorded        r  reply [bot, text, asks, temperature, readiness, motivation], ra its at when ≠ a
 * An entry without e or E was written before inputs were journaled.
 */

const DETAIL_KEYS = ['target', 'confidence', 'pattern', 'buyerScore', 'sellerScore'] as const;
type DetailKey = (typeof DETAIL_KEYS)[number];
/** Details the guards report with the same value in most entries (the default policy's limits, nothing counted yet). */
const DETAIL_DEFAULTS: ReadonlyArray<readonly [string, number | null]> = [
  ['sinceMs', null],
  ['cooldownMs', DEFAULT_POLICY.cooldownMs],
  ['settleMs', DEFAULT_POLICY.settleMs],
  ['chainLength', 0],
  ['lastHour', 0],
  ['lastDay', 0],
  ['targetP95Ms', 0],
  ['targetErrorRate', 0],
];

/** Leaves out the details that hold their usual value; the mask says which. */
function dropDefaults(details: Record<string, unknown>): number {
  let y = 0;
  DETAIL_DEFAULTS.forEach(([key, value], bit) => {
    if (key in details && details[key] === value) {
      y |= 1 << bit;
      delete details[key];
    }
  });
  return y;
}

const INTENT_KEYS = ['target', 'goal', 'confidence', 'pattern', 'scores', 'command'];
const HEALTH_KEYS = ['p95Ms', 'errorRate', 'samples', 'slaMs'];

const intentValue = (intent: Intent, key: DetailKey) =>
  key === 'buyerScore' ? intent.scores.buyer : key === 'sellerScore' ? intent.scores.seller : intent[key];

/** The health every entry carried before any bot had samples: left out. */
const IDLE_HEALTH: HealthReport = {
  lead: { p95Ms: 0, errorRate: 0, samples: 0, slaMs: DEFAULT_POLICY.health.slaMs.lead },
  buyer: { p95Ms: 0, errorRate: 0, samples: 0, slaMs: DEFAULT_POLICY.health.slaMs.buyer },
  seller: { p95Ms: 0, errorRate: 0, samples: 0, slaMs: DEFAULT_POLICY.health.slaMs.seller },
};

const hasOnlyKeys = (value: object, keys: readonly string[]) => Object.keys(value).length === keys.length && keys.every((key) => key in value);
const isEmpty = (value: object) => Object.keys(value).length === 0;

function encodeHealth(health: HealthReport): Record<string, unknown> {
  if (JSON.stringify(health) === JSON.stringify(IDLE_HEALTH)) return {};
  if (!hasOnlyKeys(health, BOT_NAMES) || !BOT_NAMES.every((bot) => hasOnlyKeys(health[bot], HEALTH_KEYS))) return { H: health };
  const idle = (bot: (typeof BOT_NAMES)[number]) => JSON.stringify(health[bot]) === JSON.stringify(IDLE_HEALTH[bot]);
  return { h: BOT_NAMES.map((bot) => (idle(bot) ? 0 : [health[bot].p95Ms, health[bot].errorRate, health[bot].samples, health[bot].slaMs])) };
}

function encodeEvent(event: MessageReceivedEvent, entry: JournalEntry, details: Record<string, unknown>): { e: Record<string, unknown>; x: number } {
  const { intent } = event;
  const tuple = hasOnlyKeys(intent, INTENT_KEYS) && hasOnlyKeys(intent.scores, ['buyer', 'seller']);
  let x = 0;
  if (tuple) {
    DETAIL_KEYS.forEach((key, bit) => {
      if (key in details && details[key] === intentValue(intent, key)) {
        x |= 1 << bit;
        delete details[key];
      }
    });
  }
  const e: Record<string, unknown> = {
    t: event.text,
    ...(tuple ? { i: [intent.target, intent.goal, intent.confidence, intent.pattern, intent.scores.buyer, intent.scores.seller, intent.command] } : { I: intent }),
    ...(isEmpty(event.facts) ? {} : { f: event.facts }),
    ...encodeHealth(event.health),
    ...(isEmpty(event.thresholds) ? {} : { th: event.thresholds }),
    ...(event.messageId === entry.messageId ? {} : { em: event.messageId }),
    ...(event.at === entry.decision.at ? {} : { ea: event.at }),
  };
  return { e, x };
}

function encodeReply(reply: BotRepliedEvent, at: number): Record<string, unknown> {
  const { temperature, readiness, motivation } = reply.scores;
  return { r: [reply.bot, reply.text, reply.asks, temperature, readiness, motivation], ...(reply.at === at ? {} : { ra: reply.at }) };
}

/** `lead`, `buyer.budget`, or null when the value is not a string or a one-level `{top: sub}`. */
function stateString(value: unknown): string | null {
  if (typeof value === 'string' && !value.includes('.')) return value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const entries = Object.entries(value);
  const [first] = entries;
  if (entries.length !== 1 || first === undefined) return null;
  const [top, sub] = first;
  return typeof sub === 'string' && !top.includes('.') && !sub.includes('.') ? `${top}.${sub}` : null;
}

/**
 * The health field the packed entry stores (journal-health.ts healthField of its tuples), '' when it stores none:
 * commit.lua turns the previous head's field into `0` when it is the same text. A head stored before in another form
 * (JSON tuples) is left as it is: read whole, only not shortened.
 */
export function healthToken(entry: JournalEntry): string {
  const event = entry.input?.event;
  if (event?.type !== 'MESSAGE_RECEIVED') return '';
  const encoded = encodeHealth(event.health);
  return 'h' in encoded ? healthField(encoded['h']) : '';
}

/** The JSON a journal entry is stored as in Redis (journal-pack.ts packs it further). */
export function encodeJournalEntry(entry: JournalEntry): string {
  return JSON.stringify(compactJournalEntry(entry));
}

/** The compact entry as an object: encodeJournalEntry's JSON, before it is written out. */
export function compactJournalEntry(entry: JournalEntry): Record<string, unknown> {
  const { decision } = entry;
  const details: Record<string, unknown> = { ...decision.details };
  const event = entry.input?.event;
  const encoded = event?.type === 'MESSAGE_RECEIVED' ? encodeEvent(event, entry, details) : null;
  const state = stateString(entry.stateValue);
  const y = dropDefaults(details);
  const compact = {
    n: entry.version,
    a: decision.at,
    ...(entry.messageId === null ? {} : { m: entry.messageId }),
    ...(decision.messageId === entry.messageId ? {} : { dm: decision.messageId }),
    d: [decision.kind, decision.reason, decision.decidedBy, decision.from, decision.to, details],
    ...(encoded === null || encoded.x === 0 ? {} : { x: encoded.x }),
    ...(y === 0 ? {} : { y }),
    ...(state === null ? { S: entry.stateValue } : { s: state }),
    ...(encoded === null ? {} : { e: encoded.e }),
    ...(event !== undefined && encoded === null ? { E: event } : {}),
    ...(entry.input?.reply ? encodeReply(entry.input.reply, decision.at) : {}),
  };
  return compact;
}

const num = z.number();
const compactSchema = z.object({
  n: z.number().int(),
  a: num,
  m: z.string().optional(),
  dm: z.string().nullable().optional(),
  d: z.tuple([z.string(), z.string(), z.string(), z.string(), z.string(), z.record(z.string(), z.unknown())]),
  x: z.number().int().min(1).max(31).optional(),
  y: z.number().int().min(1).max(2 ** DETAIL_DEFAULTS.length - 1).optional(),
  s: z.string().optional(),
  S: z.unknown().optional(),
  e: z
    .object({
      t: z.string(),
      i: z.tuple([z.unknown(), z.unknown(), num, z.string(), num, num, z.unknown()]).optional(),
      I: z.record(z.string(), z.unknown()).optional(),
      f: z.unknown().optional(),
      h: z.union([z.array(z.union([z.tuple([num, num, num, num]), z.literal(0)])).length(BOT_NAMES.length), z.literal(0)]).optional(),
      H: z.unknown().optional(),
      th: z.unknown().optional(),
      em: z.string().optional(),
      ea: num.optional(),
    })
    .optional(),
  E: z.unknown().optional(),
  r: z.tuple([z.string(), z.string(), z.array(z.string()), z.string(), num, num]).optional(),
  ra: num.optional(),
});
type Compact = z.infer<typeof compactSchema>;

function expandState(c: Compact): unknown {
  if (c.s === undefined) return c.S;
  const [top, sub] = c.s.split('.');
  return sub === undefined ? top : { [top ?? '']: sub };
}

function expandEvent(c: Compact, details: Record<string, unknown>, newerHealth: HealthReport | null): unknown {
  if (c.e === undefined) return c.E;
  const { e } = c;
  let intent: unknown = e.I;
  if (e.i !== undefined) {
    const [target, goal, confidence, pattern, buyer, seller, command] = e.i;
    intent = { target, goal, confidence, pattern, scores: { buyer, seller }, command };
    const typed = { target, confidence, pattern, scores: { buyer, seller } };
    DETAIL_KEYS.forEach((key, bit) => {
      if (((c.x ?? 0) & (1 << bit)) !== 0) details[key] = key === 'buyerScore' ? typed.scores.buyer : key === 'sellerScore' ? typed.scores.seller : typed[key];
    });
  }
  const tuples = e.h;
  const health =
    tuples === 0
      ? newerHealth
      : tuples === undefined
        ? (e.H ?? IDLE_HEALTH)
        : Object.fromEntries(
            BOT_NAMES.map((bot, i) => {
              const tuple = tuples[i];
              if (tuple === undefined || tuple === 0) return [bot, { ...IDLE_HEALTH[bot] }];
              const [p95Ms, errorRate, samples, slaMs] = tuple;
              return [bot, { p95Ms, errorRate, samples, slaMs }];
            }),
          );
  return { type: 'MESSAGE_RECEIVED', messageId: e.em ?? c.m, text: e.t, at: e.ea ?? c.a, intent, facts: e.f ?? {}, health, thresholds: e.th ?? {} };
}

/** The plain JournalEntry shape of a compact entry, for journalEntrySchema to check. */
function expand(c: Compact, newerHealth: HealthReport | null): unknown {
  const [kind, reason, decidedBy, from, to, stored] = c.d;
  const details: Record<string, unknown> = {};
  const event = expandEvent(c, details, newerHealth);
  Object.assign(details, stored);
  DETAIL_DEFAULTS.forEach(([key, value], bit) => {
    if (((c.y ?? 0) & (1 << bit)) !== 0) details[key] = value;
  });
  const messageId = c.m ?? null;
  const reply = c.r === undefined ? null : { type: 'BOT_REPLIED', at: c.ra ?? c.a, bot: c.r[0], text: c.r[1], asks: c.r[2], scores: { temperature: c.r[3], readiness: c.r[4], motivation: c.r[5] } };
  return {
    version: c.n,
    messageId,
    decision: { kind, reason, decidedBy, from, to, at: c.a, messageId: c.dm === undefined ? messageId : c.dm, details },
    stateValue: expandState(c),
    ...(event === undefined ? {} : { input: { event, reply } }),
  };
}

/**
 * A stored journal entry, either shape (full JSON as written before, or compact), checked; the first issue's message
 * when it is not one. `newer` is the entry stored just before it in the list (the next newer version), already
 * decoded: an entry whose health is `0` takes that entry's. Decode a list from its head, newest first.
 */
export function decodeJournalEntry(value: unknown, newer: JournalEntry | null = null): { ok: true; entry: JournalEntry } | { ok: false; error: string } {
  const isFull = typeof value === 'object' && value !== null && 'decision' in value;
  let plain = value;
  if (!isFull) {
    const compact = compactSchema.safeParse(value);
    if (!compact.success) return { ok: false, error: compact.error.issues[0]?.message ?? 'invalid' };
    const newerEvent = newer?.input?.event;
    const newerHealth = newerEvent?.type === 'MESSAGE_RECEIVED' ? newerEvent.health : null;
    if (compact.data.e?.h === 0 && newerHealth === null) return { ok: false, error: 'health refers to a newer entry that holds none' };
    plain = expand(compact.data, newerHealth);
  }
  const parsed = journalEntrySchema.safeParse(plain);
  return parsed.success ? { ok: true, entry: parsed.data } : { ok: false, error: parsed.error.issues[0]?.message ?? 'invalid' };
}
