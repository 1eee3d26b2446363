// changesFromHistory: a resumed version's change rebuilt from the journal and transcript (the SSE resume path; there is no change log).
import { describe, expect, it } from 'vitest';
import { DAY_MS, HOUR_MS } from '../../../domain/time';
import type { Decision } from '../../../domain/decision';
import { changesFromHistory } from '../../../services/store/change-history';
import type { JournalEntry, TranscriptEntry } from '../../../services/store/types';

const T0 = Date.UTC(2026, 0, 5, 9);

function entry(version: number, at: number, decision: Partial<Decision> = {}): JournalEntry {
  return {
    version,
    messageId: `m${version}`,
    stateValue: { lead: 'goal' },
    decision: { kind: 'stay', reason: 'no_intent', decidedBy: 'intent', from: 'lead', to: 'lead', at, messageId: `m${version}`, details: {}, ...decision },
  };
}

const handoff = (version: number, at: number, from: 'lead' | 'buyer' | 'seller', to: 'buyer' | 'seller') =>
  entry(version, at, { kind: 'handoff', reason: 'handoff', decidedBy: 'all', from, to, details: { pattern: `${to}.general`, confidence: 0.9 } });

const line = (direction: 'inbound' | 'outbound', text: string, at: number, messageId: string): TranscriptEntry => ({ direction, text, at, bot: 'lead', asks: [], messageId });

describe('changesFromHistory', () => {
  it("rebuilds each version's lines from the transcript by message id, and the handoff list as the machine keeps it (last 24 h at each handoff)", () => {
    const journal = [handoff(1, T0, 'lead', 'buyer'), entry(2, T0 + HOUR_MS), handoff(3, T0 + DAY_MS + HOUR_MS, 'buyer', 'seller')];
    const transcript = [line('inbound', 'hi', T0, 'm1'), line('outbound', 'welcome', T0, 'c1:m1:0'), line('outbound', 'and', T0, 'c1:m1:1'), line('inbound', 'two', T0 + HOUR_MS, 'm2')];
    const current = { version: 3, handoffs: [{ from: 'buyer' as const, to: 'seller' as const, at: T0 + DAY_MS + HOUR_MS, pattern: 'seller.general', confidence: 0.9 }] };
    const changes = changesFromHistory('c1', { journal: [...journal].reverse(), transcript, current }, 0, 3);
    expect(changes.map((c) => c.version)).toEqual([1, 2, 3]);
    expect(changes[0]?.messages.map((m) => m.text)).toEqual(['hi', 'welcome', 'and']);
    expect(changes[1]?.messages.map((m) => m.text)).toEqual(['two']);
    expect(changes[0]?.handoffs).toEqual([{ from: 'lead', to: 'buyer', at: T0, pattern: 'buyer.general', confidence: 0.9 }]);
    expect(changes[1]?.handoffs).toHaveLength(1);
    // The handoff a day later dropped the first one, as recordHandoff does.
    expect(changes[2]?.handoffs).toEqual(current.handoffs);
    expect(changesFromHistory('c1', { journal, transcript, current }, 1, 2).map((c) => c.version)).toEqual([2]);
  });

  it('leaves the handoff list unknown (null) when the journal no longer starts at version 1 or disagrees with the snapshot, except for the current version', () => {
    const journal = [entry(2, T0 + HOUR_MS), handoff(3, T0 + 2 * HOUR_MS, 'lead', 'buyer')];
    const current = { version: 3, handoffs: [{ from: 'lead' as const, to: 'buyer' as const, at: T0 + 2 * HOUR_MS, pattern: 'buyer.general', confidence: 0.9 }] };
    const trimmed = changesFromHistory('c1', { journal, transcript: [], current }, 1, 3);
    expect(trimmed.map((c) => c.handoffs)).toEqual([null, current.handoffs]);
    const disagreeing = changesFromHistory('c1', { journal: [entry(1, T0), ...journal], transcript: [], current: { version: 3, handoffs: [] } }, 0, 3);
    expect(disagreeing.map((c) => c.handoffs)).toEqual([null, null, []]);
  });
});
