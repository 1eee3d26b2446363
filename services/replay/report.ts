// Folds replayed conversations into the diff report: handoffs gained/lost per route and pattern, escalations, blocks per guard, changes.
import type { Decision, Route } from '../../domain/types';
import type { StepOutcome } from './conversation';
import type { CountDelta, DecisionBrief, EscalationDelta, ReplayReport } from './types';

const GUARDS = new Set(['confidence', 'depth', 'rate', 'cooldown', 'health']);

function brief(decision: Decision): DecisionBrief {
  const { details } = decision;
  return {
    kind: decision.kind,
    reason: decision.reason,
    decidedBy: decision.decidedBy,
    from: decision.from,
    to: decision.to,
    pattern: typeof details['pattern'] === 'string' ? details['pattern'] : null,
    confidence: typeof details['confidence'] === 'number' ? details['confidence'] : null,
    scope: typeof details['scope'] === 'string' ? details['scope'] : null,
  };
}

function handoffRoute(decision: Decision | null): Route | null {
  if (decision === null || decision.kind !== 'handoff') return null;
  return `${decision.from}>${decision.to}` as Route;
}

function patternOf(decision: Decision): string {
  const pattern = decision.details['pattern'];
  return typeof pattern === 'string' && pattern !== '' ? pattern : '(none)';
}

function blockingGuard(decision: Decision | null): string | null {
  if (decision === null || decision.kind === 'handoff' || !GUARDS.has(decision.decidedBy)) return null;
  return decision.decidedBy;
}

const emptyCount = (): CountDelta => ({ total: 0, firstChanges: 0, byRoute: {}, byPattern: {} });
const emptyEscalation = (): EscalationDelta => ({ total: 0, firstChanges: 0, byReason: {} });

/** A report of nothing replayed yet: what a builder starts from and a merge adds workers' parts to. */
export function emptyReport(settings: ReplayReport['settings'], speed: ReplayReport['speed']): ReplayReport {
  return {
    conversations: 0,
    replayed: 0,
    adminEvents: 0,
    warmup: 0,
    reconstructed: 0,
    unreplayable: [],
    changed: 0,
    detailsChanged: 0,
    handoffs: { recorded: 0, replayed: 0, gained: emptyCount(), lost: emptyCount() },
    escalations: { recorded: 0, replayed: 0, gained: emptyEscalation(), lost: emptyEscalation() },
    blocks: { recorded: {}, replayed: {} },
    changes: [],
    settings,
    speed,
  };
}

function bump<K extends string>(record: Partial<Record<K, number>>, key: K): void {
  record[key] = (record[key] ?? 0) + 1;
}

export function createReportBuilder(settings: Record<string, string | number | boolean>) {
  const report = emptyReport(settings, { replaySeconds: 0, cpuSeconds: 0, loadSeconds: 0, messagesPerSecond: 0, messagesPerCpuSecond: 0 });

  function countHandoff(delta: CountDelta, decision: Decision, route: Route, first: boolean): void {
    delta.total += 1;
    if (first) delta.firstChanges += 1;
    bump(delta.byRoute, route);
    bump(delta.byPattern, patternOf(decision));
  }

  function countEscalation(delta: EscalationDelta, decision: Decision, first: boolean): void {
    delta.total += 1;
    if (first) delta.firstChanges += 1;
    bump(delta.byReason, decision.reason);
  }

  function add(contactId: string, outcome: StepOutcome): void {
    if (outcome.warmup) {
      report.warmup += 1;
      return;
    }
    const recorded = outcome.entry.decision;
    const { replayed } = outcome;
    if (outcome.admin) report.adminEvents += 1;
    else report.replayed += 1;
    if (outcome.reconstructed) report.reconstructed += 1;
    const first = !outcome.knockOn;

    const recordedRoute = handoffRoute(recorded);
    const replayedRoute = handoffRoute(replayed);
    if (recordedRoute !== null) report.handoffs.recorded += 1;
    if (replayedRoute !== null) report.handoffs.replayed += 1;
    if (recordedRoute !== replayedRoute) {
      if (recordedRoute !== null) countHandoff(report.handoffs.lost, recorded, recordedRoute, first);
      if (replayedRoute !== null && replayed !== null) countHandoff(report.handoffs.gained, replayed, replayedRoute, first);
    }

    const recordedEscalates = recorded.kind === 'escalate';
    const replayedEscalates = replayed?.kind === 'escalate';
    if (recordedEscalates) report.escalations.recorded += 1;
    if (replayedEscalates) report.escalations.replayed += 1;
    const sameEscalation = recordedEscalates && replayedEscalates && recorded.reason === replayed.reason;
    if (!sameEscalation) {
      if (recordedEscalates) countEscalation(report.escalations.lost, recorded, first);
      if (replayedEscalates) countEscalation(report.escalations.gained, replayed, first);
    }

    const recordedGuard = blockingGuard(recorded);
    const replayedGuard = blockingGuard(replayed);
    if (recordedGuard !== null) bump(report.blocks.recorded, recordedGuard);
    if (replayedGuard !== null) bump(report.blocks.replayed, replayedGuard);

    if (outcome.detailsChanged) report.detailsChanged += 1;
    if (!outcome.changed) return;
    report.changed += 1;
    report.changes.push({
      contactId,
      messageId: outcome.entry.messageId,
      version: outcome.entry.version,
      at: recorded.at,
      text: outcome.text,
      cause: outcome.knockOn ? 'knock-on' : 'setting',
      reconstructed: outcome.reconstructed,
      recorded: brief(recorded),
      replayed: replayed === null ? null : brief(replayed),
    });
  }

  return {
    conversation(contactId: string, outcomes: readonly StepOutcome[]): void {
      report.conversations += 1;
      for (const outcome of outcomes) add(contactId, outcome);
    },
    unreplayable(contactId: string, reason: string): void {
      report.unreplayable.push({ contactId, reason });
    },
    finish(speed: { replaySeconds: number; cpuSeconds: number; loadSeconds: number }): ReplayReport {
      const messages = report.replayed + report.adminEvents + report.warmup;
      const rate = (seconds: number) => (seconds > 0 ? Math.round(messages / seconds) : 0);
      report.speed = { ...speed, messagesPerSecond: rate(speed.replaySeconds), messagesPerCpuSecond: rate(speed.cpuSeconds) };
      return report;
    },
  };
}
