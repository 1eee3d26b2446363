// ContactChanges rebuilt from what the store keeps (journal, transcript, the current handoff list), for an SSE client that resumes: the same change the live feed sent.
import { DAY_MS } from '../../domain/time';
import type { HandoffRecord } from '../../domain/types';
import { botOf, stateNameOf, type ChangeLine, type ContactChange } from './change';
import type { JournalEntry, TranscriptEntry } from './types';

export interface ContactHistory {
  /** The journal, any order (the store answers newest first). */
  journal: readonly JournalEntry[];
  /** The transcript, oldest first. */
  transcript: readonly TranscriptEntry[];
  /** The contact's current version and handoff list (the snapshot's), or null when unknown. */
  current: { version: number; handoffs: readonly HandoffRecord[] } | null;
}

/** The id the engine gives a version's outbound lines: `contactId:messageId:n` (an admin event's messageId is `admin-<version>`). */
function outboundPrefix(contactId: string, entry: JournalEntry): string {
  return `${contactId}:${entry.messageId ?? `admin-${entry.version}`}:`;
}

/** The transcript lines a version added; from the journal's input when the transcript no longer holds them. */
function linesOf(contactId: string, entry: JournalEntry, transcript: readonly TranscriptEntry[]): ChangeLine[] {
  const prefix = outboundPrefix(contactId, entry);
  const found = transcript.filter((line) => (line.direction === 'inbound' ? entry.messageId !== null && line.messageId === entry.messageId : line.messageId?.startsWith(prefix) === true));
  if (found.length > 0) return found.map(({ direction, text, at, bot, asks }) => ({ direction, text, at, bot, asks }));
  const lines: ChangeLine[] = [];
  const event = entry.input?.event;
  if (event?.type === 'MESSAGE_RECEIVED') lines.push({ direction: 'inbound', text: event.text, at: event.at, bot: null, asks: [] });
  const reply = entry.input?.reply;
  if (reply !== undefined && reply !== null) lines.push({ direction: 'outbound', text: reply.text, at: reply.at, bot: reply.bot, asks: reply.asks });
  return lines;
}

const sameHandoffs = (a: readonly HandoffRecord[], b: readonly HandoffRecord[]) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The handoff list after each version, computed as the machine does (`recordHandoff`: append, keep the last 24 h)
 * from the journal's handoff decisions. Only trusted when the journal starts at version 1 and the list it gives
 * for the current version is the snapshot's; otherwise null (unknown) for every version but the current one.
 */
function handoffsByVersion(sorted: readonly JournalEntry[], current: ContactHistory['current']): Map<number, HandoffRecord[] | null> {
  const lists = new Map<number, HandoffRecord[] | null>();
  let list: HandoffRecord[] = [];
  for (const entry of sorted) {
    const d = entry.decision;
    const { pattern, confidence } = d.details;
    if (d.kind === 'handoff' && (d.to === 'buyer' || d.to === 'seller') && (d.from === 'lead' || d.from === 'buyer' || d.from === 'seller') && typeof pattern === 'string' && typeof confidence === 'number') {
      list = list.filter((h) => d.at - h.at < DAY_MS);
      list.push({ from: d.from, to: d.to, at: d.at, pattern, confidence });
    }
    lists.set(entry.version, list);
  }
  const complete = sorted[0]?.version === 1 && sorted.every((entry, i) => entry.version === i + 1);
  const atCurrent = current === null ? undefined : lists.get(current.version);
  const trusted = complete && current !== null && atCurrent !== undefined && atCurrent !== null && sameHandoffs(atCurrent, current.handoffs);
  if (!trusted) for (const version of lists.keys()) lists.set(version, null);
  if (current !== null) lists.set(current.version, [...current.handoffs]);
  return lists;
}

/** The changes of the versions in (after, upTo], oldest first, rebuilt from the contact's history; a version the journal no longer holds is absent. */
export function changesFromHistory(contactId: string, history: ContactHistory, after: number, upTo: number): ContactChange[] {
  const sorted = [...history.journal].sort((a, b) => a.version - b.version);
  const handoffs = handoffsByVersion(sorted, history.current);
  return sorted
    .filter((entry) => entry.version > after && entry.version <= upTo)
    .map((entry) => {
      const state = stateNameOf(entry.stateValue);
      const messages = linesOf(contactId, entry, history.transcript);
      return {
        contactId,
        version: entry.version,
        state,
        stateValue: entry.stateValue,
        bot: botOf(state),
        decision: entry.decision,
        handoffs: handoffs.get(entry.version) ?? null,
        messages,
        at: messages[messages.length - 1]?.at ?? entry.decision.at,
      };
    });
}
