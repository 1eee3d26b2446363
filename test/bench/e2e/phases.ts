// Runs the fixed-rate and saturation phases against one target, with the target's CPU time and the load average around each.
import { loadavg } from 'node:os';
import { processCpuMs } from './proc-cpu';
import { runPhase, type MessageSource, type PhaseResult, type PhaseSpec, type RateDriver } from './load';
import { runOpenLoopPhase } from './open-loop';

export interface PhaseRow extends PhaseResult {
  target: string;
  /** Target process CPU (user + system) per 2xx answer over the phase and its deliveries' drain, ms; null without /proc. */
  cpuMsPerMessage: number | null;
  /** 1-minute load average when the phase started and when it ended. */
  loadBefore: number;
  loadAfter: number;
}

export interface Target {
  name: string;
  url: string;
  pid: number;
  /** Resolves once work left over from the last phase (effect deliveries) is done, so phases do not overlap. */
  settle?: () => Promise<void>;
}

export function phaseSpecs(durationS: number, rates: readonly number[], driver: RateDriver): PhaseSpec[] {
  // A fixed rate runs as an open loop (open-loop.ts: `connections` unused, loadtest opens what it needs) unless the driver is
  // autocannon's per-second bursts (how runs before 2026-12-04 17:30 UTC measured them); saturation is 50 connections back to back.
  const rated = rates.map((rate) => ({ name: `${rate}/s`, rate, durationS, connections: Math.max(20, Math.ceil(rate / 10)), driver }));
  return [...rated, { name: 'saturation', rate: null, durationS, connections: 50, driver }];
}

export async function runPhases(target: Target, specs: readonly PhaseSpec[], source: MessageSource, log: (line: string) => void): Promise<PhaseRow[]> {
  const rows: PhaseRow[] = [];
  for (const spec of specs) {
    await target.settle?.();
    const loadBefore = loadavg()[0] ?? 0;
    const cpuBefore = processCpuMs(target.pid);
    const result = spec.rate === null || spec.driver === 'autocannon' ? await runPhase(target.url, spec, source) : await runOpenLoopPhase(target.url, { ...spec, rate: spec.rate }, source);
    // The phase's deliveries finish after its last answer (at saturation they fall behind): their CPU is the phase's too,
    // so it is read once the local GoHighLevel has been quiet for a second (about 1 % of a core of idle CPU comes with it).
    await target.settle?.();
    const cpuAfter = processCpuMs(target.pid);
    const cpuMsPerMessage = cpuBefore === null || cpuAfter === null || result.ok === 0 ? null : (cpuAfter - cpuBefore) / result.ok;
    const row: PhaseRow = { target: target.name, ...result, cpuMsPerMessage, loadBefore, loadAfter: loadavg()[0] ?? 0 };
    rows.push(row);
    log(
      `${target.name} ${spec.name}: ${Math.round(row.okPerS)} msg/s ok, p50 ${row.p50Ms} ms, p99 ${row.p99Ms} ms, cpu ${row.cpuMsPerMessage?.toFixed(3) ?? '?'} ms/msg, statuses ${JSON.stringify(row.statusCounts)}, load ${row.loadBefore.toFixed(2)}→${row.loadAfter.toFixed(2)}`,
    );
  }
  return rows;
}

/** Waits until `count` stops moving for `quietMs` (bounded by `maxMs`): the deliveries of the last phase are done. */
export async function waitQuiet(count: () => number, quietMs = 1_000, maxMs = 30_000): Promise<{ waitedMs: number; quiet: boolean }> {
  const started = Date.now();
  let last = count();
  let lastChange = Date.now();
  while (Date.now() - started < maxMs) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const now = count();
    if (now !== last) {
      last = now;
      lastChange = Date.now();
    } else if (Date.now() - lastChange >= quietMs) {
      return { waitedMs: Date.now() - started, quiet: true };
    }
  }
  return { waitedMs: Date.now() - started, quiet: false };
}
