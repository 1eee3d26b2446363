// Each handoff guard's input against its limit for one message (the time-travel view): all five evaluated, the first failing one marked as deciding.
import type { ConversationPolicy } from '../../domain/policy';
import { GUARD_ORDER, type GuardName, type HandoffAttempt } from '../../guards';

export interface GuardRow {
  guard: GuardName;
  pass: boolean;
  /** The first guard to fail decides (GUARD_ORDER); the ones after it were not consulted by the machine. */
  decided: boolean;
  /** What was measured, e.g. "confidence", "handoffs in the last hour". */
  measure: string;
  /** The measured value (null: nothing to measure, e.g. no earlier handoff on the pair). */
  input: number | null;
  /** The guard passes when `input <comparison> limit`. */
  comparison: '>=' | '<';
  limit: number;
  unit: 'ratio' | 'count' | 'ms';
  /** For cooldown: how long until it would pass (0 when it passes). */
  remainingMs: number | null;
  details: Record<string, string | number | boolean | null>;
}

const num = (value: unknown): number | null => (typeof value === 'number' ? value : null);

function row(name: GuardName, details: GuardRow['details'], policy: ConversationPolicy): Omit<GuardRow, 'pass' | 'decided' | 'details'> {
  switch (name) {
    case 'confidence':
      return { guard: name, measure: 'confidence', input: num(details['confidence']), comparison: '>=', limit: num(details['threshold']) ?? 0, unit: 'ratio', remainingMs: null };
    case 'depth':
      return { guard: name, measure: 'handoff chain length', input: num(details['chainLength']), comparison: '<', limit: policy.maxChainDepth, unit: 'count', remainingMs: null };
    case 'rate':
      return { guard: name, measure: 'handoffs in the last hour', input: num(details['lastHour']), comparison: '<', limit: policy.maxPerHour, unit: 'count', remainingMs: null };
    case 'cooldown': {
      // The pair's cooldown unless only the settle time (any handoff within settleMs) holds it back.
      const sinceAny = num(details['sinceAnyMs']);
      const settle = details['scope'] === 'settle' && sinceAny !== null && sinceAny < policy.settleMs;
      const since = num(settle ? details['sinceAnyMs'] : details['sinceMs']);
      const limit = settle ? policy.settleMs : policy.cooldownMs;
      return {
        guard: name,
        measure: settle ? 'time since the last handoff' : 'time since the same pair',
        input: since,
        comparison: '>=',
        limit,
        unit: 'ms',
        remainingMs: since === null ? 0 : Math.max(0, limit - since),
      };
    }
    case 'health':
      return {
        guard: name,
        measure: `${String(details['target'])} bot P95`,
        input: num(details['p95Ms']),
        comparison: '<',
        limit: policy.health.p95Factor * (num(details['slaMs']) ?? 0),
        unit: 'ms',
        remainingMs: null,
      };
  }
}

export function guardRows(attempt: HandoffAttempt, policy: ConversationPolicy): GuardRow[] {
  let decided = false;
  return GUARD_ORDER.map(([name, guard]) => {
    const verdict = guard(attempt, policy);
    const decides = !verdict.pass && !decided;
    if (decides) decided = true;
    return { ...row(name, verdict.details, policy), pass: verdict.pass, decided: decides, details: verdict.details };
  });
}
