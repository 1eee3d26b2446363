// Bot health: each bot call's latency and outcome in a bucketed rolling window, reported per bot against its SLA.
import { DEFAULT_POLICY, type HealthRules } from '../../domain/policy';
import type { BotName, HealthReport } from '../../domain/types';
import { botIsHealthy } from '../../guards/health';
import { bucketMsFor, createMemorySampleStore, type HealthSampleStore } from './samples';
import { summarise, type HealthSample } from './window';

export interface BotHealthMonitor {
  /** Records one call; resolves once stored (callers on the hot path do not wait for it). */
  record(bot: BotName, sample: HealthSample): Promise<void>;
  /** The figures every host sees (the same Redis buckets), at most `reportCacheMs` old. */
  report(at: number): Promise<HealthReport>;
}

export interface HealthMonitorOptions {
  rules?: HealthRules;
  /** Where samples live; in memory (this process only) by default. */
  samples?: HealthSampleStore;
  /**
   * A report is reused for this long (ms of clock time): over a 5-minute window a second-old P95 is
   * as good as a fresh one, and reading 90 Redis buckets per message would cost more than the decision.
   */
  reportCacheMs?: number;
  /** The shared window could not be read (Redis down): the last report stands (none yet: no samples, so healthy). */
  onReadError?: (error: unknown) => void;
}

export const DEFAULT_REPORT_CACHE_MS = 1_000;

/** One bot's figures as GET /v1/bots/health and /metrics show them. */
export interface BotHealthView {
  p95Ms: number;
  errorRate: number;
  samples: number;
  slaMs: number;
  healthy: boolean;
}

export function createHealthMonitor(options: HealthMonitorOptions = {}): BotHealthMonitor {
  const rules = options.rules ?? DEFAULT_POLICY.health;
  const samples = options.samples ?? createMemorySampleStore({ windowMs: rules.windowMs, bucketMs: bucketMsFor(rules.windowMs) });
  const reportCacheMs = options.reportCacheMs ?? DEFAULT_REPORT_CACHE_MS;
  let cached: { at: number; report: HealthReport } | null = null;
  /** The read under way: callers in its time span share it instead of each reading every bucket again. */
  let reading: { at: number; report: Promise<HealthReport> } | null = null;
  // A report serves any time within reportCacheMs of the one it was read for, on either side: concurrent
  // messages carry times a few ms out of order, and each one older than the cached report read it all again.
  const serves = (from: { at: number }, at: number) => Math.abs(at - from.at) < reportCacheMs;

  async function read(at: number): Promise<HealthReport> {
    let buckets;
    try {
      buckets = await samples.read(at);
    } catch (error) {
      options.onReadError?.(error);
      if (cached !== null) return cached.report;
      buckets = { lead: [], buyer: [], seller: [] };
    }
    const report = {
      lead: summarise(buckets.lead, rules.slaMs.lead),
      buyer: summarise(buckets.buyer, rules.slaMs.buyer),
      seller: summarise(buckets.seller, rules.slaMs.seller),
    };
    cached = { at, report };
    return report;
  }

  return {
    record: (bot, sample) => samples.record(bot, sample),
    async report(at) {
      if (cached !== null && serves(cached, at)) return cached.report;
      if (reading !== null && serves(reading, at)) return reading.report;
      const started = { at, report: read(at) };
      reading = started;
      try {
        return await started.report;
      } finally {
        if (reading === started) reading = null;
      }
    },
  };
}

/** The report with each bot's verdict, judged exactly as the health guard judges a handoff target. */
export function healthView(report: HealthReport, rules: HealthRules): Record<BotName, BotHealthView> {
  const judged = (bot: BotName): BotHealthView => ({ ...report[bot], healthy: botIsHealthy(report[bot], rules) });
  return { lead: judged('lead'), buyer: judged('buyer'), seller: judged('seller') };
}
