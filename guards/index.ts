// The handoff guards in the order of DESIGN section 3; the first that fails decides.
import { confidenceGuard } from './confidence';
import { cooldownGuard } from './cooldown';
import { depthGuard } from './depth';
import { healthGuard } from './health';
import { rateGuard } from './rate';
import type { ConversationPolicy } from '../domain/policy';
import type { GuardVerdict, HandoffAttempt, HandoffGuard } from './types';

export type GuardName = 'confidence' | 'depth' | 'rate' | 'cooldown' | 'health';

export const GUARD_ORDER: ReadonlyArray<readonly [GuardName, HandoffGuard]> = [
  ['confidence', confidenceGuard],
  ['depth', depthGuard],
  ['rate', rateGuard],
  ['cooldown', cooldownGuard],
  ['health', healthGuard],
];

export type GuardOutcome = { pass: true; verdicts: Record<GuardName, GuardVerdict> } | { pass: false; failed: GuardName; verdict: GuardVerdict };

/** Runs the guards in order and stops at the first failure. */
export function evaluateHandoff(attempt: HandoffAttempt, policy: ConversationPolicy): GuardOutcome {
  const verdicts: Partial<Record<GuardName, GuardVerdict>> = {};
  for (const [name, guard] of GUARD_ORDER) {
    const verdict = guard(attempt, policy);
    if (!verdict.pass) return { pass: false, failed: name, verdict };
    verdicts[name] = verdict;
  }
  return { pass: true, verdicts: verdicts as Record<GuardName, GuardVerdict> };
}

export { confidenceGuard, cooldownGuard, depthGuard, healthGuard, rateGuard };
export { currentChainLength } from './chain';

export type { GuardVerdict, HandoffAttempt, HandoffGuard } from './types';
