// The verdicts' recorded inputs and the guards' exact edges: the chain window, the release reset, rate windows, cooldown scopes, health limits.
import { describe, expect, it } from 'vitest';
import { confidenceGuard, cooldownGuard, currentChainLength, depthGuard, evaluateHandoff, healthGuard, rateGuard } from '../../../guards';
import { DEFAULT_POLICY, policyFrom } from '../../../domain/policy';
import { DAY_MS } from '../../../domain/time';
import { attempt, handoff, HEALTHY, HEALTHY_REPORT, HOUR, intentFor, MINUTE, T0 } from '../../support/attempts';

const policy = DEFAULT_POLICY;
const WINDOW = policy.chainWindowMs;

describe('confidence verdict', () => {
  it('records the confidence, the route threshold it met, where the threshold came from, the pattern and the route', () => {
    const verdict = confidenceGuard(attempt({ from: 'buyer', to: 'seller', intent: intentFor('seller', 0.85, 'sell.listing') }), policy);
    expect(verdict).toEqual({
      pass: true,
      reason: 'below_threshold',
      details: { confidence: 0.85, threshold: 0.8, thresholdSource: 'route', pattern: 'sell.listing', route: 'buyer>seller' },
    });
  });

  it('absorbs floating-point noise up to and including a billionth below the threshold, but not two billionths', () => {
    expect(confidenceGuard(attempt({ intent: intentFor('buyer', 0.7 - 1e-10) }), policy).pass).toBe(true);
    expect(confidenceGuard(attempt({ intent: intentFor('buyer', 0.7 - 1e-9) }), policy).pass).toBe(true);
    expect(confidenceGuard(attempt({ intent: intentFor('buyer', 0.7 - 2e-9) }), policy).pass).toBe(false);
  });

  it('reads the learned threshold of the attempted route only, not another route\'s', () => {
    const verdict = confidenceGuard(attempt({ intent: intentFor('buyer', 0.62), thresholds: { 'lead>seller': 0.5 } }), policy);
    expect(verdict.pass).toBe(false);
    expect(verdict.details['thresholdSource']).toBe('route');
  });
});

describe('the handoff chain', () => {
  it('counts back from the attempt through handoffs each less than the window after the one before', () => {
    const handoffs = [handoff('lead', 'buyer', T0), handoff('buyer', 'seller', T0 + WINDOW - 1), handoff('seller', 'buyer', T0 + 2 * WINDOW - 2)];
    expect(currentChainLength(handoffs, T0 + 3 * WINDOW - 3, WINDOW, null)).toBe(3);
  });

  it('breaks at a gap of exactly the window, between handoffs or before the attempt', () => {
    const handoffs = [handoff('lead', 'buyer', T0), handoff('buyer', 'seller', T0 + WINDOW), handoff('seller', 'buyer', T0 + WINDOW + MINUTE)];
    expect(currentChainLength(handoffs, T0 + WINDOW + 2 * MINUTE, WINDOW, null)).toBe(2);
    expect(currentChainLength(handoffs, T0 + 2 * WINDOW + MINUTE, WINDOW, null)).toBe(0);
    expect(currentChainLength([], T0, WINDOW, null)).toBe(0);
  });

  it('stops at a human release: a handoff at or before chainResetAt does not count, one a millisecond after does', () => {
    const handoffs = [handoff('lead', 'buyer', T0), handoff('buyer', 'seller', T0 + MINUTE)];
    expect(currentChainLength(handoffs, T0 + 2 * MINUTE, WINDOW, T0 + MINUTE)).toBe(0);
    expect(currentChainLength(handoffs, T0 + 2 * MINUTE, WINDOW, T0 + MINUTE - 1)).toBe(1);
    expect(currentChainLength(handoffs, T0 + 2 * MINUTE, WINDOW, T0 - 1)).toBe(2);
  });

  it('records the chain length, the depth limit and the window in the depth verdict, and passes a chain one short of the limit', () => {
    const two = [handoff('lead', 'buyer', T0), handoff('buyer', 'seller', T0 + MINUTE)];
    expect(depthGuard(attempt({ from: 'seller', to: 'buyer', handoffs: two, at: T0 + 2 * MINUTE }), policy)).toEqual({
      pass: true,
      reason: 'depth_limit',
      details: { chainLength: 2, maxChainDepth: 3, chainWindowMs: WINDOW },
    });
  });
});

