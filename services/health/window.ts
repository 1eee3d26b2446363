// Bucketed rolling window for bot health: per time bucket a call count, an error count and a latency histogram.
import type { BotHealth } from '../../domain/types';

/** One time bucket of one bot: calls, errors, and calls per latency edge (see latencyEdge). */
export interface HealthBucket {
  calls: number;
  errors: number;
  /** Lower edge of a latency class (ms) → calls in it. */
  histogram: Map<number, number>;
}

export interface HealthSample {
  at: number;
  latencyMs: number;
  ok: boolean;
}

/**
 * The latency class of a call: its latency rounded down to three significant digits (1799 → 1790,
 * 1800 → 1800, 84.7 → 84). Fixed edges make histograms from every host mergeable by plain addition,
 * and the error is under 1 %. P95 is reported as the lower edge of its class, so a threshold that is
 * itself an edge (1.2 × 1500 = 1800, 1.2 × 1800 = 2160) is judged exactly: P95 ≥ 1800 iff the 95th
 * percentile call took at least 1800 ms.
 */
export function latencyEdge(latencyMs: number): number {
  const ms = Math.max(0, Math.floor(latencyMs));
  if (ms < 1000) return ms;
  const step = 10 ** (String(ms).length - 3);
  return Math.floor(ms / step) * step;
}

/** The start of the bucket a time falls in. */
export function bucketStart(at: number, bucketMs: number): number {
  return Math.floor(at / bucketMs) * bucketMs;
}

/** Bucket starts whose buckets overlap (at − windowMs, at], newest first. */
export function bucketsInWindow(at: number, windowMs: number, bucketMs: number): number[] {
  const newest = bucketStart(at, bucketMs);
  const starts: number[] = [];
  for (let start = newest; start > at - windowMs - bucketMs && start + bucketMs > at - windowMs; start -= bucketMs) starts.push(start);
  return starts;
}

export function emptyBucket(): HealthBucket {
  return { calls: 0, errors: 0, histogram: new Map() };
}

export function addSample(bucket: HealthBucket, sample: HealthSample): void {
  bucket.calls += 1;
  if (!sample.ok) bucket.errors += 1;
  const edge = latencyEdge(sample.latencyMs);
  bucket.histogram.set(edge, (bucket.histogram.get(edge) ?? 0) + 1);
}

/** Merges buckets (from one host or many) into one bot's figures against its SLA. */
export function summarise(buckets: readonly HealthBucket[], slaMs: number): BotHealth {
  let calls = 0;
  let errors = 0;
  const merged = new Map<number, number>();
  for (const bucket of buckets) {
    calls += bucket.calls;
    errors += bucket.errors;
    for (const [edge, count] of bucket.histogram) merged.set(edge, (merged.get(edge) ?? 0) + count);
  }
  return { p95Ms: percentileEdge(merged, 0.95), errorRate: calls === 0 ? 0 : errors / calls, samples: calls, slaMs };
}

/** The nearest-rank percentile over a histogram: the edge of the class holding the ⌈p·n⌉-th call. */
export function percentileEdge(histogram: ReadonlyMap<number, number>, p: number): number {
  const total = [...histogram.values()].reduce((sum, count) => sum + count, 0);
  if (total === 0) return 0;
  const rank = Math.max(1, Math.ceil(p * total));
  let seen = 0;
  for (const edge of [...histogram.keys()].sort((a, b) => a - b)) {
    seen += histogram.get(edge) ?? 0;
    if (seen >= rank) return edge;
  }
  return 0;
}
