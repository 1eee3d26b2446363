// Time travel: a contact as of one committed version — state, context, decision and each guard's input vs its limit — replayed from its journal.
import type { ConversationPolicy } from '../../domain/policy';
import type { BotName, Decision } from '../../domain/types';
import { attemptFor, nextGoalAttemptFor } from '../../machines/attempt';
import type { ConversationMachine } from '../../machines/conversation';
import type { ConversationEvent } from '../../machines/events';
import { createDecide } from '../engine/decide';
import { initialSnapshot, owningBot, type ConversationSnapshot } from '../engine/snapshot';
import { botOf, stateNameOf } from '../store/change';
import type { JournalEntry } from '../store/types';
import { guardRows, type GuardRow } from './guard-rows';

export interface VersionView {
  contactId: string;
  version: number;
  state: string;
  stateValue: unknown;
  bot: BotName | null;
  decision: Decision;
  /** The context after this version; null when the journal cannot be replayed up to it (trimmed, or entries without inputs). */
  context: unknown;
  /** The state before this version (the transition taken is `from` → `state`). */
  previousState: string | null;
  /** The event the decision was made on, as journaled (text, intent, health, thresholds…). */
  input: JournalEntry['input'] | null;
  /** Every handoff guard's input vs its limit; null when the message asked for no handoff or it could not be replayed. */
  guards: GuardRow[] | null;
  /** `replay`: context and guards recomputed from the journal's inputs; `journal`: the entry as recorded, without context. */
  source: 'replay' | 'journal';
  /** The replayed decision differs from the recorded one (the policy or machine changed since). */
  diverged: boolean;
  /** The versions the journal holds for this contact, oldest first (the slider's range). */
  versions: number[];
}

function attemptOf(before: ConversationSnapshot, event: ConversationEvent) {
  if (event.type !== 'MESSAGE_RECEIVED' || event.intent.command !== null) return null;
  const owner = owningBot(before);
  if (owner === null) return null;
  return attemptFor(before.context, event, owner) ?? (owner === 'seller' ? nextGoalAttemptFor(before.context, event) : null);
}

/** `journal` holds a contact's entries (any order). Null when `version` is not among them. */
export function versionView(machine: ConversationMachine, policy: ConversationPolicy, contactId: string, journal: JournalEntry[], version: number): VersionView | null {
  const entries = [...journal].sort((a, b) => a.version - b.version);
  const index = entries.findIndex((e) => e.version === version);
  const entry = entries[index];
  if (entry === undefined) return null;
  const state = stateNameOf(entry.stateValue);
  const previous = entries[index - 1];
  const base: VersionView = {
    contactId,
    version,
    state,
    stateValue: entry.stateValue,
    bot: botOf(state),
    decision: entry.decision,
    context: null,
    previousState: previous === undefined ? null : stateNameOf(previous.stateValue),
    input: entry.input ?? null,
    guards: null,
    source: 'journal',
    diverged: false,
    versions: entries.map((e) => e.version),
  };
  // Replayable when the journal starts at version 1, has no gap and every entry kept its input.
  const upTo = entries.slice(0, index + 1);
  if (!upTo.every((e, i) => e.version === i + 1 && e.input !== undefined)) return base;

  const decide = createDecide(machine);
  let snapshot = initialSnapshot(machine, contactId);
  let before = snapshot;
  let decided: Decision | null = null;
  for (const step of upTo) {
    if (step.input === undefined) return base;
    before = snapshot;
    const [next] = decide(snapshot, step.input.event);
    decided = next.context.decision;
    snapshot = step.input.reply === null ? next : decide(next, step.input.reply)[0];
  }
  const attempt = entry.input === undefined ? null : attemptOf(before, entry.input.event);
  return {
    ...base,
    previousState: stateNameOf(before.value),
    context: snapshot.context,
    guards: attempt === null ? null : guardRows(attempt, policy),
    source: 'replay',
    diverged: decided === null || decided.kind !== entry.decision.kind || decided.reason !== entry.decision.reason || decided.to !== entry.decision.to,
  };
}
