// Builders for handoff attempts and events used by the guard and machine tests.
import type { HandoffAttempt } from '../../guards/types';
import type { MessageReceivedEvent } from '../../machines/events';
import type { BotHealth, BotName, HandoffRecord, HandoffTarget, HealthReport, Intent, Route } from '../../domain/types';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const T0 = Date.UTC(2026, 10, 23, 9, 0, 0);

export const HEALTHY: BotHealth = { p95Ms: 400, errorRate: 0, samples: 100, slaMs: 1800 };
export const HEALTHY_REPORT: HealthReport = { lead: { ...HEALTHY, slaMs: 1500 }, buyer: HEALTHY, seller: HEALTHY };

export function intentFor(target: HandoffTarget | null, confidence: number, pattern = 'test.pattern'): Intent {
  return {
    target,
    goal: target === null ? null : target === 'buyer' ? 'buy' : 'sell',
    confidence: target === null ? 0 : confidence,
    pattern: target === null ? '' : pattern,
    scores: { buyer: target === 'buyer' ? confidence : 0, seller: target === 'seller' ? confidence : 0 },
    command: null,
  };
}

export function handoff(from: BotName, to: HandoffTarget, at: number): HandoffRecord {
  return { from, to, at, pattern: 'test.pattern', confidence: 0.9 };
}

export function attempt(overrides: Partial<HandoffAttempt> & { from?: BotName; to?: HandoffTarget } = {}): HandoffAttempt {
  const from = overrides.from ?? 'lead';
  const to = overrides.to ?? 'buyer';
  return {
    from,
    to,
    route: `${from}>${to}` as Route,
    at: T0,
    intent: intentFor(to, 0.9),
    thresholds: {},
    health: HEALTHY_REPORT,
    handoffs: [],
    chainResetAt: null,
    ...overrides,
  };
}

let counter = 0;
export function message(at: number, intent: Intent, overrides: Partial<MessageReceivedEvent> = {}): MessageReceivedEvent {
  counter += 1;
  return {
    type: 'MESSAGE_RECEIVED',
    messageId: `m-${counter}`,
    text: 'test message',
    at,
    intent,
    facts: {},
    health: HEALTHY_REPORT,
    thresholds: {},
    ...overrides,
  };
}
