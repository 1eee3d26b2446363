// GoHighLevel's rate-limit headers become a pause, and the in-memory budget keeps a location within its burst and day.
import { describe, expect, it } from 'vitest';
import { createMemoryRateBudget } from '../../../services/ghl/rate-budget';
import { pauseFromHeaders } from '../../../services/ghl/rate-headers';

const NOW = Date.UTC(2026, 11, 4, 23, 0, 0);
const headers = (values: Record<string, string>) => new Headers(values);

describe("GoHighLevel's rate-limit headers", () => {
  it('pause for Retry-After, the rest of the day when the daily budget is spent, one interval when the burst is spent, else not at all', () => {
    expect(pauseFromHeaders(headers({ 'retry-after': '3' }), 429, NOW, 10_000)).toBe(3_000);
    expect(pauseFromHeaders(headers({ 'x-ratelimit-daily-remaining': '0', 'x-ratelimit-remaining': '50' }), 200, NOW, 10_000)).toBe(3_600_000);
    expect(pauseFromHeaders(headers({ 'x-ratelimit-remaining': '0', 'x-ratelimit-interval-milliseconds': '10000' }), 200, NOW, 10_000)).toBe(10_000);
    expect(pauseFromHeaders(headers({}), 429, NOW, 10_000)).toBe(10_000);
    expect(pauseFromHeaders(headers({ 'x-ratelimit-remaining': '99', 'x-ratelimit-daily-remaining': '199999' }), 200, NOW, 10_000)).toBeNull();
  });
});

describe('the per-location budget (in memory)', () => {
  it('grants the burst, then says how long until the oldest request leaves the interval, per location', async () => {
    const budget = createMemoryRateBudget({ max: 3, intervalMs: 1_000, daily: 100 });
    for (let i = 0; i < 3; i += 1) expect(await budget.take('A', NOW + i)).toBe(0);
    expect(await budget.take('A', NOW + 10)).toBe(990);
    expect(await budget.take('B', NOW + 10)).toBe(0);
    expect(await budget.take('A', NOW + 1_000)).toBe(0);
  });

  it('stops a location for the rest of the UTC day once its daily budget is spent, and honours a pause', async () => {
    const budget = createMemoryRateBudget({ max: 100, intervalMs: 1_000, daily: 2 });
    expect(await budget.take('A', NOW)).toBe(0);
    expect(await budget.take('A', NOW + 1)).toBe(0);
    expect(await budget.take('A', NOW + 2)).toBe(3_600_000 - 2);
    await budget.pause('B', NOW + 5_000);
    expect(await budget.take('B', NOW)).toBe(5_000);
  });
});
