// Bot health: latency and errors of each bot's turns over a sliding window, reported against the bot's SLA.
import { DEFAULT_POLICY } from '../../domain/policy';
import type { BotHealth, BotName, HealthReport } from '../../domain/types';

export interface BotHealthMonitor {
  record(bot: BotName, sample: { at: number; latencyMs: number; ok: boolean }): void;
  report(at: number): HealthReport;
}

export interface HealthMonitorOptions {
  windowMs?: number;
  /** P95 targets per bot (the published system's: lead 1.5 s, buyer and seller 1.8 s). */
  slaMs?: Record<BotName, number>;
  /** Samples kept per bot at most (oldest dropped first). */
  maxSamples?: number;
  /**
   * A report is reused for this long (ms of event time): over a one-hour window a second-old P95 is
   * as good as a fresh one, and recomputing it per message cost more than the whole decision.
   */
  reportCacheMs?: number;
}


interface Sample {
  at: number;
  latencyMs: number;
  ok: boolean;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? 0;
}

export function createHealthMonitor(options: HealthMonitorOptions = {}): BotHealthMonitor {
  const windowMs = options.windowMs ?? DEFAULT_POLICY.health.windowMs;
  const slaMs = options.slaMs ?? DEFAULT_POLICY.health.slaMs;
  const maxSamples = options.maxSamples ?? 2000;
  const reportCacheMs = options.reportCacheMs ?? 1000;
  const samples: Record<BotName, Sample[]> = { lead: [], buyer: [], seller: [] };
  let cached: { at: number; report: HealthReport } | null = null;

  function health(bot: BotName, at: number): BotHealth {
    const recent = samples[bot].filter((sample) => at - sample.at < windowMs);
    const errors = recent.filter((sample) => !sample.ok).length;
    const latencies = recent.map((sample) => sample.latencyMs).sort((a, b) => a - b);
    return {
      p95Ms: percentile(latencies, 0.95),
      errorRate: recent.length === 0 ? 0 : errors / recent.length,
      samples: recent.length,
      slaMs: slaMs[bot],
    };
  }

  return {
    record(bot, sample) {
      const list = samples[bot];
      list.push(sample);
      if (list.length > maxSamples) list.splice(0, list.length - maxSamples);
    },
    report(at) {
      if (cached !== null && at >= cached.at && at - cached.at < reportCacheMs) return cached.report;
      const report = { lead: health('lead', at), buyer: health('buyer', at), seller: health('seller', at) };
      cached = { at, report };
      return report;
    },
  };
}
