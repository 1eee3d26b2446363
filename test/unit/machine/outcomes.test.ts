// Handoff outcomes for pattern learning: judged on the contact's next message, at the chain window and timeout boundaries.
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../../domain/policy';
import { DAY_MS } from '../../../domain/time';
import type { Decision, DecisionKind } from '../../../domain/types';
import { initialContext, type ConversationContext } from '../../../machines/context';
import { settleOutcome } from '../../../machines/outcomes';
import { T0 } from '../../support/attempts';

const WINDOW = DEFAULT_POLICY.chainWindowMs;
const TIMEOUT = DAY_MS;
const pending: NonNullable<ConversationContext['pendingOutcome']> = { route: 'lead>buyer', pattern: 'buy.want_to_buy', at: T0 };
const before: ConversationContext = { ...initialContext('c-1'), pendingOutcome: pending };

function next(kind: DecisionKind, afterMs: number, messageId: string | null = 'm-2'): Decision {
  return { kind, reason: 'handoff', decidedBy: 'all', from: 'buyer', to: 'seller', at: T0 + afterMs, messageId, details: {} };
}

const settle = (decision: Decision, context: ConversationContext = before) => settleOutcome(context, decision, WINDOW, TIMEOUT)?.outcome ?? null;

describe('settleOutcome', () => {
  it('judges nothing when no handoff is pending, and nothing on an event that is not a message (no messageId)', () => {
    expect(settleOutcome(initialContext('c-1'), next('stay', 1_000), WINDOW, TIMEOUT)).toBeNull();
    expect(settleOutcome(before, next('stay', 1_000, null), WINDOW, TIMEOUT)).toBeNull();
  });

  it('names the pending handoff\'s route and pattern in the outcome', () => {
    expect(settleOutcome(before, next('stay', 1_000), WINDOW, TIMEOUT)).toEqual({ route: 'lead>buyer', pattern: 'buy.want_to_buy', outcome: 'successful' });
  });

  it('counts leaving the new bot again within the chain window as reverted, and from the window on as successful', () => {
    expect(settle(next('handoff', WINDOW - 1))).toBe('reverted');
    expect(settle(next('handoff', WINDOW))).toBe('successful');
  });

  it('counts an escalation or an opt-out on the next message as failed', () => {
    expect(settle(next('escalate', 1_000))).toBe('failed');
    expect(settle(next('opt_out', 1_000))).toBe('failed');
  });

  it('counts staying, being deferred or silenced as successful: the contact kept talking to the bot it was handed to', () => {
    for (const kind of ['stay', 'defer', 'silent', 'opt_in'] as const) expect(settle(next(kind, 1_000)), kind).toBe('successful');
  });

  it('times out a reply that comes more than 24 h later, whatever it decided, and not one at exactly 24 h', () => {
    expect(settle(next('escalate', TIMEOUT + 1))).toBe('timeout');
    expect(settle(next('handoff', TIMEOUT + 1))).toBe('timeout');
    expect(settle(next('escalate', TIMEOUT))).toBe('failed');
    expect(settle(next('stay', TIMEOUT))).toBe('successful');
  });
});
