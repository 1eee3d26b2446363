// The one Decision schema: what the engine decided for one event, the guard that decided and its inputs.
import { z } from 'zod';

export const DECISION_KINDS = ['handoff', 'stay', 'defer', 'escalate', 'opt_out', 'opt_in', 'silent', 'takeover', 'release', 'help'] as const;

export const DECISION_REASONS = [
  'handoff',
  'next_goal',
  'no_intent',
  'same_bot',
  'below_threshold',
  'depth_limit',
  'rate_hour',
  'rate_day',
  'cooldown',
  'target_unhealthy',
  'human_requested',
  'opted_out',
  'opted_in',
  'help_requested',
  'silenced',
  'human_takeover',
  'human_release',
] as const;

/** The guard (or the pre-guard rule) that decided, for "why did it not hand off?". */
export const DECIDERS = ['confidence', 'depth', 'rate', 'cooldown', 'health', 'command', 'intent', 'state', 'admin', 'all'] as const;

export const PLACES = ['lead', 'buyer', 'seller', 'escalated', 'optedOut'] as const;

export const decisionDetailsSchema = z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]));

export const decisionSchema = z
  .object({
    kind: z.enum(DECISION_KINDS),
    reason: z.enum(DECISION_REASONS),
    decidedBy: z.enum(DECIDERS),
    from: z.enum(PLACES),
    to: z.enum(PLACES),
    at: z.number(),
    messageId: z.string().nullable(),
    details: decisionDetailsSchema,
  })
  .meta({ id: 'Decision', description: 'What the engine decided for one event, the guard that decided and its inputs' });

export type Decision = z.infer<typeof decisionSchema>;
export type DecisionKind = Decision['kind'];
export type DecisionReason = Decision['reason'];
export type DecidedBy = Decision['decidedBy'];
export type Place = Decision['from'];
