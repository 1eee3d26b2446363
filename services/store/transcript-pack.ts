// The Redis transcript line as stored: the compact line (transcript-codec.ts) deflated, its time in front for commit.lua. Reads the JSON shapes written before.
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { TRANSCRIPT_DICTIONARY_1 } from './transcript-dictionary';

/*
 * A packed line (bytes): `<at>:z<deflated>`
 *   at        the line's time, digits: commit.lua's age trim reads it (as it reads a packed journal entry's)
 *   deflated  the compact line's JSON without its time, [kind, text, bot, id, ...asks], raw deflate with the preset
 *             dictionary 1 (transcript-dictionary.ts)
 * Written before: the compact JSON array (`[0,"text",at,…]`) or the full object (`{"direction":…}`), read as they are.
 */

const DEFLATED_1 = 0x7a; // `z`
const COLON = 0x3a;
const AT_INDEX = 2;

/** Packs a compact line (transcript-codec.ts compactTranscriptLine). */
export function packTranscriptLine(compact: readonly unknown[]): Buffer {
  const at = compact[AT_INDEX];
  // A time that is not whole ms (never the engine's) keeps the compact JSON, which commit.lua also reads.
  if (typeof at !== 'number' || !Number.isSafeInteger(at) || at < 0) return Buffer.from(JSON.stringify(compact));
  const rest = [...compact.slice(0, AT_INDEX), ...compact.slice(AT_INDEX + 1)];
  const deflated = deflateRawSync(JSON.stringify(rest), { dictionary: TRANSCRIPT_DICTIONARY_1 });
  return Buffer.concat([Buffer.from(`${at}:`), Buffer.of(DEFLATED_1), deflated]);
}

/** The stored line as the JSON value transcript-codec.ts decodes (compact array or full object), or why it cannot be read. */
export function unpackTranscriptLine(stored: Buffer): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    const colon = stored.indexOf(COLON);
    const at = stored.subarray(0, Math.max(colon, 0)).toString('latin1');
    if (colon < 0 || !/^\d+$/.test(at)) return { ok: true, value: JSON.parse(stored.toString()) };
    if (stored[colon + 1] !== DEFLATED_1) return { ok: false, error: 'a packed line of an unknown kind' };
    const value: unknown = JSON.parse(inflateRawSync(stored.subarray(colon + 2), { dictionary: TRANSCRIPT_DICTIONARY_1 }).toString());
    if (!Array.isArray(value) || value.length < AT_INDEX) return { ok: false, error: 'a packed line that is not a compact line' };
    return { ok: true, value: [...value.slice(0, AT_INDEX), Number(at), ...value.slice(AT_INDEX)] };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : 'unreadable' };
  }
}
