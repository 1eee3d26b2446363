// The ConversationPolicy: every number the conversation obeys, with its default, in one place; POLICY_FILE overrides it.
import { z } from 'zod';
import { DAY_MS, HOUR_MS, MINUTE_MS } from './time';

const probability = z.number().min(0).max(1);
const durationMs = z.number().int().min(0);
const count = z.number().int().min(0);
const positiveCount = z.number().int().min(1);

export const routeThresholdsSchema = z.strictObject({
  'lead>buyer': probability.default(0.7),
  'lead>seller': probability.default(0.7),
  'buyer>seller': probability.default(0.8),
  'seller>buyer': probability.default(0.6),
});

/** How a pattern's threshold is learned from the outcomes of the handoffs it triggered. */
export const learningRulesSchema = z.strictObject({
  /** Outcomes a (route, pattern) needs before its threshold moves. */
  minOutcomes: positiveCount.default(10),
  /** Success rate above this lowers the threshold by `lowerBy`. */
  successAbove: probability.default(0.8),
  lowerBy: probability.default(0.05),
  /** Success rate below this raises the threshold by `raiseBy`. */
  successBelow: probability.default(0.5),
  raiseBy: probability.default(0.1),
  /** A learned threshold never leaves [floor, ceiling]. */
  floor: probability.default(0.5),
  ceiling: probability.default(0.95),
});

export const healthRulesSchema = z.strictObject({
  /** P95 targets per bot (the published system's: lead 1.5 s, buyer and seller 1.8 s). */
  slaMs: z
    .strictObject({ lead: durationMs.default(1_500), buyer: durationMs.default(1_800), seller: durationMs.default(1_800) })
    .prefault({}),
  /** A target is unhealthy when P95 ≥ p95Factor × SLA or error rate ≥ maxErrorRate... */
  p95Factor: z.number().positive().default(1.2),
  maxErrorRate: probability.default(0.1),
  /** ...but only once it has at least this many samples (the seed had none: one error blocked a bot). */
  minSamples: count.default(20),
  /** The rolling window the figures are measured over. */
  windowMs: durationMs.default(5 * MINUTE_MS),
});

/**
 * How much of a contact's history is kept (the oldest goes first), by count and by age, so a contact's
 * keys stay bounded however long it talks. The snapshot itself holds no log (`asked` is a set,
 * `handoffs` the last 24 h).
 */
export const retentionSchema = z.strictObject({
  journalEntries: positiveCount.default(500),
  transcriptEntries: positiveCount.default(1_000),
  /** Journal and transcript entries older than this, measured back from the contact's newest message, are dropped. */
  historyMaxAgeMs: durationMs.default(180 * DAY_MS),
  /** A processed messageId is remembered this long: longer than any GoHighLevel redelivery horizon. */
  processedIdsMs: durationMs.default(7 * DAY_MS),
});

export const conversationPolicySchema = z.strictObject({
  /** Confidence a route needs when no threshold was learned for the message's pattern. */
  thresholds: routeThresholdsSchema.prefault({}),
  learning: learningRulesSchema.prefault({}),
  /** No second handoff on the same source→target pair within this. */
  cooldownMs: durationMs.default(30 * MINUTE_MS),
  /** No handoff at all this soon after the previous one (racing messages; the contact has not read the new bot yet). */
  settleMs: durationMs.default(MINUTE_MS),
  /** A chain is a run of handoffs each less than this apart. */
  chainWindowMs: durationMs.default(30 * MINUTE_MS),
  /** A handoff that would make the chain this long escalates instead. */
  maxChainDepth: positiveCount.default(3),
  /** Successful handoffs allowed per sliding hour / day, per contact. */
  maxPerHour: positiveCount.default(3),
  maxPerDay: positiveCount.default(10),
  health: healthRulesSchema.prefault({}),
  /** Lifetime of a context package. */
  packageTtlMs: durationMs.default(24 * HOUR_MS),
  retention: retentionSchema.prefault({}),
});

export type ConversationPolicy = z.infer<typeof conversationPolicySchema>;
export type LearningRules = ConversationPolicy['learning'];
export type HealthRules = ConversationPolicy['health'];
export type RetentionRules = ConversationPolicy['retention'];

/** Every default, and nothing else: the policy in force when no POLICY_FILE is given. */
export const DEFAULT_POLICY: ConversationPolicy = conversationPolicySchema.parse({});

/**
 * A POLICY_FILE: a subset of the policy (every key optional); unknown keys are refused at every level (a typo must not be silently ignored).
 * Parsing it with the full schema fills every missing number with its default.
 */
export const policyOverrideSchema = conversationPolicySchema;

/** Parses a partial policy (already JSON-decoded) into a whole one; throws a ZodError that names the bad path. */
export function policyFrom(partial: unknown): ConversationPolicy {
  return policyOverrideSchema.parse(partial);
}
