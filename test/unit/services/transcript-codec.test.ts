// The Redis transcript's compact encoding: lines round-trip exactly, lines stored as objects still read.
import { describe, expect, it } from 'vitest';
import { decodeTranscriptEntry, encodeTranscriptEntry } from '../../../services/store/transcript-codec';
import type { TranscriptEntry } from '../../../services/store/types';

const lines: Array<[string, TranscriptEntry]> = [
  ['an inbound line', { direction: 'inbound', text: 'Hi, is the house on Elm St still available?', at: 1_796_396_550_591, bot: 'lead', asks: [], messageId: 'msg-1' }],
  ['an outbound line with the engine id and two asks', { direction: 'outbound', text: 'What price range?', at: 5, bot: 'buyer', asks: ['budget', 'timeline'], messageId: 'c:1:msg-1:0' }],
  ['an outbound line with another id', { direction: 'outbound', text: 'hello', at: 6, bot: null, asks: [], messageId: 'other:msg' }],
  ['a line without an id', { direction: 'inbound', text: '', at: 7, bot: null, asks: [], messageId: null }],
];

describe('the compact transcript encoding', () => {
  it.each(lines)('round-trips %s exactly', (_name, line) => {
    const stored = encodeTranscriptEntry('c:1', line);
    expect(Array.isArray(JSON.parse(stored))).toBe(true);
    expect(decodeTranscriptEntry('c:1', JSON.parse(stored))).toEqual({ ok: true, entry: line });
  });

  it('stores the engine id without the contact id and the bot as its index, and reads a line stored as an object or with the bot named', () => {
    const [, outbound] = lines[1] ?? [];
    if (outbound === undefined) throw new Error('no line');
    expect(JSON.parse(encodeTranscriptEntry('c:1', outbound))).toEqual([2, 'What price range?', 5, 1, 'msg-1:0', 'budget', 'timeline']);
    expect(decodeTranscriptEntry('c:1', JSON.parse(JSON.stringify(outbound)))).toEqual({ ok: true, entry: outbound });
    // The compact line as written before bots were stored by index.
    expect(decodeTranscriptEntry('c:1', [2, 'What price range?', 5, 'buyer', 'msg-1:0', 'budget', 'timeline'])).toEqual({ ok: true, entry: outbound });
  });

  it('refuses a value of neither shape', () => {
    expect(decodeTranscriptEntry('c', [3, 'x', 1, null, null]).ok).toBe(false);
    expect(decodeTranscriptEntry('c', [0, 'x', 1, 'nobody', null]).ok).toBe(false);
    expect(decodeTranscriptEntry('c', [0, 'x', 1, 3, null]).ok).toBe(false);
    expect(decodeTranscriptEntry('c', [0, 'x', 1, 0.5, null]).ok).toBe(false);
    expect(decodeTranscriptEntry('c', { text: 'x' }).ok).toBe(false);
  });
});
