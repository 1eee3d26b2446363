// The Redis transcript line as stored: the compact line (transcript-codec.ts) deflated, its time in front for commit.lua. Reads the JSON shapes written before.
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { TRANSCRIPT_DICTIONARY_1 } from './transcript-dictionary';

/*
 * A packed line (bytes): `<at>;z<deflated>`
 *   at        the line's time in base 36 (8 characters where decimal takes 13): commit.lua's age trim reads it (as it
 *             reads a packed journal entry's)
 *   deflated  the compact line's JSON without its time, [kind, text, bot, id, ...asks], raw deflate with the preset
 *             dictionary 1 (transcript-dictionary.ts)
 * Written before, all still read: `<at>:z<deflated>` (the time in decimal), the compact JSON array (`[0,"text",at,…]`),
 * the full object (`{"direction":…}`).
 */

const DEFLATED_1 = 0x7a; // `z`
const AT_INDEX = 2;
/** The time in front and its separator: base 36 then `;`, or decimal then `:` as written before. */
const PACKED_HEAD = /^(?:([0-9a-z]+);|(\d+):)/;
/** Long enough for any safe integer's time and its separator. */
const HEAD_BYTES = 20;

/** Packs a compact line (transcript-codec.ts compactTranscriptLine). */
export function packTranscriptLine(compact: readonly unknown[]): Buffer {
  const at = compact[AT_INDEX];
  // A time that is not whole ms (never the engine's) keeps the compact JSON, which commit.lua also reads.
  if (typeof at !== 'number' || !Number.isSafeInteger(at) || at < 0) return Buffer.from(JSON.stringify(compact));
  const rest = [...compact.slice(0, AT_INDEX), ...compact.slice(AT_INDEX + 1)];
  const deflated = deflateRawSync(JSON.stringify(rest), { dictionary: TRANSCRIPT_DICTIONARY_1 });
  return Buffer.concat([Buffer.from(`${at.toString(36)};`), Buffer.of(DEFLATED_1), deflated]);
}

/** The stored line as the JSON value transcript-codec.ts decodes (compact array or full object), or why it cannot be read. */
export function unpackTranscriptLine(stored: Buffer): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    const head = PACKED_HEAD.exec(stored.subarray(0, HEAD_BYTES).toString('latin1'));
    if (head === null) return { ok: true, value: JSON.parse(stored.toString()) };
    const [matched, base36, decimal] = head;
    const at = base36 === undefined ? Number(decimal) : Number.parseInt(base36, 36);
    if (!Number.isSafeInteger(at)) return { ok: false, error: 'a packed line whose time is out of range' };
    if (stored[matched.length] !== DEFLATED_1) return { ok: false, error: 'a packed line of an unknown kind' };
    const value: unknown = JSON.parse(inflateRawSync(stored.subarray(matched.length + 1), { dictionary: TRANSCRIPT_DICTIONARY_1 }).toString());
    if (!Array.isArray(value) || value.length < AT_INDEX) return { ok: false, error: 'a packed line that is not a compact line' };
    return { ok: true, value: [...value.slice(0, AT_INDEX), at, ...value.slice(AT_INDEX)] };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : 'unreadable' };
  }
}
