// The intent model's features: words (negation-marked), word pairs, character n-grams, length, first word; each present once.
import { foldText, tokenizeFolded } from './text';

const CHAR_GRAMS: readonly number[] = [3, 4];

/**
 * A word's character n-gram features, memoised: SMS reuse a small vocabulary, and building the same
 * strings for every message was a third of classification time and most of its garbage. Bounded:
 * emptied when full, so an attacker's stream of unique words costs memory no more than this.
 */
const GRAMS_OF = new Map<string, readonly string[]>();
const GRAMS_MEMO_LIMIT = 50_000;

function charGramsOf(word: string): readonly string[] {
  const known = GRAMS_OF.get(word);
  if (known !== undefined) return known;
  const padded = `<${word}>`;
  const grams: string[] = [];
  for (const n of CHAR_GRAMS) {
    for (let i = 0; i + n <= padded.length; i += 1) grams.push(`c:${padded.slice(i, i + n)}`);
  }
  if (GRAMS_OF.size >= GRAMS_MEMO_LIMIT) GRAMS_OF.clear();
  GRAMS_OF.set(word, grams);
  return grams;
}

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
  return featuresOfFolded(foldText(text));
}

/** `featuresOf` a text already folded by `foldText`. */
export function featuresOfFolded(folded: string): string[] {
  const tokens = tokenizeFolded(folded);
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
    for (const gram of charGramsOf(token.word)) out.add(gram);
  }
  return [...out];
}

/** Each present feature counts 1/√n, so a long message's many features do not shout down a short one's few. */
export function featureValue(featureCount: number): number {
  return featureCount === 0 ? 0 : 1 / Math.sqrt(featureCount);
}
