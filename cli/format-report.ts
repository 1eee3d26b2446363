// The replay report as text for a terminal: totals, handoffs and escalations gained/lost, blocks per guard, each changed decision.
import type { CountDelta, DecisionBrief, EscalationDelta, ReplayReport } from '../services/replay/types';

const n = (value: number): string => value.toLocaleString('en-US');

function entries(record: Record<string, number | undefined>): Array<[string, number]> {
  return Object.entries(record)
    .flatMap(([key, value]) => (value === undefined ? [] : [[key, value] as [string, number]]))
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
}

function deltaLines(label: string, delta: CountDelta): string[] {
  if (delta.total === 0) return [`  ${label}: none`];
  const lines = [`  ${label}: ${n(delta.total)} (${n(delta.firstChanges)} first changes, ${n(delta.total - delta.firstChanges)} knock-on)`];
  for (const [route, count] of entries(delta.byRoute)) lines.push(`    route   ${route.padEnd(14)} ${n(count)}`);
  for (const [pattern, count] of entries(delta.byPattern)) lines.push(`    pattern ${pattern.padEnd(30)} ${n(count)}`);
  return lines;
}

function escalationLines(label: string, delta: EscalationDelta): string[] {
  if (delta.total === 0) return [`  ${label}: none`];
  return [`  ${label}: ${n(delta.total)} (${n(delta.firstChanges)} first changes)`, ...entries(delta.byReason).map(([reason, count]) => `    ${reason.padEnd(16)} ${n(count)}`)];
}

function decisionText(decision: DecisionBrief | null): string {
  if (decision === null) return 'no decision';
  const move = decision.from === decision.to ? decision.from : `${decision.from}→${decision.to}`;
  return `${decision.kind} ${move} (${decision.reason}${decision.scope === null ? '' : `/${decision.scope}`})`;
}

export function formatReport(report: ReplayReport, options: { maxChanges: number }): string {
  const { speed } = report;
  const lines = [
    `replayed ${n(report.conversations)} conversations, ${n(report.replayed)} messages and ${n(report.adminEvents)} admin events` +
      (report.warmup > 0 ? ` (+${n(report.warmup)} before --since, not compared)` : ''),
    `speed: ${n(speed.messagesPerSecond)} messages/s wall-clock, ${n(speed.messagesPerCpuSecond)} messages per CPU-second (replay ${speed.replaySeconds.toFixed(2)} s, ${speed.cpuSeconds.toFixed(2)} s CPU; loading ${speed.loadSeconds.toFixed(2)} s)`,
    `settings: ${Object.keys(report.settings).length === 0 ? 'as recorded' : Object.entries(report.settings).map(([key, value]) => `${key}=${String(value)}`).join(', ')}`,
  ];
  if (report.reconstructed > 0) {
    lines.push(`rebuilt from the transcript: ${n(report.reconstructed)} events (journaled before inputs were kept: intent re-read by the current classifier, bots taken as healthy)`);
  }
  for (const { contactId, reason } of report.unreplayable) lines.push(`not replayable: ${contactId}: ${reason}`);
  lines.push(
    `decisions changed: ${n(report.changed)} (same outcome, other figures: ${n(report.detailsChanged)})`,
    `handoffs: recorded ${n(report.handoffs.recorded)}, replayed ${n(report.handoffs.replayed)}`,
    ...deltaLines('gained', report.handoffs.gained),
    ...deltaLines('lost', report.handoffs.lost),
    `escalations: recorded ${n(report.escalations.recorded)}, replayed ${n(report.escalations.replayed)}`,
    ...escalationLines('gained', report.escalations.gained),
    ...escalationLines('lost', report.escalations.lost),
    'blocks per guard: recorded → replayed',
  );
  const guards = [...new Set([...Object.keys(report.blocks.recorded), ...Object.keys(report.blocks.replayed)])].sort();
  for (const guard of guards) lines.push(`  ${guard.padEnd(11)} ${n(report.blocks.recorded[guard] ?? 0)} → ${n(report.blocks.replayed[guard] ?? 0)}`);
  if (report.changes.length > 0) lines.push('changed decisions (contact v# message: recorded → replayed):');
  for (const change of report.changes.slice(0, options.maxChanges)) {
    const text = change.text === null ? '' : ` "${change.text.length > 60 ? `${change.text.slice(0, 57)}...` : change.text}"`;
    const flags = [change.cause, ...(change.reconstructed ? ['rebuilt'] : [])].join(', ');
    lines.push(`  ${change.contactId} v${change.version}${text}: ${decisionText(change.recorded)} → ${decisionText(change.replayed)} [${flags}]`);
  }
  if (report.changes.length > options.maxChanges) lines.push(`  ... ${n(report.changes.length - options.maxChanges)} more (--max-changes, or --json for all)`);
  return lines.join('\n');
}
