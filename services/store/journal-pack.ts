// The Redis journal entry as stored: the compact entry (journal-codec.ts) deflated, its time and bot health in front for commit.lua. Reads the JSON shapes written before.
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { JOURNAL_DICTIONARY_1, JOURNAL_DICTIONARY_2 } from './journal-dictionary';

/*
 * A packed entry (bytes): `<a>:<h>:y<deflated>`
 *   a         decision.at, digits: commit.lua's age trim reads it
 *   h         the entry's health tuples as the compact entry holds them (`e.h`: `[0,[71,0,80,1800],0]`, no `:` in
 *             it), `0` ("the same as the next newer entry's": commit.lua rewrites the previous head so when the new
 *             entry's are equal), or empty (none)
 *   deflated  the compact entry's JSON without `a` and `e.h`, raw deflate with the preset dictionary 2
 *             (journal-dictionary.ts: dictionary 1 behind the texts SMS are mostly made of)
 * Written before: `<a>:<h>:z<deflated>` (the same with dictionary 1), the compact JSON (`{"n":…}`) or the full JSON
 * (`{"version":…}`), read as they are.
 */

const DEFLATED_1 = 0x7a; // `z`
const DEFLATED_2 = 0x79; // `y`
const DICTIONARIES = new Map([
  [DEFLATED_1, JOURNAL_DICTIONARY_1],
  [DEFLATED_2, JOURNAL_DICTIONARY_2],
]);
const COLON = 0x3a;
const JSON_START = 0x7b; // `{`

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Packs a compact entry (journal-codec.ts compactJournalEntry). */
export function packJournalEntry(compact: Record<string, unknown>): Buffer {
  let health = '';
  const rest: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(compact)) {
    if (key === 'a') continue;
    if (key === 'e' && isObject(value) && 'h' in value) {
      const { h, ...event } = value;
      health = JSON.stringify(h);
      rest[key] = event;
    } else rest[key] = value;
  }
  const at = compact['a'];
  // A time that is not whole ms (never the engine's) keeps the compact JSON, which commit.lua also reads.
  if (typeof at !== 'number' || !Number.isSafeInteger(at) || at < 0) return Buffer.from(JSON.stringify(compact));
  const deflated = deflateRawSync(JSON.stringify(rest), { dictionary: JOURNAL_DICTIONARY_2 });
  return Buffer.concat([Buffer.from(`${at}:${health}:`), Buffer.of(DEFLATED_2), deflated]);
}

/** The stored entry as the JSON value journal-codec.ts decodes (compact or full), or why it cannot be read. */
export function unpackJournalEntry(stored: Buffer): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    if (stored[0] === JSON_START) return { ok: true, value: JSON.parse(stored.toString()) };
    const first = stored.indexOf(COLON);
    const second = first < 0 ? -1 : stored.indexOf(COLON, first + 1);
    const at = stored.subarray(0, Math.max(first, 0)).toString('latin1');
    const dictionary = DICTIONARIES.get(stored[second + 1] ?? -1);
    if (second < 0 || !/^\d+$/.test(at) || dictionary === undefined) return { ok: false, error: 'neither JSON nor a packed entry' };
    const health = stored.subarray(first + 1, second).toString('latin1');
    const value: unknown = JSON.parse(inflateRawSync(stored.subarray(second + 2), { dictionary }).toString());
    if (!isObject(value)) return { ok: false, error: 'a packed entry that is not an object' };
    if (health !== '') {
      if (!isObject(value['e'])) return { ok: false, error: 'health on an entry without its event' };
      value['e'] = { ...value['e'], h: JSON.parse(health) };
    }
    return { ok: true, value: { ...value, a: Number(at) } };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : 'unreadable' };
  }
}
