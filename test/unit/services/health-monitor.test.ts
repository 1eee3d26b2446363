// The bot health monitor: P95 and error rate per bot over a sliding window, against the bot's SLA.
import { describe, expect, it } from 'vitest';
import { createHealthMonitor } from '../../../services/health/monitor';

const T = 1_800_000_000_000;

describe('bot health monitor', () => {
  it('reports P95 latency, error rate and sample count per bot over the window, with its SLA', () => {
    const monitor = createHealthMonitor({ reportCacheMs: 0 });
    for (let i = 1; i <= 100; i += 1) monitor.record('buyer', { at: T + i, latencyMs: i * 10, ok: i % 10 !== 0 });
    const report = monitor.report(T + 200);
    expect(report.buyer).toEqual({ p95Ms: 950, errorRate: 0.1, samples: 100, slaMs: 1800 });
    expect(report.seller).toEqual({ p95Ms: 0, errorRate: 0, samples: 0, slaMs: 1800 });
  });

  it('forgets samples older than the window', () => {
    const monitor = createHealthMonitor({ windowMs: 60_000, reportCacheMs: 0 });
    monitor.record('lead', { at: T, latencyMs: 5000, ok: false });
    expect(monitor.report(T + 59_999).lead.samples).toBe(1);
    expect(monitor.report(T + 60_000).lead).toMatchObject({ samples: 0, errorRate: 0 });
  });

  it('reuses a report for reportCacheMs, then sees new samples', () => {
    const monitor = createHealthMonitor({ reportCacheMs: 1000 });
    expect(monitor.report(T).seller.samples).toBe(0);
    monitor.record('seller', { at: T + 10, latencyMs: 100, ok: true });
    expect(monitor.report(T + 999).seller.samples).toBe(0);
    expect(monitor.report(T + 1000).seller.samples).toBe(1);
  });
});
