// The Redis transcript's compact and packed encodings: lines round-trip exactly, lines stored as objects or compact arrays still read.
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { compactTranscriptLine, decodeTranscriptEntry, encodeTranscriptEntry } from '../../../services/store/transcript-codec';
import { TRANSCRIPT_DICTIONARY_1 } from '../../../services/store/transcript-dictionary';
import { packTranscriptLine, unpackTranscriptLine } from '../../../services/store/transcript-pack';
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

describe('the packed transcript line (transcript-pack.ts)', () => {
  const read = (contactId: string, bytes: Buffer) => {
    const unpacked = unpackTranscriptLine(bytes);
    if (!unpacked.ok) throw new Error(unpacked.error);
    return decodeTranscriptEntry(contactId, unpacked.value);
  };

  it.each(lines)('round-trips %s exactly, its time readable in front', (_name, line) => {
    const packed = packTranscriptLine(compactTranscriptLine('c:1', line));
    expect(packed.toString('latin1')).toMatch(new RegExp(`^${line.at.toString(36)};z`));
    expect(read('c:1', packed)).toEqual({ ok: true, entry: line });
  });

  it("stores a bot's reply in under half the bytes of its compact JSON, and an inbound SMS in no more", () => {
    const reply: TranscriptEntry = { direction: 'outbound', text: 'Got it, thanks. Roughly what budget should I search with (e.g. $450k)?', at: 1_796_396_550_591, bot: 'buyer', asks: ['budget'], messageId: 'c:1:ve9EPM428h8vShlRW1KT:0' };
    const sms: TranscriptEntry = { direction: 'inbound', text: 'We were hoping to find something with a yard before school starts', at: 1_796_396_550_591, bot: 'buyer', asks: [], messageId: 've9EPM428h8vShlRW1KT' };
    expect(packTranscriptLine(compactTranscriptLine('c:1', reply)).length).toBeLessThan(encodeTranscriptEntry('c:1', reply).length / 2);
    expect(packTranscriptLine(compactTranscriptLine('c:1', sms)).length).toBeLessThanOrEqual(encodeTranscriptEntry('c:1', sms).length);
    expect(read('c:1', packTranscriptLine(compactTranscriptLine('c:1', reply)))).toEqual({ ok: true, entry: reply });
  });

  it('reads the compact arrays and objects written before, keeps the compact JSON for a time that is not whole milliseconds, and names what it cannot read', () => {
    for (const [, line] of lines) {
      expect(read('c:1', Buffer.from(encodeTranscriptEntry('c:1', line)))).toEqual({ ok: true, entry: line });
      expect(read('c:1', Buffer.from(JSON.stringify(line)))).toEqual({ ok: true, entry: line });
    }
    const [, inbound] = lines[0] ?? [];
    if (inbound === undefined) throw new Error('no line');
    const odd = { ...inbound, at: 1.5 };
    expect(packTranscriptLine(compactTranscriptLine('c:1', odd)).toString()).toBe(encodeTranscriptEntry('c:1', odd));
    expect(read('c:1', packTranscriptLine(compactTranscriptLine('c:1', odd)))).toEqual({ ok: true, entry: odd });
    expect(unpackTranscriptLine(Buffer.from('12:x')).ok).toBe(false);
    expect(unpackTranscriptLine(Buffer.from('12:zgarbage')).ok).toBe(false);
    expect(unpackTranscriptLine(Buffer.from('[0,')).ok).toBe(false);
  });

  it('reads a line packed with its time in decimal, as hosts wrote before base 36, and writes it 5 bytes shorter now', () => {
    // Written by transcript-pack.ts at 84304e3 for the reply below.
    const written = Buffer.from('MTc5NjM5NjU1MDU5MTp6w6aC3Dgx1FEqS7V0DfA1MbLIsCgLzsgJCjf0DkGxDwA=', 'base64');
    expect(written.toString('latin1')).toMatch(/^1796396550591:z/);
    const reply: TranscriptEntry = { direction: 'outbound', text: 'Got it, thanks. Roughly what budget should I search with (e.g. $450k)?', at: 1_796_396_550_591, bot: 'buyer', asks: ['budget'], messageId: 'c:1:ve9EPM428h8vShlRW1KT:0' };
    expect(read('c:1', written)).toEqual({ ok: true, entry: reply });
    const packed = packTranscriptLine(compactTranscriptLine('c:1', reply));
    expect(packed.toString('latin1')).toMatch(/^mx944hj3;z/);
    expect(written.length - packed.length).toBe(5);
    expect(unpackTranscriptLine(Buffer.from('zzzzzzzzzzzzzzzzzz;z'))).toEqual({ ok: false, error: 'a packed line whose time is out of range' });
  });

  it('has a dictionary that never changes (lines in Redis need its exact bytes)', () => {
    expect(createHash('sha1').update(TRANSCRIPT_DICTIONARY_1).digest('hex')).toBe('153cb272f5f1c88f6d1025399edf7a1e7171c611');
  });
});
