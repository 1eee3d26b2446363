// Every handoff guard at its boundaries, each on both sides.
import { describe, expect, it } from 'vitest';
import { confidenceGuard, cooldownGuard, depthGuard, evaluateHandoff, healthGuard, rateGuard } from '../../../guards';
import { DEFAULT_POLICY } from '../../../domain/policy';
import type { BotName, HandoffTarget } from '../../../domain/types';
import { attempt, handoff, HEALTHY, HEALTHY_REPORT, HOUR, intentFor, MINUTE, T0 } from '../../support/attempts';

const policy = DEFAULT_POLICY;

describe('confidence guard', () => {
  const cases: Array<[BotName, HandoffTarget, number]> = [
    ['lead', 'buyer', 0.7],
    ['lead', 'seller', 0.7],
    ['buyer', 'seller', 0.8],
    ['seller', 'buyer', 0.6],
  ];
  it.each(cases)('%s→%s passes at exactly its threshold %s and fails 0.01 below', (from, to, threshold) => {
    expect(confidenceGuard(attempt({ from, to, intent: intentFor(to, threshold) }), policy).pass).toBe(true);
    const below = confidenceGuard(attempt({ from, to, intent: intentFor(to, threshold - 0.01) }), policy);
    expect(below.pass).toBe(false);
    expect(below.reason).toBe('below_threshold');
    expect(below.details['threshold']).toBe(threshold);
  });

  it('keeps lead→buyer at 0.69 and hands off at 0.70', () => {
    expect(confidenceGuard(attempt({ intent: intentFor('buyer', 0.69) }), policy).pass).toBe(false);
    expect(confidenceGuard(attempt({ intent: intentFor('buyer', 0.7) }), policy).pass).toBe(true);
  });

  it('uses a learned threshold for the pattern instead of the route default', () => {
    const learned = attempt({ intent: intentFor('buyer', 0.66), thresholds: { 'lead>buyer': 0.65 } });
    const verdict = confidenceGuard(learned, policy);
    expect(verdict.pass).toBe(true);
    expect(verdict.details['thresholdSource']).toBe('learned');
    expect(confidenceGuard(attempt({ intent: intentFor('buyer', 0.66) }), policy).pass).toBe(false);
  });
});

describe('depth guard', () => {
  it('blocks the handoff that would be the 4th in a chain, each within 30 min of the one before', () => {
    const handoffs = [handoff('lead', 'buyer', T0), handoff('buyer', 'seller', T0 + 29 * MINUTE), handoff('seller', 'buyer', T0 + 58 * MINUTE)];
    const verdict = depthGuard(attempt({ from: 'buyer', to: 'seller', handoffs, at: T0 + 87 * MINUTE }), policy);
    expect(verdict.pass).toBe(false);
    expect(verdict.reason).toBe('depth_limit');
    expect(verdict.details['chainLength']).toBe(3);
  });

  it('lets a 4th handoff through after a 30-minute gap: the chain starts again', () => {
    const handoffs = [handoff('lead', 'buyer', T0), handoff('buyer', 'seller', T0 + 29 * MINUTE), handoff('seller', 'buyer', T0 + 58 * MINUTE)];
    const verdict = depthGuard(attempt({ from: 'buyer', to: 'seller', handoffs, at: T0 + 88 * MINUTE }), policy);
    expect(verdict.pass).toBe(true);
    expect(verdict.details['chainLength']).toBe(0);
  });

  it('does not count handoffs before a human release toward the chain', () => {
    const handoffs = [handoff('lead', 'buyer', T0), handoff('buyer', 'seller', T0 + MINUTE), handoff('seller', 'buyer', T0 + 2 * MINUTE)];
    const at = T0 + 3 * MINUTE;
    expect(depthGuard(attempt({ from: 'buyer', to: 'seller', handoffs, at }), policy).pass).toBe(false);
    expect(depthGuard(attempt({ from: 'buyer', to: 'seller', handoffs, at, chainResetAt: T0 + 2 * MINUTE }), policy).pass).toBe(true);
  });
});

describe('rate guard', () => {
  it('passes the 3rd handoff within an hour and blocks the 4th (rate_hour)', () => {
    const two = [handoff('lead', 'buyer', T0), handoff('buyer', 'seller', T0 + 10 * MINUTE)];
    expect(rateGuard(attempt({ handoffs: two, at: T0 + 20 * MINUTE }), policy).pass).toBe(true);
    const three = [...two, handoff('seller', 'buyer', T0 + 20 * MINUTE)];
    const verdict = rateGuard(attempt({ handoffs: three, at: T0 + 59 * MINUTE }), policy);
    expect(verdict.pass).toBe(false);
    expect(verdict.reason).toBe('rate_hour');
  });

  it('slides: the oldest handoff leaves the hour window at exactly 60:00', () => {
    const three = [handoff('lead', 'buyer', T0), handoff('buyer', 'seller', T0 + 10 * MINUTE), handoff('seller', 'buyer', T0 + 20 * MINUTE)];
    expect(rateGuard(attempt({ handoffs: three, at: T0 + HOUR - 1 }), policy).pass).toBe(false);
    expect(rateGuard(attempt({ handoffs: three, at: T0 + HOUR }), policy).pass).toBe(true);
  });

  it('passes the 10th handoff within 24 h and blocks the 11th (rate_day)', () => {
    const nine = Array.from({ length: 9 }, (_, i) => handoff(i % 2 === 0 ? 'buyer' : 'seller', i % 2 === 0 ? 'seller' : 'buyer', T0 + i * 2 * HOUR));
    expect(rateGuard(attempt({ handoffs: nine, at: T0 + 18 * HOUR }), policy).pass).toBe(true);
    const ten = [...nine, handoff('lead', 'buyer', T0 + 18 * HOUR)];
    const verdict = rateGuard(attempt({ handoffs: ten, at: T0 + 20 * HOUR }), policy);
    expect(verdict.pass).toBe(false);
    expect(verdict.reason).toBe('rate_day');
    expect(verdict.details['lastDay']).toBe(10);
  });
});

