// The CLI's parts: option parsers, the export file round trip, and the seeded traffic generator.
import { describe, expect, it } from 'vitest';
import { collectThreshold, parseDuration, parseTime } from '../../../cli/options';
import { generateTraffic } from '../../../cli/simulate/traffic';
import { ExportFileError, exportLines, parseExport } from '../../../services/replay/export-format';
import { recordConversation } from './conversation';

describe('option parsers', () => {
  it('reads durations with units, and 0 without one', () => {
    expect([parseDuration('0'), parseDuration('20m'), parseDuration('90s'), parseDuration('1h'), parseDuration('7d')]).toEqual([0, 1_200_000, 90_000, 3_600_000, 604_800_000]);
    expect(() => parseDuration('20')).toThrow(/needs a unit/);
    expect(() => parseDuration('soon')).toThrow(/not a duration/);
  });

  it('reads --since as an ISO time or as a duration before now', () => {
    expect(parseTime('2026-11-23T09:00:00Z')).toBe(Date.UTC(2026, 10, 23, 9));
    expect(parseTime('24h', 100_000_000)).toBe(100_000_000 - 86_400_000);
    expect(() => parseTime('yesterday')).toThrow(/neither an ISO time/);
  });

  it('collects repeated --threshold ROUTE=VALUE flags and refuses unknown routes and values outside [0, 1]', () => {
    expect(collectThreshold('buyer>seller=0.6', collectThreshold('lead>buyer=0.95', {}))).toEqual({ 'lead>buyer': 0.95, 'buyer>seller': 0.6 });
    expect(() => collectThreshold('buyer>lead=0.5', {})).toThrow(/not a route/);
    expect(() => collectThreshold('lead>buyer=1.2', {})).toThrow(/\[0, 1\]/);
    expect(() => collectThreshold('lead>buyer=', {})).toThrow(/\[0, 1\]/);
  });
});

describe('the export file', () => {
  it('reads back exactly the conversation it was written from', async () => {
    const conversation = await recordConversation('exported-1');
    const text = exportLines(conversation, new Date(0)).join('\n');
    expect(parseExport(text, 'export.jsonl')).toEqual([conversation]);
  });

  it('names the line that is not an export line', () => {
    expect(() => parseExport('{"type":"contact","format":"baton-export/1","contactId":"a","exportedAt":"x"}\n{"type":"journal"}', 'f.jsonl')).toThrow(ExportFileError);
    expect(() => parseExport('not json', 'f.jsonl')).toThrow(/f\.jsonl:1: not JSON/);
  });
});

describe('simulated traffic', () => {
  const options = { contacts: 200, messages: 2_000, seed: 7, start: Date.UTC(2026, 10, 23), spanMs: 86_400_000 };

  it('is the same for the same seed and different for another', () => {
    expect(generateTraffic(options)).toEqual(generateTraffic(options));
    expect(generateTraffic({ ...options, seed: 8 })).not.toEqual(generateTraffic(options));
  });

  it('sends exactly the asked number of messages, unique ids, each contact in time order, every persona present', () => {
    const contacts = generateTraffic(options);
    const messages = contacts.flatMap((contact) => contact.messages);
    expect(contacts).toHaveLength(200);
    expect(messages).toHaveLength(2_000);
    expect(new Set(messages.map((message) => message.messageId)).size).toBe(2_000);
    expect(new Set(contacts.map((contact) => contact.contactId)).size).toBe(200);
    for (const contact of contacts) {
      const times = contact.messages.map((message) => message.at);
      expect(times.every((at, index) => index === 0 || at > (times[index - 1] ?? 0))).toBe(true);
    }
    expect(new Set(contacts.map((contact) => contact.persona))).toEqual(new Set(['buyer', 'seller', 'both', 'bouncer', 'browser', 'opt_out', 'human', 'distress']));
  });
});
