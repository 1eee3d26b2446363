// The Redis journal entry as stored: the compact entry (journal-codec.ts) deflated, its time and bot health in front for commit.lua. Reads the JSON shapes written before.
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { JOURNAL_DICTIONARY_1, JOURNAL_DICTIONARY_2 } from './journal-dictionary';
import { healthField, parseHealthField } from './journal-health';

/*
 * A packed entry (bytes): `<a>;<h>:y<deflated>`
 *   a         decision.at in base 36 (`mx9fkmpn`, 8 characters where decimal takes 13): commit.lua's age trim reads it
 *   h         the entry's health tuples (`e.h`) as journal-health.ts writes them (`f.dw,e.1jl,e.dw`, or their JSON when
 *             the short form would not read back exactly; no `:` in either), `0` ("the same as the next newer entry's":
 *             commit.lua rewrites the previous head so when the new entry's field is the same text), or empty (none)
 *   deflated  the compact entry's JSON without `a` and `e.h`, raw deflate with the preset dictionary 2
 *             (journal-dictionary.ts: dictionary 1 behind the texts SMS are mostly made of)
 * Written before, all still read: `<a>:<h>:y<deflated>` and `<a>:<h>:z<deflated>` (dictionary 1), the time in decimal
 * and the health as JSON tuples; the compact JSON (`{"n":…}`); the full JSON (`{"version":…}`).
 */

const DEFLATED_1 = 0x7a; // `z`
const DEFLATED_2 = 0x79; // `y`
const DICTIONARIES = new Map([
  [DEFLATED_1, JOURNAL_DICTIONARY_1],
  [DEFLATED_2, JOURNAL_DICTIONARY_2],
]);
const COLON = 0x3a;
const SEMICOLON = 0x3b;
const DECIMAL_AT = /^\d+$/;
const BASE36_AT = /^[0-9a-z]+$/;
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
      health = h === 0 ? '0' : healthField(h);
      rest[key] = event;
    } else rest[key] = value;
  }
  const at = compact['a'];
  // A time that is not whole ms (never the engine's) keeps the compact JSON, which commit.lua also reads.
  if (typeof at !== 'number' || !Number.isSafeInteger(at) || at < 0) return Buffer.from(JSON.stringify(compact));
  const deflated = deflateRawSync(JSON.stringify(rest), { dictionary: JOURNAL_DICTIONARY_2 });
  return Buffer.concat([Buffer.from(`${at.toString(36)};${health}:`), Buffer.of(DEFLATED_2), deflated]);
}

/** The stored entry as the JSON value journal-codec.ts decodes (compact or full), or why it cannot be read. */
export function unpackJournalEntry(stored: Buffer): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    if (stored[0] === JSON_START) return { ok: true, value: JSON.parse(stored.toString()) };
    // The time ends at the first `;` (base 36) or, written before, `:` (decimal); the health at the next `:`.
    const colon = stored.indexOf(COLON);
    const semicolon = stored.indexOf(SEMICOLON);
    const base36 = semicolon >= 0 && (colon < 0 || semicolon < colon);
    const first = base36 ? semicolon : colon;
    const second = first < 0 ? -1 : stored.indexOf(COLON, first + 1);
    const at = stored.subarray(0, Math.max(first, 0)).toString('latin1');
    const dictionary = DICTIONARIES.get(stored[second + 1] ?? -1);
    if (second < 0 || !(base36 ? BASE36_AT : DECIMAL_AT).test(at) || dictionary === undefined) return { ok: false, error: 'neither JSON nor a packed entry' };
    const time = base36 ? Number.parseInt(at, 36) : Number(at);
    if (!Number.isSafeInteger(time)) return { ok: false, error: 'a packed entry whose time is out of range' };
    const health = stored.subarray(first + 1, second).toString('latin1');
    const value: unknown = JSON.parse(inflateRawSync(stored.subarray(second + 2), { dictionary }).toString());
    if (!isObject(value)) return { ok: false, error: 'a packed entry that is not an object' };
    if (health !== '') {
      if (!isObject(value['e'])) return { ok: false, error: 'health on an entry without its event' };
      value['e'] = { ...value['e'], h: parseHealthField(health) };
    }
    return { ok: true, value: { ...value, a: time } };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : 'unreadable' };
  }
}
