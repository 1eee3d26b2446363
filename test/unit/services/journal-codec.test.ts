// The Redis journal's compact encoding: every entry shape round-trips exactly, entries stored in the full shape still read, and the compact form is smaller.
import { describe, expect, it } from 'vitest';
import type { Decision } from '../../../domain/decision';
import type { MessageReceivedEvent } from '../../../machines/events';
import { createHash } from 'node:crypto';
import { deflateRawSync } from 'node:zlib';
import { compactJournalEntry, decodeJournalEntry, encodeJournalEntry } from '../../../services/store/journal-codec';
import { JOURNAL_DICTIONARY_1, JOURNAL_DICTIONARY_2 } from '../../../services/store/journal-dictionary';
import { packJournalEntry, unpackJournalEntry } from '../../../services/store/journal-pack';
import type { JournalEntry } from '../../../services/store/types';

const AT = Date.UTC(2026, 0, 5, 9);

const idleHealth = { lead: { p95Ms: 0, errorRate: 0, samples: 0, slaMs: 1500 }, buyer: { p95Ms: 0, errorRate: 0, samples: 0, slaMs: 1800 }, seller: { p95Ms: 0, errorRate: 0, samples: 0, slaMs: 1800 } };

function message(overrides: Partial<MessageReceivedEvent> = {}): MessageReceivedEvent {
  return {
    type: 'MESSAGE_RECEIVED',
    messageId: 'm1',
    text: 'I want to sell my house',
    at: AT,
    intent: { target: 'seller', goal: 'sell', confidence: 0.9998, pattern: 'seller.sell_my_house', scores: { buyer: 0.0002, seller: 0.9998 }, command: null },
    facts: { goal: 'sell' },
    health: idleHealth,
    thresholds: {},
    ...overrides,
  };
}

function decision(overrides: Partial<Decision> = {}): Decision {
  return {
    kind: 'stay',
    reason: 'cooldown',
    decidedBy: 'cooldown',
    from: 'buyer',
    to: 'buyer',
    at: AT,
    messageId: 'm1',
    details: { target: 'seller', confidence: 0.9998, pattern: 'seller.sell_my_house', buyerScore: 0.0002, sellerScore: 0.9998, route: 'buyer>seller', scope: 'settle', sinceMs: null, cooldownMs: 1_800_000 },
    ...overrides,
  };
}

const reply = { type: 'BOT_REPLIED' as const, at: AT, bot: 'buyer' as const, text: 'Roughly what budget should I search with?', asks: ['budget' as const], scores: { temperature: 'cold' as const, readiness: 0, motivation: 10 } };

