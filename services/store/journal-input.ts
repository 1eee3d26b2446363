// What a journal entry keeps beside its decision so `baton replay` can compute the decision again: the machine event and the bot's reply.
import { z } from 'zod';
import { BOT_NAMES, FACT_KEYS, type Facts, type IntentCommand } from '../../domain/types';
import { routeThresholdsSchema } from '../../domain/policy';
import type { BotRepliedEvent, ConversationEvent, HumanReleaseEvent, HumanTakeoverEvent, MessageReceivedEvent } from '../../machines/events';

/**
 * The event exactly as the machine received it (for a message: text, monotonic time, messageId and
 * the enrichment — intent, facts, bot health and the learned thresholds in force), and the owning
 * bot's reply in the same turn (null when no bot owns the contact or the bot gave no reply).
 */
export interface DecisionInput {
  event: MessageReceivedEvent | HumanTakeoverEvent | HumanReleaseEvent;
  reply: BotRepliedEvent | null;
}

const botName = z.enum(BOT_NAMES);
const target = z.enum(['buyer', 'seller']);
const factKey = z.enum(FACT_KEYS);

// Extra keys pass through: a newer classifier or health monitor may add fields the replay should keep.
const intentSchema = z
  .object({
    target: target.nullable(),
    goal: z.enum(['buy', 'sell', 'both']).nullable(),
    confidence: z.number(),
    pattern: z.string(),
    scores: z.object({ buyer: z.number(), seller: z.number() }),
    // The classifier owns the command vocabulary (domain/types IntentCommand); the journal checks it is a name.
    command: z.custom<IntentCommand>((value) => typeof value === 'string' && /^[a-z_]+$/.test(value), 'command must be a command name').nullable(),
  })
  .loose();

const botHealthSchema = z.object({ p95Ms: z.number(), errorRate: z.number(), samples: z.number(), slaMs: z.number() }).loose();

/** Facts are typed key by key by their producers (bots/extract*); the journal checks they are an object. */
const factsSchema = z.custom<Partial<Facts>>((value) => typeof value === 'object' && value !== null && !Array.isArray(value), 'facts must be an object');

const scoresSchema = z.object({ temperature: z.enum(['hot', 'warm', 'cold']), readiness: z.number(), motivation: z.number() });

const messageEventSchema = z.object({
  type: z.literal('MESSAGE_RECEIVED'),
  messageId: z.string(),
  text: z.string(),
  at: z.number(),
  intent: intentSchema,
  facts: factsSchema,
  health: z.object({ lead: botHealthSchema, buyer: botHealthSchema, seller: botHealthSchema }),
  thresholds: z.partialRecord(routeThresholdsSchema.keyof(), z.number()),
});

const takeoverEventSchema = z.object({ type: z.literal('HUMAN_TAKEOVER'), at: z.number(), by: z.string() });
const releaseEventSchema = z.object({ type: z.literal('HUMAN_RELEASE'), at: z.number(), by: z.string(), bot: botName });

const replySchema = z.object({
  type: z.literal('BOT_REPLIED'),
  at: z.number(),
  bot: botName,
  text: z.string(),
  asks: z.array(factKey),
  scores: scoresSchema,
});

export const decisionInputSchema: z.ZodType<DecisionInput> = z
  .object({
    event: z.discriminatedUnion('type', [messageEventSchema, takeoverEventSchema, releaseEventSchema]),
    reply: replySchema.nullable(),
  })
  .meta({ id: 'DecisionInput', description: 'The event the decision was computed from (with its enrichment) and the bot reply of the same turn' });

/** The `input` a journal entry records for `event` (a BOT_REPLIED event never owns an entry: it rides on its message's). */
export function recordedInput(event: ConversationEvent, reply: BotRepliedEvent | null): { input: DecisionInput } | Record<string, never> {
  return event.type === 'BOT_REPLIED' ? {} : { input: { event, reply } };
}
