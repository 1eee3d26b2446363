// Merges the partial reports of replay workers (each replayed a shard of the contacts) into one report, in single-thread order.
import { emptyReport } from './report';
import type { CountDelta, EscalationDelta, ReplayReport } from './types';

function addCounts<K extends string>(into: Partial<Record<K, number>>, from: Partial<Record<K, number>>): void {
  for (const key of Object.keys(from) as K[]) into[key] = (into[key] ?? 0) + (from[key] ?? 0);
}

function addDelta(into: CountDelta, from: CountDelta): void {
  into.total += from.total;
  into.firstChanges += from.firstChanges;
  addCounts(into.byRoute, from.byRoute);
  addCounts(into.byPattern, from.byPattern);
}

function addEscalations(into: EscalationDelta, from: EscalationDelta): void {
  into.total += from.total;
  into.firstChanges += from.firstChanges;
  addCounts(into.byReason, from.byReason);
}

const byContact = (a: { contactId: string }, b: { contactId: string }): number => (a.contactId < b.contactId ? -1 : a.contactId > b.contactId ? 1 : 0);

/** `speed` is the caller's: workers overlap in time and share one process's CPU clock. */
export function mergeReports(parts: readonly ReplayReport[], settings: ReplayReport['settings'], speed: ReplayReport['speed']): ReplayReport {
  const merged = emptyReport(settings, speed);
  for (const part of parts) {
    merged.conversations += part.conversations;
    merged.replayed += part.replayed;
    merged.adminEvents += part.adminEvents;
    merged.warmup += part.warmup;
    merged.reconstructed += part.reconstructed;
    merged.unreplayable.push(...part.unreplayable);
    merged.changed += part.changed;
    merged.detailsChanged += part.detailsChanged;
    merged.handoffs.recorded += part.handoffs.recorded;
    merged.handoffs.replayed += part.handoffs.replayed;
    addDelta(merged.handoffs.gained, part.handoffs.gained);
    addDelta(merged.handoffs.lost, part.handoffs.lost);
    merged.escalations.recorded += part.escalations.recorded;
    merged.escalations.replayed += part.escalations.replayed;
    addEscalations(merged.escalations.gained, part.escalations.gained);
    addEscalations(merged.escalations.lost, part.escalations.lost);
    addCounts(merged.blocks.recorded, part.blocks.recorded);
    addCounts(merged.blocks.replayed, part.blocks.replayed);
    merged.changes.push(...part.changes);
  }
  merged.unreplayable.sort(byContact);
  merged.changes.sort((a, b) => byContact(a, b) || a.version - b.version);
  return merged;
}
