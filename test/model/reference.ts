// An independent reference for the guard order: each guard of guards/ called on its own, first failure in DESIGN section 3's order.
import { confidenceGuard } from '../../guards/confidence';
import { cooldownGuard } from '../../guards/cooldown';
import { depthGuard } from '../../guards/depth';
import { healthGuard } from '../../guards/health';
import type { ConversationPolicy } from '../../domain/policy';
import { rateGuard } from '../../guards/rate';
import type { GuardVerdict, HandoffAttempt, HandoffGuard } from '../../guards/types';
import type { DecisionKind } from '../../domain/types';

export type ReferenceGuard = 'confidence' | 'depth' | 'rate' | 'cooldown' | 'health';

/** DESIGN section 3, written out here rather than read from guards/index.ts, so the two can be compared. */
export const DESIGN_ORDER: ReadonlyArray<readonly [ReferenceGuard, HandoffGuard]> = [
  ['confidence', confidenceGuard],
  ['depth', depthGuard],
  ['rate', rateGuard],
  ['cooldown', cooldownGuard],
  ['health', healthGuard],
];

export interface ReferenceOutcome {
  /** Every guard that fails on its own, in DESIGN order. */
  failing: ReferenceGuard[];
  /** The first of them and its verdict, or null when all pass. */
  first: { guard: ReferenceGuard; verdict: GuardVerdict } | null;
  kind: DecisionKind;
  /** Where the contact ends up: the target, the same bot, or escalated. */
  to: string;
}

export function referenceDecision(attempt: HandoffAttempt, policy: ConversationPolicy): ReferenceOutcome {
  const verdicts = DESIGN_ORDER.map(([name, guard]) => [name, guard(attempt, policy)] as const);
  const failing = verdicts.filter(([, verdict]) => !verdict.pass).map(([name]) => name);
  const firstEntry = verdicts.find(([, verdict]) => !verdict.pass);
  if (firstEntry === undefined) return { failing, first: null, kind: 'handoff', to: attempt.to };
  const [guard, verdict] = firstEntry;
  if (guard === 'depth') return { failing, first: { guard, verdict }, kind: 'escalate', to: 'escalated' };
  return { failing, first: { guard, verdict }, kind: guard === 'health' ? 'defer' : 'stay', to: attempt.from };
}
