// The bot health monitor: P95 and error rate per bot over a bucketed rolling window, against the bot's SLA.
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../../domain/policy';
import { createHealthMonitor, healthView } from '../../../services/health/monitor';
import { createMemorySampleStore } from '../../../services/health/samples';
import { latencyEdge } from '../../../services/health/window';

const T = 1_800_000_000_000;
const RULES = DEFAULT_POLICY.health;

describe('bot health monitor', () => {
  it('reports P95 latency, error rate and sample count per bot over the window, with its SLA', async () => {
    const monitor = createHealthMonitor({ reportCacheMs: 0 });
    for (let i = 1; i <= 100; i += 1) await monitor.record('buyer', { at: T + i, latencyMs: i * 10, ok: i % 10 !== 0 });
    const report = await monitor.report(T + 200);
    expect(report.buyer).toEqual({ p95Ms: 950, errorRate: 0.1, samples: 100, slaMs: 1800 });
    expect(report.seller).toEqual({ p95Ms: 0, errorRate: 0, samples: 0, slaMs: 1800 });
  });

  it('forgets buckets older than the window', async () => {
    const rules = { ...RULES, windowMs: 60_000 };
    const monitor = createHealthMonitor({ rules, samples: createMemorySampleStore({ windowMs: 60_000, bucketMs: 1_000 }), reportCacheMs: 0 });
    await monitor.record('lead', { at: T, latencyMs: 5000, ok: false });
    expect((await monitor.report(T + 59_999)).lead.samples).toBe(1);
    expect((await monitor.report(T + 61_000)).lead).toMatchObject({ samples: 0, errorRate: 0 });
  });

  it('reuses a report for reportCacheMs, then sees new samples', async () => {
    const monitor = createHealthMonitor({ reportCacheMs: 1000 });
    expect((await monitor.report(T)).seller.samples).toBe(0);
    await monitor.record('seller', { at: T + 10, latencyMs: 100, ok: true });
    expect((await monitor.report(T + 999)).seller.samples).toBe(0);
    expect((await monitor.report(T + 1000)).seller.samples).toBe(1);
  });

  it('serves a time just before the cached report from it too, and concurrent reports share one read of the buckets', async () => {
    const inner = createMemorySampleStore({ windowMs: RULES.windowMs, bucketMs: 10_000 });
    let reads = 0;
    const samples = {
      ...inner,
      read(at: number) {
        reads += 1;
        return inner.read(at);
      },
    };
    const monitor = createHealthMonitor({ samples, reportCacheMs: 1000 });
    await Promise.all([monitor.report(T), monitor.report(T + 3), monitor.report(T - 2)]);
    expect(reads).toBe(1);
    await monitor.report(T - 999);
    expect(reads).toBe(1);
    await Promise.all([monitor.report(T - 1000), monitor.report(T + 1000)]);
    expect(reads).toBe(3);
  });

  it('keeps latency classes to three significant digits, so the 120 % threshold of each default SLA is a class edge', () => {
    expect([latencyEdge(84.7), latencyEdge(999), latencyEdge(1799), latencyEdge(1800), latencyEdge(2159), latencyEdge(2160), latencyEdge(12_345)]).toEqual([
      84, 999, 1790, 1800, 2150, 2160, 12_300,
    ]);
    for (const sla of Object.values(RULES.slaMs)) expect(latencyEdge(RULES.p95Factor * sla)).toBe(RULES.p95Factor * sla);
  });

  it('judges a bot unhealthy at exactly 120 % of its SLA and at exactly 10 % errors, healthy just below either', async () => {
    const judge = async (latencyMs: number, errors: number, calls = 20) => {
      const monitor = createHealthMonitor({ reportCacheMs: 0 });
      for (let i = 0; i < calls; i += 1) await monitor.record('lead', { at: T + i, latencyMs, ok: i >= errors });
      return healthView(await monitor.report(T + calls), RULES).lead;
    };
    expect(await judge(1800, 0)).toMatchObject({ p95Ms: 1800, healthy: false });
    expect(await judge(1799, 0)).toMatchObject({ p95Ms: 1790, healthy: true });
    expect(await judge(100, 2)).toMatchObject({ errorRate: 0.1, healthy: false });
    expect(await judge(100, 2, 21)).toMatchObject({ healthy: true });
    expect(await judge(5000, 19, 19)).toMatchObject({ samples: 19, healthy: true });
  });
});
