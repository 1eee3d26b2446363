// Turns a recorded conversation into the events to replay: each entry's journaled input, or, for entries written before inputs
// were journaled, the message rebuilt from the transcript; says why when a conversation cannot be replayed from its start.
import { BOT_NAMES, type BotName } from '../../domain/types';
import type { BotRepliedEvent, HumanReleaseEvent, HumanTakeoverEvent, MessageReceivedEvent } from '../../machines/events';
import type { JournalEntry } from '../store/types';
import type { RecordedConversation } from './types';

export type RecordedStep =
  | { kind: 'recorded'; entry: JournalEntry; event: MessageReceivedEvent | HumanTakeoverEvent | HumanReleaseEvent; reply: BotRepliedEvent | null }
  /** An older entry: the text and time come from the transcript; intent, facts and health must be re-derived. */
  | { kind: 'rebuilt'; entry: JournalEntry; message: { messageId: string; text: string; at: number } }
  | { kind: 'rebuiltAdmin'; entry: JournalEntry; event: HumanTakeoverEvent | HumanReleaseEvent };

export type StepsResult = { ok: true; steps: RecordedStep[] } | { ok: false; reason: string };

function isBot(value: string): value is BotName {
  return (BOT_NAMES as readonly string[]).includes(value);
}

function rebuiltAdmin(entry: JournalEntry): HumanTakeoverEvent | HumanReleaseEvent | null {
  const { decision } = entry;
  const by = typeof decision.details['by'] === 'string' ? decision.details['by'] : 'admin';
  if (decision.kind === 'takeover') return { type: 'HUMAN_TAKEOVER', at: decision.at, by };
  if (decision.kind === 'release' && isBot(decision.to)) return { type: 'HUMAN_RELEASE', at: decision.at, by, bot: decision.to };
  return null;
}

export function recordedSteps(conversation: RecordedConversation): StepsResult {
  const journal = [...conversation.journal].sort((a, b) => a.version - b.version);
  const first = journal[0];
  if (first === undefined) return { ok: false, reason: 'no journal entries' };
  if (first.version !== 1) {
    return { ok: false, reason: `the journal starts at version ${first.version}: earlier entries were dropped by retention.journalEntries` };
  }
  const inbound = new Map<string, { text: string; at: number }>();
  for (const line of conversation.transcript) {
    if (line.direction === 'inbound' && line.messageId !== null) inbound.set(line.messageId, { text: line.text, at: line.at });
  }
  const steps: RecordedStep[] = [];
  for (const [index, entry] of journal.entries()) {
    if (entry.version !== index + 1) return { ok: false, reason: `the journal skips from version ${index} to ${entry.version}` };
    if (entry.input !== undefined) {
      steps.push({ kind: 'recorded', entry, event: entry.input.event, reply: entry.input.reply });
      continue;
    }
    if (entry.messageId === null) {
      const event = rebuiltAdmin(entry);
      if (event === null) return { ok: false, reason: `version ${entry.version}: an admin entry (${entry.decision.kind}) without its input cannot be rebuilt` };
      steps.push({ kind: 'rebuiltAdmin', entry, event });
      continue;
    }
    const line = inbound.get(entry.messageId);
    if (line === undefined) {
      return { ok: false, reason: `version ${entry.version}: message ${entry.messageId} predates journaled inputs and is not in the transcript (trimmed by retention.transcriptEntries)` };
    }
    steps.push({ kind: 'rebuilt', entry, message: { messageId: entry.messageId, text: line.text, at: entry.decision.at } });
  }
  return { ok: true, steps };
}
