// The bench's one result: the side-by-side markdown table (printed and written) and its JSON, under bench-results/.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RoundsResult } from '../decision-measure';
import type { PhaseRow } from './phases';
import type { ContactMemory } from './redis-memory';

export interface BenchReport {
  startedAt: string;
  node: string;
  cpus: number;
  contacts: number;
  phaseSeconds: number;
  decision: RoundsResult;
  classify: RoundsResult;
  rows: PhaseRow[];
  /** Effects delivered to the local GoHighLevel per Baton target, and whether delivery went quiet before the host stopped. */
  delivered: Record<string, { applied: number; refused: number; drained: boolean }>;
  memory: ContactMemory | null;
  loadAtEnd: number;
}

const ms = (value: number) => (value < 1 ? value.toFixed(4) : value.toFixed(1));
const cell = (row: PhaseRow | undefined, pick: (row: PhaseRow) => string) => (row === undefined ? '–' : pick(row));

function find(rows: readonly PhaseRow[], target: string, phase: string): PhaseRow | undefined {
  return rows.find((row) => row.target === target && row.phase === phase);
}

function statuses(row: PhaseRow): string {
  const other = Object.entries(row.statusCounts).filter(([status]) => !status.startsWith('2'));
  return other.length === 0 ? '' : ` (${other.map(([status, count]) => `${count}× ${status}`).join(', ')})`;
}

/**
 * The Redis host's CPU per message at saturation split by the columns that add one part each: the HTTP layer alone, then
 * the engine and Redis store (hot path − HTTP layer), then delivery (full host − hot path). Null unless all three ran.
 */
export function cpuSplit(rows: readonly PhaseRow[]): string | null {
  const cpu = (target: string) => find(rows, target, 'saturation')?.cpuMsPerMessage ?? null;
  const [http, hot, full] = [cpu('HTTP layer only'), cpu('redis, hot path only'), cpu('redis')];
  if (http === null || hot === null || full === null) return null;
  const part = (name: string, value: number) => `${name} ${value.toFixed(3)} ms (${((100 * value) / full).toFixed(0)} %)`;
  return `Redis host, CPU per message at saturation (${full.toFixed(3)} ms), by the columns that add one part each: ${[part('HTTP layer', http), part('engine and Redis store', hot - http), part('delivery', full - hot)].join(', ')}.`;
}

export function toMarkdown(report: BenchReport): string {
  const targets = [...new Set(report.rows.map((row) => row.target))];
  const phases = [...new Set(report.rows.map((row) => row.phase))];
  const floorSat = find(report.rows, 'floor', 'saturation')?.okPerS ?? null;
  const lines: string[] = [];
  lines.push(`# npm run bench — ${report.startedAt}`);
  lines.push('');
  lines.push(`node ${report.node}, ${report.cpus} cores, ${report.contacts.toLocaleString('en-US')} contacts, ${report.phaseSeconds} s per phase; load average (1 min) at the end: ${report.loadAtEnd.toFixed(2)}`);
  lines.push('');
  lines.push('| pure code | P50 | P99 |');
  lines.push('|---|---|---|');
  lines.push(`| decision (transition, all guards, context transfer) | ${ms(report.decision.p50Ms)} ms | ${ms(report.decision.p99Ms)} ms |`);
  lines.push(`| classification | ${ms(report.classify.p50Ms)} ms | ${ms(report.classify.p99Ms)} ms |`);
  lines.push('');
  lines.push(`| webhook | ${targets.join(' | ')} |`);
  lines.push(`|---|${targets.map(() => '---').join('|')}|`);
  for (const phase of phases) {
    lines.push(`| ${phase}: msg/s answered 2xx | ${targets.map((t) => cell(find(report.rows, t, phase), (r) => `${Math.round(r.okPerS)}${statuses(r)}`)).join(' | ')} |`);
    lines.push(`| ${phase}: P50 / P99 latency | ${targets.map((t) => cell(find(report.rows, t, phase), (r) => `${r.p50Ms} / ${r.p99Ms} ms`)).join(' | ')} |`);
    lines.push(`| ${phase}: CPU per message | ${targets.map((t) => cell(find(report.rows, t, phase), (r) => (r.cpuMsPerMessage === null ? '?' : `${r.cpuMsPerMessage.toFixed(3)} ms`))).join(' | ')} |`);
    lines.push(`| ${phase}: load average (start → end) | ${targets.map((t) => cell(find(report.rows, t, phase), (r) => `${r.loadBefore.toFixed(2)} → ${r.loadAfter.toFixed(2)}`)).join(' | ')} |`);
  }
  if (floorSat !== null) {
    lines.push(`| saturation / floor | ${targets.map((t) => cell(find(report.rows, t, 'saturation'), (r) => `${((100 * r.okPerS) / floorSat).toFixed(1)} %`)).join(' | ')} |`);
  }
  const split = cpuSplit(report.rows);
  if (split !== null) {
    lines.push('');
    lines.push(split);
  }
  const delivered = Object.entries(report.delivered);
  if (delivered.length > 0) {
    lines.push('');
    lines.push('| effects at the local GoHighLevel | delivered (2xx) | refused | drained before stop |');
    lines.push('|---|---|---|---|');
    for (const [target, d] of delivered) lines.push(`| ${target} | ${d.applied} | ${d.refused} | ${d.drained ? 'yes' : 'no'} |`);
  }
  if (report.memory !== null) {
    const m = report.memory;
    lines.push('');
    lines.push(
      `Redis memory per contact after a ${m.messagesEach}-message conversation (MEMORY USAGE over its keys, mean of ${m.contacts}): **${Math.round(m.bytesPerContact)} bytes** in ${m.keysPerContact.toFixed(1)} keys; one contact by key: ${Object.entries(m.byKind)
        .map(([kind, bytes]) => `${kind} ${bytes}`)
        .join(', ')}${m.pendingOutboxes > 0 ? ` (${m.pendingOutboxes} outboxes still pending)` : ''}.`,
    );
  }
  lines.push('');
  lines.push('A benchmark, not a test: figures move with the machine\'s load (other processes share these cores); the load generators (an open loop on undici, autocannon at saturation) run on the same cores as the hosts.');
  return `${lines.join('\n')}\n`;
}

/** Writes `<stamp>.json` and `<stamp>.md` plus `latest.*` under `dir`; returns the markdown. */
export function writeReport(dir: string, report: BenchReport): string {
  mkdirSync(dir, { recursive: true });
  const markdown = toMarkdown(report);
  const stamp = report.startedAt.replace(/[:.]/g, '-');
  const json = `${JSON.stringify(report, null, 2)}\n`;
  for (const name of [stamp, 'latest']) {
    writeFileSync(join(dir, `${name}.json`), json);
    writeFileSync(join(dir, `${name}.md`), markdown);
  }
  return markdown;
}