const entries: Array<[string, JournalEntry]> = [
  ['a message with its reply, idle health, details repeating the intent', { version: 2, messageId: 'm1', decision: decision(), stateValue: { buyer: 'budget' }, input: { event: message(), reply } }],
  [
    'busy health, learned thresholds, a reply at another time, details that differ from the intent',
    {
      version: 7,
      messageId: 'm1',
      decision: decision({ kind: 'handoff', reason: 'next_goal', decidedBy: 'all', to: 'seller', details: { target: 'buyer', confidence: 0.5, pattern: 'both', threshold: 0.6 } }),
      stateValue: { seller: 'timeline' },
      input: {
        event: message({ health: { ...idleHealth, buyer: { p95Ms: 2_345.5, errorRate: 0.125, samples: 40, slaMs: 1800 } }, thresholds: { 'lead>seller': 0.65 }, facts: {} }),
        reply: { ...reply, at: AT + 5 },
      },
    },
  ],
  ['an intent with a field a newer classifier added, and health with an extra field', { version: 3, messageId: 'm1', decision: decision(), stateValue: 'escalated', input: { event: message({ intent: { ...message().intent, extra: 1 } as MessageReceivedEvent['intent'], health: { ...idleHealth, lead: { ...idleHealth.lead, p99Ms: 3 } as typeof idleHealth.lead } }), reply: null } }],
  ['an event whose messageId and time differ from the entry', { version: 4, messageId: 'm1', decision: decision({ messageId: null }), stateValue: { buyer: 'budget' }, input: { event: message({ messageId: 'other', at: AT - 1 }), reply: null } }],
  [
    'a handoff whose counts and limits are partly the usual ones',
    { version: 8, messageId: 'm1', decision: decision({ kind: 'handoff', reason: 'handoff', decidedBy: 'all', to: 'seller', details: { threshold: 0.8, chainLength: 2, lastHour: 0, lastDay: 1, targetP95Ms: 0, targetErrorRate: 0.05, cooldownMs: 5, settleMs: 60_000 } }), stateValue: { seller: 'motivation' }, input: { event: message(), reply } },
  ],
  ['a takeover (no messageId)', { version: 5, messageId: null, decision: decision({ kind: 'takeover', reason: 'human_takeover', decidedBy: 'admin', to: 'escalated', messageId: null, details: { by: 'agent-7' } }), stateValue: 'escalated', input: { event: { type: 'HUMAN_TAKEOVER', at: AT, by: 'agent-7' }, reply: null } }],
  ['a release', { version: 6, messageId: null, decision: decision({ kind: 'release', reason: 'human_release', decidedBy: 'admin', from: 'escalated', to: 'lead', messageId: null, details: {} }), stateValue: { lead: 'goal' }, input: { event: { type: 'HUMAN_RELEASE', at: AT, by: 'idle_timeout', bot: 'lead' }, reply: null } }],
  ['an entry written before inputs were journaled, with a state value nested two levels', { version: 1, messageId: 'm0', decision: decision({ messageId: 'm0' }), stateValue: { buyer: { deep: 'x' } } }],
];

describe('the compact journal encoding', () => {
  it.each(entries)('round-trips %s exactly', (_name, entry) => {
    const stored = encodeJournalEntry(entry);
    expect(JSON.parse(stored)).not.toHaveProperty('decision');
    expect(decodeJournalEntry(JSON.parse(stored))).toEqual({ ok: true, entry });
  });

  it('reads an entry stored in the full shape, as written before', () => {
    const [, entry] = entries[0] ?? [];
    expect(decodeJournalEntry(JSON.parse(JSON.stringify(entry)))).toEqual({ ok: true, entry });
  });

  it('stores a message entry in well under half the bytes of the full shape, without the details that repeat the intent or hold their usual value', () => {
    const [, entry] = entries[0] ?? [];
    if (entry === undefined) throw new Error('no entry');
    expect(encodeJournalEntry(entry).length).toBeLessThan(JSON.stringify(entry).length * 0.45);
    const stored = JSON.parse(encodeJournalEntry(entry)) as { d: unknown[] };
    expect(stored.d[5]).toEqual({ route: 'buyer>seller', scope: 'settle' });
  });

  it('stores an idle bot of busy health as 0', () => {
    const [, entry] = entries[1] ?? [];
    if (entry === undefined) throw new Error('no entry');
    expect((JSON.parse(encodeJournalEntry(entry)) as { e: { h: unknown } }).e.h).toEqual([0, [2_345.5, 0.125, 40, 1800], 0]);
  });

  it('refuses a value of neither shape, and a compact entry whose expansion is not a journal entry', () => {
    expect(decodeJournalEntry({ n: 1 }).ok).toBe(false);
    expect(decodeJournalEntry('x').ok).toBe(false);
    const bad = JSON.parse(encodeJournalEntry(entries[0]?.[1] ?? ({} as JournalEntry))) as { d: unknown[] };
    bad.d[0] = 'not-a-kind';
    expect(decodeJournalEntry(bad).ok).toBe(false);
    // Health "the same as the next newer entry" with no newer entry to take it from.
    const sameAsNewer = JSON.parse(encodeJournalEntry(entries[0]?.[1] ?? ({} as JournalEntry))) as { e: { h?: unknown } };
    sameAsNewer.e.h = 0;
    expect(decodeJournalEntry(sameAsNewer)).toEqual({ ok: false, error: 'health refers to a newer entry that holds none' });
    const newer = entries[1]?.[1] ?? null;
    const decoded = decodeJournalEntry(sameAsNewer, newer);
    expect(decoded.ok && decoded.entry.input?.event.type === 'MESSAGE_RECEIVED' ? decoded.entry.input.event.health : null).toEqual(newer?.input?.event.type === 'MESSAGE_RECEIVED' ? newer.input.event.health : 'none');
  });
});

