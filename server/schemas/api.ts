// Schemas of the admin API's inputs and answers; inputs are parsed with them, /openapi.json is built from them.
import { z } from 'zod';
import { BOT_NAMES, FACT_KEYS } from '../../domain/types';
import { decisionSchema } from '../../domain/decision';
import { conversationPolicySchema } from '../../domain/policy';
import { contactIdSchema } from './ghl';
import { decisionInputSchema } from '../../services/store/journal-input';

export { decisionSchema };

export const errorBodySchema = z
  .object({ error: z.object({ code: z.string(), message: z.string() }) })
  .meta({ id: 'Error', description: 'Every error answer' });

export const contactParamsSchema = z.object({ id: contactIdSchema });

export const journalQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

export const takeoverBodySchema = z
  .object({ by: z.string().min(1).max(128).default('admin') })
  .meta({ id: 'TakeoverRequest', description: 'Who takes the contact over (a user name or id)' });

export const releaseBodySchema = z
  .object({ bot: z.enum(BOT_NAMES) })
  .meta({ id: 'ReleaseRequest', description: 'The bot that gets the contact back; the handoff chain is reset' });

const botName = z.enum(BOT_NAMES);

export const contactViewSchema = z
  .object({
    contactId: z.string(),
    version: z.number().int(),
    machineVersion: z.number().int(),
    state: z.string(),
    stateValue: z.unknown(),
    bot: botName.nullable(),
    chainDepth: z.number().int(),
    handoffs: z.array(z.object({ from: botName, to: botName, at: z.number(), pattern: z.string(), confidence: z.number() })),
    decision: decisionSchema.nullable(),
    context: z.unknown(),
  })
  .meta({ id: 'ContactView' });

export const journalSchema = z
  .object({
    contactId: z.string(),
    entries: z.array(
      z.object({
        version: z.number().int(),
        messageId: z.string().nullable(),
        decision: decisionSchema,
        stateValue: z.unknown(),
        input: decisionInputSchema.optional().meta({ description: 'What the decision was computed from, as `baton replay` re-runs it; absent on entries written before it was kept' }),
      }),
    ),
  })
  .meta({ id: 'Journal', description: 'Decisions, newest first, each with the input it was computed from (`baton replay`, `baton export`)' });

export const messagesSchema = z
  .object({
    contactId: z.string(),
    messages: z.array(
      z.object({
        direction: z.enum(['inbound', 'outbound']),
        text: z.string(),
        at: z.number(),
        bot: botName.nullable(),
        asks: z.array(z.enum(FACT_KEYS)),
      }),
    ),
  })
  .meta({ id: 'Transcript', description: 'Oldest first; `asks` names the facts an outbound message asks for' });

export const failedEffectsSchema = z
  .object({
    contactId: z.string(),
    effects: z.array(z.object({ effect: z.unknown(), attempts: z.number().int(), status: z.literal('failed'), lastError: z.string().nullable() })),
  })
  .meta({ id: 'FailedEffects', description: 'Outbox effects that could not be delivered' });

export const botsHealthSchema = z
  .object({
    bots: z.record(
      botName,
      z.object({
        p95Ms: z.number().meta({ description: 'P95 latency over the window, every host merged (lower edge of its 3-significant-digit class)' }),
        errorRate: z.number().meta({ description: 'failed, timed-out and refused (re-ask) turns / all turns' }),
        samples: z.number(),
        slaMs: z.number(),
        healthy: z.boolean().meta({ description: 'false when P95 >= p95Factor x SLA or errorRate >= maxErrorRate, with at least minSamples: handoffs to the bot defer' }),
      }),
    ),
  })
  .meta({ id: 'BotsHealth', description: 'Bot health as every host sees it (shared through Redis), with the health guard’s verdict' });

export const patternSchema = z
  .object({
    route: z.string(),
    pattern: z.string(),
    outcomes: z.number().int().meta({ description: 'settled handoff outcomes counted (the sample size)' }),
    successes: z.number().int(),
    successRate: z.number(),
    routeDefault: z.number(),
    threshold: z.number(),
    learned: z.boolean().meta({ description: 'false while there are too few outcomes to move the route default' }),
  })
  .meta({ id: 'LearnedPattern' });
export const policyAnswerSchema = z
  .object({ policy: conversationPolicySchema })
  .meta({ id: 'Policy', description: 'The conversation policy in force: the defaults with POLICY_FILE merged over them' });

export const patternsSchema = z.object({ patterns: z.array(patternSchema) }).meta({ id: 'Patterns' });

export const webhookAnswerSchema = z
  .union([
    z.object({ contactId: z.string(), version: z.number().int(), state: z.string(), bot: botName.nullable(), decision: decisionSchema }),
    z.object({ contactId: z.string(), duplicate: z.literal(true) }),
    z.object({ ignored: z.literal(true), type: z.string(), reason: z.string() }),
    z.object({ contactId: z.string(), erased: z.literal(true) }),
    z.object({ contactId: z.string(), takenOverBy: z.string(), state: z.string(), version: z.number().int() }).meta({ description: 'OutboundMessage from a GoHighLevel user: the contact is taken over' }),
  ])
  .meta({ id: 'WebhookAnswer' });

export const healthSchema = z.object({ status: z.literal('ok') }).meta({ id: 'Health' });
export const readySchema = z.object({ status: z.literal('ready'), store: z.string() }).meta({ id: 'Ready' });
