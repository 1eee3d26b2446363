// The fixed-rate phases as a true open loop: loadtest's requests-per-second mode sends request k at k / rate seconds whether or not
// earlier ones were answered. autocannon's `overallRate` is not one: each connection sends back to back until it has made its share
// of the second, then waits for the next second, so a "500 msg/s" phase was a burst at saturation at the top of every second.
import { loadTest } from 'loadtest';
import { z } from 'zod';
import { percentile } from '../stats';
import type { MessageSource, PhaseResult, PhaseSpec } from './load';

/** What loadtest hands `statusCallback` per finished request: the status and the elapsed whole milliseconds (rounded down). */
const finishedRequestSchema = z.object({ statusCode: z.number().int(), requestElapsed: z.number() });

export async function runOpenLoopPhase(url: string, spec: PhaseSpec & { rate: number }, source: MessageSource): Promise<PhaseResult> {
  const before = source.sent;
  const elapsedMs: number[] = [];
  const statusCounts: Record<string, number> = {};
  const count = (status: string) => {
    statusCounts[status] = (statusCounts[status] ?? 0) + 1;
  };
  const started = performance.now();
  await new Promise<void>((resolve, reject) => {
    loadTest(
      {
        url: `${url}/webhooks/ghl`,
        method: 'POST',
        contentType: 'application/json',
        requestsPerSecond: spec.rate,
        maxSeconds: spec.durationS,
        agentKeepAlive: true,
        quiet: true,
        body: () => source.next(),
        statusCallback: (_error: unknown, result: unknown) => {
          const finished = finishedRequestSchema.safeParse(result);
          if (!finished.success) {
            count('no_answer');
            return;
          }
          count(String(finished.data.statusCode));
          // The bucket's upper edge: a latency loadtest reports as 9 ms was under 10 ms.
          if (finished.data.statusCode < 300) elapsedMs.push(finished.data.requestElapsed + 1);
        },
      },
      (error: unknown) => (error === null || error === undefined ? resolve() : reject(error instanceof Error ? error : new Error(String(error)))),
    );
  });
  const durationS = (performance.now() - started) / 1000;
  const sent = source.sent - before;
  const answered = Object.values(statusCounts).reduce((sum, n) => sum + n, 0);
  // Requests still in flight when the phase ended have no latency; they count as unanswered, never as fast.
  if (sent > answered) statusCounts['unanswered_at_end'] = sent - answered;
  const sorted = Float64Array.from(elapsedMs).sort();
  const ok = elapsedMs.length;
  return {
    phase: spec.name,
    rate: spec.rate,
    durationS: spec.durationS,
    sent,
    ok,
    okPerS: ok / Math.max(0.001, durationS),
    statusCounts,
    p50Ms: percentile(sorted, 0.5),
    p99Ms: percentile(sorted, 0.99),
    maxMs: sorted[sorted.length - 1] ?? 0,
  };
}
