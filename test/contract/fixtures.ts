// Builders for store inputs (records, effects, journal entries) shared by the store contract and fault tests.
import type { Decision, Effect } from '../../domain/types';
import type { CommitInput, JournalEntry, TranscriptEntry } from '../../services/store/types';

export function decision(messageId: string | null, at = 1_000): Decision {
  return { kind: 'stay', reason: 'no_intent', decidedBy: 'intent', from: 'lead', to: 'lead', at, messageId, details: { n: at } };
}

export function smsEffect(contactId: string, id: string, text = `text ${id}`): Effect {
  return { kind: 'send_sms', id, contactId, bot: 'lead', text, asks: ['timeline'], at: 1_000 };
}

export function journalEntry(version: number, messageId: string | null): JournalEntry {
  return { version, messageId, decision: decision(messageId, version), stateValue: { lead: 'asking' } };
}

export function inbound(text: string, at: number, messageId: string | null): TranscriptEntry {
  return { direction: 'inbound', text, at, bot: null, asks: [], messageId };
}

/** A commit that moves `contactId` from `expectedVersion` to the next version, with one SMS effect. */
export function commitInput(contactId: string, expectedVersion: number, messageId: string | null, overrides: Partial<CommitInput> = {}): CommitInput {
  const version = expectedVersion + 1;
  return {
    contactId,
    expectedVersion,
    record: { machineVersion: 1, version, snapshot: { value: { lead: 'asking' }, context: { n: version } } },
    messageId,
    effects: [smsEffect(contactId, `${contactId}-effect-${version}`)],
    journal: journalEntry(version, messageId),
    transcript: [inbound(`message ${version}`, version, messageId)],
    contextPackage: null,
    ...overrides,
  };
}