describe('cooldown guard', () => {
  const previous = [handoff('buyer', 'seller', T0)];
  it('blocks the same pair at 29:59 and passes it at 30:00', () => {
    const early = cooldownGuard(attempt({ from: 'buyer', to: 'seller', handoffs: previous, at: T0 + 30 * MINUTE - 1000 }), policy);
    expect(early.pass).toBe(false);
    expect(early.reason).toBe('cooldown');
    expect(cooldownGuard(attempt({ from: 'buyer', to: 'seller', handoffs: previous, at: T0 + 30 * MINUTE }), policy).pass).toBe(true);
  });

  it('blocks any handoff within a minute of the previous one (two racing messages), and passes at 1:00', () => {
    const early = cooldownGuard(attempt({ from: 'seller', to: 'buyer', handoffs: previous, at: T0 + MINUTE - 1 }), policy);
    expect(early.pass).toBe(false);
    expect(early.details['scope']).toBe('settle');
    expect(cooldownGuard(attempt({ from: 'seller', to: 'buyer', handoffs: previous, at: T0 + MINUTE }), policy).pass).toBe(true);
  });

  it('does not block the reverse pair', () => {
    expect(cooldownGuard(attempt({ from: 'seller', to: 'buyer', handoffs: previous, at: T0 + MINUTE }), policy).pass).toBe(true);
  });
});

describe('health guard', () => {
  const unhealthy = (p95Ms: number, errorRate: number, samples = 100) => ({ ...HEALTHY_REPORT, buyer: { ...HEALTHY, p95Ms, errorRate, samples } });
  it('defers while the target P95 is at or over 120 % of its SLA, and passes just under', () => {
    const slow = healthGuard(attempt({ health: unhealthy(1.3 * 1800, 0) }), policy);
    expect(slow.pass).toBe(false);
    expect(slow.reason).toBe('target_unhealthy');
    expect(healthGuard(attempt({ health: unhealthy(1.2 * 1800, 0) }), policy).pass).toBe(false);
    expect(healthGuard(attempt({ health: unhealthy(1.2 * 1800 - 1, 0) }), policy).pass).toBe(true);
  });

  it('defers at a 10 % error rate and passes at 9.9 %', () => {
    expect(healthGuard(attempt({ health: unhealthy(100, 0.1) }), policy).pass).toBe(false);
    expect(healthGuard(attempt({ health: unhealthy(100, 0.099) }), policy).pass).toBe(true);
  });

  it('treats a bot with too few samples as healthy (one error does not block it for an hour)', () => {
    expect(healthGuard(attempt({ health: unhealthy(100, 1, policy.health.minSamples - 1) }), policy).pass).toBe(true);
    expect(healthGuard(attempt({ health: unhealthy(100, 1, policy.health.minSamples) }), policy).pass).toBe(false);
  });
});

describe('guard order', () => {
  it('reports the first failing guard in the order confidence, depth, rate, cooldown, health', () => {
    const handoffs = [handoff('lead', 'buyer', T0), handoff('buyer', 'seller', T0 + MINUTE), handoff('seller', 'buyer', T0 + 2 * MINUTE)];
    const sick = { ...HEALTHY_REPORT, seller: { ...HEALTHY, errorRate: 1 } };
    const everything = attempt({ from: 'buyer', to: 'seller', handoffs, at: T0 + 3 * MINUTE, health: sick, intent: intentFor('seller', 0.5) });
    const failed = (a: typeof everything) => {
      const outcome = evaluateHandoff(a, policy);
      return outcome.pass ? 'pass' : outcome.failed;
    };
    expect(failed(everything)).toBe('confidence');
    const confident = { ...everything, intent: intentFor('seller', 0.95) };
    expect(failed(confident)).toBe('depth');
    const shallow = { ...confident, at: T0 + 33 * MINUTE };
    expect(failed(shallow)).toBe('rate');
    const slow = { ...shallow, handoffs: [handoff('buyer', 'seller', T0)], at: T0 + MINUTE };
    expect(failed(slow)).toBe('cooldown');
    expect(failed({ ...slow, handoffs: [] })).toBe('health');
    expect(failed({ ...slow, handoffs: [], health: HEALTHY_REPORT })).toBe('pass');
  });
});
