// Percentiles and a one-line report for the benchmarks.
export function percentile(sorted: Float64Array | readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
  return sorted[index] ?? 0;
}

export function summarize(label: string, samplesMs: Float64Array): string {
  const sorted = Float64Array.from(samplesMs).sort();
  const mean = sorted.reduce((sum, value) => sum + value, 0) / sorted.length;
  const fmt = (ms: number) => `${ms.toFixed(4)} ms`;
  return `${label}: n=${sorted.length} mean=${fmt(mean)} p50=${fmt(percentile(sorted, 0.5))} p99=${fmt(percentile(sorted, 0.99))} max=${fmt(sorted[sorted.length - 1] ?? 0)}`;
}
