// The what-if settings of a replay: a base policy (--policy FILE or POLICY_FILE) with flag overrides on top, validated like POLICY_FILE.
import { policyFrom, type ConversationPolicy } from '../../domain/policy';
import type { Route, ThresholdOverrides } from '../../domain/types';

export interface ReplayOverrides {
  /** Route thresholds in force for every pattern: they replace the route default and any learned threshold on that route. */
  thresholds?: Partial<Record<Route, number>>;
  cooldownMs?: number;
  maxPerHour?: number;
  maxPerDay?: number;
  maxChainDepth?: number;
}

/** The policy the replay runs with; throws a ZodError naming the bad value (e.g. a threshold above 1). */
export function replayPolicy(base: ConversationPolicy, overrides: ReplayOverrides): ConversationPolicy {
  return policyFrom({
    ...base,
    thresholds: { ...base.thresholds, ...overrides.thresholds },
    ...(overrides.cooldownMs === undefined ? {} : { cooldownMs: overrides.cooldownMs }),
    ...(overrides.maxPerHour === undefined ? {} : { maxPerHour: overrides.maxPerHour }),
    ...(overrides.maxPerDay === undefined ? {} : { maxPerDay: overrides.maxPerDay }),
    ...(overrides.maxChainDepth === undefined ? {} : { maxChainDepth: overrides.maxChainDepth }),
  });
}

/** The recorded learned thresholds minus the routes a --threshold sets outright. */
export function withoutOverridden(recorded: ThresholdOverrides, overridden: readonly Route[]): ThresholdOverrides {
  if (overridden.length === 0) return recorded;
  const kept: ThresholdOverrides = { ...recorded };
  for (const route of overridden) delete kept[route];
  return kept;
}

/** What the report prints under "settings": only what differs from the base. */
export function describeOverrides(overrides: ReplayOverrides, extra: Record<string, string | number | boolean>): Record<string, string | number | boolean> {
  const described: Record<string, string | number | boolean> = { ...extra };
  for (const [route, value] of Object.entries(overrides.thresholds ?? {})) described[`threshold ${route}`] = value;
  if (overrides.cooldownMs !== undefined) described['cooldownMs'] = overrides.cooldownMs;
  if (overrides.maxPerHour !== undefined) described['maxPerHour'] = overrides.maxPerHour;
  if (overrides.maxPerDay !== undefined) described['maxPerDay'] = overrides.maxPerDay;
  if (overrides.maxChainDepth !== undefined) described['maxChainDepth'] = overrides.maxChainDepth;
  return described;
}