describe('rate verdict', () => {
  it('counts a handoff exactly 24 h old out of the day and one a millisecond younger in, and records both counts', () => {
    const handoffs = [handoff('lead', 'buyer', T0 - DAY_MS), handoff('buyer', 'seller', T0 - DAY_MS + 1), handoff('seller', 'buyer', T0 - HOUR + 1)];
    expect(rateGuard(attempt({ handoffs, at: T0 }), policy).details).toEqual({ lastHour: 1, lastDay: 2, maxPerHour: 3, maxPerDay: 10 });
  });

  it('names the hourly limit when both windows are full, and the daily one when only the day is', () => {
    const strict = policyFrom({ maxPerHour: 1, maxPerDay: 1 });
    expect(rateGuard(attempt({ handoffs: [handoff('lead', 'buyer', T0 - MINUTE)], at: T0 }), strict).reason).toBe('rate_hour');
    const dayOnly = rateGuard(attempt({ handoffs: [handoff('lead', 'buyer', T0 - 2 * HOUR)], at: T0 }), strict);
    expect(dayOnly.pass).toBe(false);
    expect(dayOnly.reason).toBe('rate_day');
  });
});

describe('cooldown verdict', () => {
  it('records no times when there was no handoff, and the pair scope is free', () => {
    expect(cooldownGuard(attempt({ at: T0 }), policy).details).toEqual({
      route: 'lead>buyer',
      scope: 'settle',
      sinceMs: null,
      cooldownMs: 30 * MINUTE,
      sinceAnyMs: null,
      settleMs: MINUTE,
    });
  });

  it('measures the pair from its latest use and the settle time from the latest handoff of any pair', () => {
    const handoffs = [handoff('lead', 'buyer', T0), handoff('buyer', 'seller', T0 + 10 * MINUTE), handoff('lead', 'buyer', T0 + 20 * MINUTE), handoff('seller', 'buyer', T0 + 40 * MINUTE)];
    const verdict = cooldownGuard(attempt({ handoffs, at: T0 + 45 * MINUTE }), policy);
    expect(verdict.pass).toBe(false);
    expect(verdict.details).toMatchObject({ scope: 'pair', sinceMs: 25 * MINUTE, sinceAnyMs: 5 * MINUTE });
  });

  it('tells the two routes out of lead apart: a lead→seller handoff does not cool lead→buyer down', () => {
    const verdict = cooldownGuard(attempt({ from: 'lead', to: 'buyer', handoffs: [handoff('lead', 'seller', T0)], at: T0 + 5 * MINUTE }), policy);
    expect(verdict.pass).toBe(true);
    expect(verdict.details['sinceMs']).toBeNull();
  });

  it('blocks on the pair scope even when the settle time has passed, and on the settle scope when only it has not', () => {
    const pairHot = cooldownGuard(attempt({ handoffs: [handoff('lead', 'buyer', T0)], at: T0 + 5 * MINUTE }), policy);
    expect(pairHot.pass).toBe(false);
    expect(pairHot.details['scope']).toBe('pair');
    const settling = cooldownGuard(attempt({ handoffs: [handoff('buyer', 'seller', T0)], at: T0 + 30 * 1000 }), policy);
    expect(settling.pass).toBe(false);
    expect(settling.details['scope']).toBe('settle');
  });
});

describe('health verdict', () => {
  const buyer = (overrides: Partial<typeof HEALTHY>) => ({ ...HEALTHY_REPORT, buyer: { ...HEALTHY, ...overrides } });

  it('records the target bot\'s figures and the minimum sample count, from the target\'s own report', () => {
    const health = { ...buyer({ p95Ms: 700, errorRate: 0.02, samples: 55 }), seller: { ...HEALTHY, errorRate: 1 } };
    expect(healthGuard(attempt({ to: 'buyer', health }), policy)).toEqual({
      pass: true,
      reason: 'target_unhealthy',
      details: { target: 'buyer', p95Ms: 700, slaMs: 1800, errorRate: 0.02, samples: 55, minSamples: 20 },
    });
  });

  it('scales the P95 limit with the target\'s own SLA', () => {
    expect(healthGuard(attempt({ health: buyer({ slaMs: 1000, p95Ms: 1199 }) }), policy).pass).toBe(true);
    expect(healthGuard(attempt({ health: buyer({ slaMs: 1000, p95Ms: 1200 }) }), policy).pass).toBe(false);
  });

  it('ignores a slow or failing bot below the minimum sample count, but not at it', () => {
    expect(healthGuard(attempt({ health: buyer({ p95Ms: 99_999, samples: 19 }) }), policy).pass).toBe(true);
    expect(healthGuard(attempt({ health: buyer({ p95Ms: 99_999, samples: 20 }) }), policy).pass).toBe(false);
  });
});

describe('evaluateHandoff', () => {
  it('returns every guard\'s verdict when all pass, and only the first failure otherwise', () => {
    const passing = evaluateHandoff(attempt({ at: T0 }), policy);
    expect(passing.pass).toBe(true);
    if (passing.pass) expect(Object.keys(passing.verdicts)).toEqual(['confidence', 'depth', 'rate', 'cooldown', 'health']);
    const failing = evaluateHandoff(attempt({ intent: intentFor('buyer', 0.1) }), policy);
    expect(failing).toMatchObject({ pass: false, failed: 'confidence', verdict: { pass: false, reason: 'below_threshold' } });
  });
});
