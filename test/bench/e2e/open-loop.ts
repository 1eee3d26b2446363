// The fixed-rate phases as a true open loop: request k is sent at k / rate seconds whether or not earlier ones were answered,
// and its latency runs from that scheduled time (a late send counts against the target, never hides its slowness).
// autocannon's `overallRate` is not one: each connection sends back to back until it has made its share of the second,
// then waits for the next second, so "500 msg/s" was a burst at saturation at the top of every second. loadtest's
// requests-per-second mode is an open loop but opens a socket per request in flight without bound, drops the requests still
// in flight when it stops (their backlog then runs into the next phase) and reports whole milliseconds; hence undici here.
import { Pool } from 'undici';
import { percentile } from '../stats';
import type { MessageSource, PhaseResult, PhaseSpec } from './load';

/** Sockets to the target at most; beyond them requests wait in the client, their wait counted in their latency. */
const MAX_CONNECTIONS = 256;
/** How long a phase waits for its last answers before the next phase starts. */
const DRAIN_TIMEOUT_MS = 60_000;

export async function runOpenLoopPhase(url: string, spec: PhaseSpec & { rate: number }, source: MessageSource): Promise<PhaseResult> {
  const pool = new Pool(url, { connections: MAX_CONNECTIONS, pipelining: 1 });
  const before = source.sent;
  const total = Math.max(1, Math.round(spec.rate * spec.durationS));
  const intervalMs = 1000 / spec.rate;
  const latenciesMs: number[] = [];
  const statusCounts: Record<string, number> = {};
  const count = (status: string) => {
    statusCounts[status] = (statusCounts[status] ?? 0) + 1;
  };
  const inFlight = new Set<Promise<void>>();
  let lastAnswerAt = 0;

  function send(scheduledAt: number): void {
    const request = pool
      .request({ path: '/webhooks/ghl', method: 'POST', headers: { 'content-type': 'application/json' }, body: source.next() })
      .then(async (response) => {
        await response.body.dump();
        lastAnswerAt = performance.now();
        count(String(response.statusCode));
        if (response.statusCode >= 200 && response.statusCode < 300) latenciesMs.push(lastAnswerAt - scheduledAt);
      })
      .catch(() => count('no_answer'))
      .finally(() => inFlight.delete(request));
    inFlight.add(request);
  }

  const started = performance.now();
  await new Promise<void>((done) => {
    let sent = 0;
    const tick = () => {
      // Every request whose time has come goes now (a timer fires late, never early): the schedule, not the timer, sets the rate.
      const due = Math.min(total, Math.floor((performance.now() - started) / intervalMs) + 1);
      for (; sent < due; sent += 1) send(started + sent * intervalMs);
      if (sent >= total) return done();
      setTimeout(tick, Math.max(0, started + sent * intervalMs - performance.now()));
    };
    tick();
  });
  let drainTimer: NodeJS.Timeout | undefined;
  await Promise.race([Promise.allSettled([...inFlight]), new Promise((resolve) => (drainTimer = setTimeout(resolve, DRAIN_TIMEOUT_MS)))]);
  clearTimeout(drainTimer);
  if (inFlight.size > 0) statusCounts['unanswered_after_drain'] = inFlight.size;
  await pool.destroy();

  const sorted = Float64Array.from(latenciesMs).sort();
  const ok = latenciesMs.length;
  // Answers per second over the time until the last one: a target that fell behind the schedule shows it here.
  const spanS = Math.max(spec.durationS, (lastAnswerAt - started) / 1000);
  return {
    phase: spec.name,
    rate: spec.rate,
    durationS: spec.durationS,
    sent: source.sent - before,
    ok,
    okPerS: ok / spanS,
    statusCounts,
    p50Ms: Math.round(percentile(sorted, 0.5) * 10) / 10,
    p99Ms: Math.round(percentile(sorted, 0.99) * 10) / 10,
    maxMs: Math.round((sorted[sorted.length - 1] ?? 0) * 10) / 10,
  };
}
