// Time travel's guard table: every guard's input against its limit, the first failing one marked as deciding, a cooldown's time left.
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../../domain/policy';
import { guardRows } from '../../../services/replay/guard-rows';
import { attempt, handoff, HEALTHY_REPORT, intentFor, T0 } from '../../support/attempts';

const MIN = 60_000;
const policy = DEFAULT_POLICY;

describe('guardRows', () => {
  it('lists the five guards in GUARD_ORDER, all passing, with confidence ≥ threshold and the others below their limits', () => {
    const rows = guardRows(attempt({ intent: intentFor('buyer', 0.9) }), policy);
    expect(rows.map((r) => r.guard)).toEqual(['confidence', 'depth', 'rate', 'cooldown', 'health']);
    expect(rows.every((r) => r.pass && !r.decided)).toBe(true);
    expect(rows[0]).toMatchObject({ input: 0.9, comparison: '>=', limit: policy.thresholds['lead>buyer'], unit: 'ratio' });
    expect(rows[1]).toMatchObject({ input: 0, comparison: '<', limit: policy.maxChainDepth, unit: 'count' });
    expect(rows[3]).toMatchObject({ input: null, limit: policy.cooldownMs, remainingMs: 0 });
  });

  it('marks the first failing guard as deciding and the time left on the same pair', () => {
    // lead→buyer 12 min ago: a second lead→buyer is on cooldown for 18 more minutes.
    const rows = guardRows(attempt({ at: T0 + 12 * MIN, handoffs: [handoff('lead', 'buyer', T0)] }), policy);
    const cooldown = rows.find((r) => r.guard === 'cooldown');
    expect(cooldown).toMatchObject({ pass: false, decided: true, measure: 'time since the same pair', input: 12 * MIN, limit: 30 * MIN, remainingMs: 18 * MIN });
    expect(rows.filter((r) => r.decided)).toHaveLength(1);
  });

  it('decides on the earliest failure when several guards fail, and compares P95 with factor × SLA', () => {
    const slow = { ...HEALTHY_REPORT, buyer: { p95Ms: 5_000, errorRate: 0, samples: 100, slaMs: 1_800 } };
    const rows = guardRows(attempt({ intent: intentFor('buyer', 0.5), health: slow }), policy);
    expect(rows.find((r) => r.decided)?.guard).toBe('confidence');
    const health = rows.find((r) => r.guard === 'health');
    expect(health).toMatchObject({ pass: false, decided: false, input: 5_000, comparison: '<', limit: policy.health.p95Factor * 1_800 });
  });
});