describe('the packed journal entry (journal-pack.ts)', () => {
  const unpackAndDecode = (bytes: Buffer) => {
    const unpacked = unpackJournalEntry(bytes);
    if (!unpacked.ok) throw new Error(unpacked.error);
    return decodeJournalEntry(unpacked.value);
  };

  it.each(entries)('round-trips %s exactly', (_name, entry) => {
    const packed = packJournalEntry(compactJournalEntry(entry));
    expect(packed.toString('latin1')).toMatch(new RegExp(`^${entry.decision.at.toString(36)};[^:]*:y`));
    expect(unpackAndDecode(packed)).toEqual({ ok: true, entry });
  });

  it('is smaller than the compact JSON, keeps the health tuples readable in front, and reads the compact and full JSON written before', () => {
    const entry = entries.find(([name]) => name.startsWith('a handoff'))?.[1] ?? ({} as JournalEntry);
    const compact = encodeJournalEntry(entry);
    expect(packJournalEntry(compactJournalEntry(entry)).length).toBeLessThan(compact.length * 0.6);
    const busy = { ...idleHealth, buyer: { p95Ms: 2_345.5, errorRate: 0.125, samples: 40, slaMs: 1800 } };
    const withHealth = { ...entry, input: { event: message({ health: busy }), reply: null } };
    // A p95 that is not whole ms has no short form: the tuples' JSON, as written before.
    expect(packJournalEntry(compactJournalEntry(withHealth)).toString('latin1')).toMatch(new RegExp(`^${AT.toString(36)};\\[0,\\[2345.5,0.125,40,1800\\],0\\]:y`));
    expect(unpackAndDecode(packJournalEntry(compactJournalEntry(withHealth)))).toEqual({ ok: true, entry: withHealth });
    expect(unpackAndDecode(Buffer.from(compact))).toEqual({ ok: true, entry });
    expect(unpackAndDecode(Buffer.from(JSON.stringify(entry)))).toEqual({ ok: true, entry });
  });

  it('keeps the compact JSON for a time that is not whole milliseconds, and names what it cannot read', () => {
    const entry = entries[0]?.[1] ?? ({} as JournalEntry);
    const odd = { ...entry, decision: { ...entry.decision, at: AT + 0.5 } };
    expect(packJournalEntry(compactJournalEntry(odd)).toString()).toBe(encodeJournalEntry(odd));
    expect(unpackJournalEntry(Buffer.from('12:x')).ok).toBe(false);
    expect(unpackJournalEntry(Buffer.from('12::zgarbage')).ok).toBe(false);
    expect(unpackJournalEntry(Buffer.from('x:1:z')).ok).toBe(false);
  });

  it('reads an entry packed with dictionary 1 (tag z), as hosts wrote before dictionary 2', () => {
    // Written by journal-pack.ts at 6646cc7 for the first entry above with the buyer bot busy.
    const written = Buffer.from('MTc2NzYwMzYwMDAwMDpbMCxbNzEsMCw4MCwxODAwXSwwXTp6Qy6ocg1pmXdRc6sx/oTsqVCemFeiUJKvADJOIbdSAZoncWZiSws82djAwAimiOisHJRfmp6RU6lQnpFYogBxoUJxRn5pToqCpwKkXaBQnlmSYY+9VDQEBi4A', 'base64');
    expect(written.toString('latin1')).toMatch(new RegExp(`^${AT}:\\[0,\\[71,0,80,1800\\],0\\]:z`));
    const entry = entries[0]?.[1] ?? ({} as JournalEntry);
    const event = entry.input?.event.type === 'MESSAGE_RECEIVED' ? entry.input.event : message();
    const busy = { ...entry, input: { event: { ...event, health: { ...idleHealth, buyer: { p95Ms: 71, errorRate: 0, samples: 80, slaMs: 1800 } } }, reply } };
    expect(unpackAndDecode(written)).toEqual({ ok: true, entry: busy });
  });

  it('stores a reply worded as a bot words it in fewer bytes with dictionary 2 than with dictionary 1', () => {
    const entry = entries[0]?.[1] ?? ({} as JournalEntry);
    const templated = { ...entry, input: { event: message(), reply: { ...reply, text: 'Got it, thanks. Have you spoken with a lender or been pre-approved yet?' } } };
    const packed = packJournalEntry(compactJournalEntry(templated));
    const head = `${AT.toString(36)};:y`;
    expect(packed.subarray(0, head.length).toString()).toBe(head);
    // What dictionary 1 made of the same body (idle health: nothing in front but the time): the reply alone is ~70 bytes.
    const body = JSON.stringify({ ...compactJournalEntry(templated), a: undefined });
    expect(packed.length - head.length).toBeLessThan(deflateRawSync(body, { dictionary: JOURNAL_DICTIONARY_1 }).length - 30);
    expect(unpackAndDecode(packed)).toEqual({ ok: true, entry: templated });
  });

  it('reads an entry packed with its time in decimal and its health as JSON tuples, as hosts wrote before base 36 and the short health form', () => {
    // Written by journal-pack.ts at 84304e3 (dictionary 2) for the entry below.
    const written = Buffer.from('MTc2NzYwMzYwMDAwMDpbWzE1LDAsNTAwLDE1MDBdLFsxNCwwLjI1LDIwMDAsMTgwMF0sWzE0LDAsNTAwLDE4MDBdXTp5Qy6ocg1pmXdBoYIv7WKbsABnQ5z51tICT841MDCCKcKde2sB', 'base64');
    expect(written.toString('latin1')).toMatch(new RegExp(`^${AT}:\\[\\[15,0,500,1500\\],\\[14,0.25,2000,1800\\],\\[14,0,500,1800\\]\\]:y`));
    const entry: JournalEntry = {
      version: 2,
      messageId: 'm1',
      decision: decision({ details: { route: 'buyer>seller', scope: 'settle' } }),
      stateValue: { buyer: 'budget' },
      input: { event: message({ health: { lead: { p95Ms: 15, errorRate: 0, samples: 500, slaMs: 1500 }, buyer: { p95Ms: 14, errorRate: 0.25, samples: 2000, slaMs: 1800 }, seller: { p95Ms: 14, errorRate: 0, samples: 500, slaMs: 1800 } } }), reply: null },
    };
    expect(unpackAndDecode(written)).toEqual({ ok: true, entry });
    // Written now: the same entry with its time in base 36 and its health short, 40 bytes fewer.
    const packed = packJournalEntry(compactJournalEntry(entry));
    expect(packed.toString('latin1')).toMatch(/^mk0xjmo0;f\.dw,e\.1jk\.dw,e\.dw:y/);
    expect(written.length - packed.length).toBe(40);
    expect(unpackAndDecode(packed)).toEqual({ ok: true, entry });
  });

  it('has dictionaries that never change (entries in Redis need their exact bytes)', () => {
    expect(createHash('sha1').update(JOURNAL_DICTIONARY_1).digest('hex')).toBe('bfe635498d22d1aaaf3f4eaf03359498e81f42c8');
    expect(createHash('sha1').update(JOURNAL_DICTIONARY_2).digest('hex')).toBe('c1769498b532cf0a3d642fe31abed31affac364b');
  });
});
