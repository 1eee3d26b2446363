// The intent model's features: words (negation-marked), word pairs, character n-grams, shape; each present once.
import { tokenize } from './text';

const CHAR_GRAMS: readonly number[] = [3, 4];

function lengthBucket(count: number): string {
  if (count <= 1) return 'len:1';
  if (count <= 3) return 'len:2-3';
  if (count <= 8) return 'len:4-8';
  if (count <= 20) return 'len:9-20';
  return 'len:21+';
}

/**
 * The distinct features of one message. Words carry their negation (`w:!selling`), pairs do not
 * (`b:want_to`), character n-grams come from each plain word padded with `<` `>` (`c:<sel`) so
 * typos and inflections ("sellin", "vender") share most of their grams.
 */
export function featuresOf(text: string): string[] {
  const tokens = tokenize(text);
  const out = new Set<string>();
  out.add(lengthBucket(tokens.length));
  const first = tokens[0];
  if (first !== undefined) out.add(`first:${first.word}`);
  let previous: string | null = null;
  for (const token of tokens) {
    out.add(token.neg ? `w:!${token.word}` : `w:${token.word}`);
    if (previous !== null) out.add(`b:${previous}_${token.word}`);
    previous = token.word;
    if (token.word.startsWith('#') || token.word.length < 2) continue;
    const padded = `<${token.word}>`;
    for (const n of CHAR_GRAMS) {
      for (let i = 0; i + n <= padded.length; i += 1) out.add(`c:${padded.slice(i, i + n)}`);
    }
  }
  return [...out];
}

/** Each present feature counts 1/√n, so a long message's many features do not shout down a short one's few. */
export function featureValue(featureCount: number): number {
  return featureCount === 0 ? 0 : 1 / Math.sqrt(featureCount);
}
