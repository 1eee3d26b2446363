// SMS text → tokens the intent model reads: one spelling for case, accents, quotes and amounts; negation scope marked.

/** A token the model sees; `neg` marks a word inside a negation's scope ("not selling" → neg selling). */
export interface Token {
  word: string;
  neg: boolean;
}

/** Words that turn the next few words around, in English and Spanish (accents already stripped). */
const NEGATORS = new Set([
  'not', 'no', 'never', 'dont', 'doesnt', 'didnt', 'isnt', 'arent', 'wasnt', 'werent', 'wont', 'wouldnt', 'cant', 'cannot',
  'couldnt', 'shouldnt', 'havent', 'hasnt', 'aint', 'nor', 'neither', 'without', 'nunca', 'tampoco', 'jamas', 'ni', 'sin',
]);
/** "no longer looking": the negation reaches this many words past the negator, and stops at punctuation. */
const NEGATION_REACH = 3;

/** "$450k", "1.2m", "450 mil", "mid 400s": an amount, whatever the spelling. */
const MONEY_SUFFIX = /^(\d+(?:\.\d+)?)(k|m|mil|mill|million|thousand|grand)$|^\d{3}s$/;

/** Lower case, accents and curly quotes folded, thousands separators dropped: "Más" → "mas", "450,000" → "450000". */
export function foldText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc`\u00b4]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/(\d),(?=\d{3}\b)/g, '$1');
}

/** One raw piece of the text: a word, a number (with its $ or k/m), an emoji, or a sentence break. */
const PIECE = /\$?\d+(?:\.\d+)?(?:k|m|mil|mill|million|thousand|grand|s)?\b|[a-z]+(?:'[a-z]+)*|\p{Extended_Pictographic}|[.!?,;:]/gu;

/** Numbers become their kind: `#money` ($, k, m, or ≥ 10,000), `#num`; emojis `#emoji`; "!" `#bang`. */
function wordOf(piece: string): string | null {
  if (piece === '!') return '#bang';
  if (piece === '?') return '#ask';
  if (/^[.,;:]$/.test(piece)) return null;
  if (/^\p{Extended_Pictographic}$/u.test(piece)) return '#emoji';
  if (/^\$|^\d/.test(piece)) {
    const bare = piece.replace(/^\$/, '');
    if (piece.startsWith('$') || MONEY_SUFFIX.test(bare) || Number(bare) >= 10_000) return '#money';
    return '#num';
  }
  return piece.replace(/'/g, '');
}

/** The message as model tokens, with negation scope: each word within NEGATION_REACH after a negator is marked. */
export function tokenize(text: string): Token[] {
  return tokenizeFolded(foldText(text));
}

/** `tokenize` of a text already folded by `foldText` (the classifier folds once for every reader). */
export function tokenizeFolded(folded: string): Token[] {
  const tokens: Token[] = [];
  let scope = 0;
  for (const match of folded.matchAll(PIECE)) {
    const piece = match[0];
    const word = wordOf(piece);
    if (word === null || word === '#bang' || word === '#ask') scope = 0;
    if (word === null) continue;
    if (NEGATORS.has(word)) {
      tokens.push({ word, neg: false });
      scope = NEGATION_REACH;
      continue;
    }
    tokens.push({ word, neg: scope > 0 });
    if (scope > 0) scope -= 1;
  }
  return tokens;
}
