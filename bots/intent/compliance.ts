// Carrier commands read by rule, before any model: opt-out in any reasonable wording (FCC 2024), opt-in, HELP.
import { foldText } from './text';

/**
 * Words that may surround a keyword without changing what it means ("Stop please, thank you",
 * "STOP!!! 😡", "unsubscribe me now"): a message made of a keyword and only these is that keyword.
 */
const COURTESY = new Set([
  'please', 'pls', 'plz', 'plez', 'thanks', 'thank', 'you', 'thx', 'ty', 'now', 'it', 'me', 'us', 'all', 'ok', 'okay', 'just', 'right',
  'away', 'asap', 'already', 'texting', 'texts', 'text', 'messages', 'message', 'msgs', 'msg', 'sms', 'this', 'that', 'number', 'these',
  'them', 'immediately', 'again', 'sir', 'maam', 'yes', 'ya', 'por', 'favor', 'gracias', 'ya', 'mensajes', 'textos', 'ahora', 'the',
  'hell', 'damn', 'fucking', 'freaking', 'dammit', 'i', 'said', 'want', 'to', 'would', 'like', 'da', 'de', 'baja', 'from', 'list',
  'your', 'my', 'for', 'good', 'forever', 'permanently', 'entirely', 'completely', 'seriously', 'already', 'lol', 'and',
]);

/** The carrier and FCC keywords, English and Spanish, as a message's leading word(s). */
const OPT_OUT_KEYWORDS = new Set([
  'stop', 'stopall', 'quit', 'end', 'revoke', 'optout', 'cancel', 'unsubscribe', 'unsub', 'stopp', 'stopit', 'basta', 'alto', 'parar',
  'para', 'cancelar', 'desuscribir', 'desuscribirme', 'remove', 'stahp', 'stoop', 'sotp', 'borrame', 'borrenme', 'eliminame',
  'eliminenme', 'parenle', 'pare', 'paren',
]);

/**
 * Keywords long enough that one slip of the thumb (a swapped, missing, extra or wrong letter: "stpo", "unsubcribe",
 * "remvoe") still reads as the keyword, when the rest of the message is courtesy words only.
 */
const TYPO_KEYWORDS = ['stop', 'unsubscribe', 'remove', 'cancel'] as const;
/** Real words one edit from a keyword, which are not a misspelt opt-out. */
const NOT_TYPOS = new Set(['step', 'shop', 'stow', 'atop', 'slop', 'stomp', 'stoop', 'store', 'stops', 'top', 'sop', 'cancer', 'canal', 'camel']);
const TWO_WORD_OPT_OUT = new Set(['opt out', 'opt-out', 'stop all', 'end all', 'cancel all', 'dar baja', 'darme baja']);

const OPT_IN_KEYWORDS = new Set(['start', 'unstop', 'resubscribe', 'subscribe', 'comenzar', 'empezar', 'reanudar', 'reactivar']);
/** YES opts in only as the whole message: in a sentence ("Yes. Buying.") it answers a question. */
const BARE_OPT_IN = new Set(['yes', 'si']);

/** Asking for the texts back in a sentence: "you can text me again", "vuelvan a mandarme los mensajes". */
const OPT_IN_PHRASES: readonly RegExp[] = [
  /\b(?:can|may|could)\s+(?:start\s+)?(?:text|txt|message|msg|contact)(?:ing)?\s+(?:me|us)\s+again\b/,
  /\b(?:start|resume)\s+(?:texting|messaging|sending)\b/,
  /\b(?:add|put)\s+(?:me|us)\s+back\b|\badded\s+back\b/,
  /\bvuelv(?:an|e)\s+a\s+(?:mandar|escribir|enviar|textear)/,
  /\breactiv\w*\s+(?:los\s+)?(?:mensajes|textos)/,
];
const HELP_KEYWORDS = new Set(['help', 'info', 'ayuda', 'information', 'informacion']);

/**
 * An opt-out said in a sentence, anywhere in the message: "pls stop texting this number", "no more
 * texts", "remove me from your list", "ya no me manden mensajes", "dejen de escribirme".
 */
const OPT_OUT_PHRASES: readonly RegExp[] = [
  /\b(?:stop|stopped|quit|cease|end)\s+(?:all\s+)?(?:texting|txting|messaging|msging|contacting|sending|spamming|calling|bothering|harassing|blowing\s+up|reaching\s+out)\b/,
  /\b(?:cease|end|stop|discontinue|terminate)\s+(?:all\s+)?(?:further\s+)?(?:contact|communications?|correspondence)\b/,
  /\bdiscontinue\s+(?:all\s+)?(?:these|the|this|your|my)?\s*(?:texts?|messages?|sms|notifications?|service)\b/,
  /\bcancel\s+(?:my\s+|the\s+|this\s+)?(?:subscription|sms|texts?)\b/,
  /\b(?:want|get|let)\s+(?:me\s+)?(?:off|out\s+of)\s+(?:of\s+)?(?:this|your|the|ur)\s+(?:text(?:ing)?\s+|sms\s+|mailing\s+|contact\s+)?list\b/,
  /\b(?:rather|prefer)\s+(?:if\s+)?you\s+(?:did\s*n[o']?t|not|do\s*n[o']?t)\s+(?:text|message|contact)\b/,
  /\bno\s+more\s+(?:texts?|txts?|messages?|msgs?|sms|contact|spam)\b/,
  /\b(?:remove|delete|erase|take)\s+(?:me|my\s+(?:number|name|info|contact)|this\s+number|us)\s+(?:off|from)\s+(?:of\s+)?(?:(?:your|ur|the|this|that|these|ya|all)\s+)?(?:list|lists|texts?|texting|messages?|contacts?|database|system|thing|here)?\s*(?:$|list)/,
  /\b(?:remove|delete)\s+(?:me|my\s+number|this\s+number)\b/,
  /\btake\s+me\s+off\b/,
  /\b(?:do\s*n[o']?t|never)\s+(?:ever\s+)?(?:text|txt|message|msg|contact|sms)\s+(?:me|us|this\s+number|here)\b/,
  /\b(?:lose|delete)\s+(?:my|this)\s+number\b/,
  /\bunsubscribe\b|\bopt(?:\s|-)?(?:me\s+)?out\b|\bstopall\b/,
  /\b(?:revoke|withdraw)\s+(?:my\s+)?consent\b/,
  /\bno\s+(?:me|nos)\s+(?:escriban?|manden?|envien?|mandes|escribas|contacten?|llamen?|textees?|molesten?)\b/,
  /\b(?:dejen?|deja)\s+de\s+(?:escribir|mandar|enviar|textear|molestar|contactar)/,
  /\b(?:borr|quit|sac|elimin)(?:en|a|e|ar)(?:me|nos)?\s+de\s+(?:su|la|tu)s?\s+(?:lista|base)/,
  /\bno\s+quiero\s+(?:recibir\s+)?(?:mas\s+)?(?:mensajes|textos)\b/,
  /\bno\s+(?:me|nos)\s+vuelv\w*\s+a\s+(?:escribir|mandar|enviar|textear|contactar)/,
  /\b(?:said|say|told\s+you|telling\s+you|saying)\s+(?:to\s+)?stop\b/,
  /\b(?:stop|quit|cut|enough|done)\s+(?:it\s+)?with\s+(?:the|these|all\s+the|your)\s+(?:texts|messages|msgs|texting)\b/,
  /\bbasta\s+(?:con|de)\s+(?:los\s+|tantos\s+)?(?:mensajes|textos)\b/,
  /\bpar(?:en|e|ar)(?:le|les)?\s+(?:a|con|de)\s+(?:los\s+|mandar\s+)?(?:mensajes|textos)/,
  /\bdar(?:me|nos)?\s+de\s+baja\b/,
  /\bden(?:me|nos)\s+de\s+baja\b/,
  /\bya\s+no\s+(?:me\s+|nos\s+)?(?:manden|escriban|envien|mande|escriba)\b/,
  /\bdejar\s+de\s+(?:escribir|mandar|enviar|textear)(?:me|nos)\b/,
  /\b(?:borr|elimin|quit)\w*\s+(?:mi|este|nuestro)\s+numero\b/,
];

/** A piece of text's words, punctuation and emojis dropped. */
function wordsOf(folded: string): string[] {
  return folded
    .replace(/[\u{1F6D1}\u26D4\u{1F6AB}]/gu, ' stop ')
    .replace(/[^a-z0-9'\- ]+/g, ' ')
    .replace(/'/g, '')
    .split(/\s+/)
    .filter((word) => word !== '' && word !== '-');
}

/** "don't stop texting me": a phrase right after a negator says the opposite. */
const NEGATED_BEFORE = /\b(?:dont|do not|never|not|no|wont|cant|cannot|wouldnt|couldnt|didnt|doesnt)\s+$|\bno\s+(?:me|nos)\s+$/;

/** The phrase occurs in the text and is not negated by the words just before it. */
function assertedPhrase(text: string, phrase: RegExp): boolean {
  const match = phrase.exec(text);
  if (match === null) return false;
  return !NEGATED_BEFORE.test(text.slice(0, match.index));
}

/** Damerau-Levenshtein distance of at most one between two short words. */
function withinOneEdit(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i += 1;
  if (a.length === b.length) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

/** "stpo" → "stop": a word one edit from a typo-tolerant keyword (and not a real word of its own) is that keyword. */
function keywordOfTypo(word: string): string | null {
  if (word.length < 3 || NOT_TYPOS.has(word)) return null;
  return TYPO_KEYWORDS.find((keyword) => withinOneEdit(word, keyword)) ?? null;
}

/** The words with a misspelt opt-out keyword read as the keyword. */
function withTyposRead(words: readonly string[]): string[] {
  return words.map((word) => (OPT_OUT_KEYWORDS.has(word) || COURTESY.has(word) ? word : (keywordOfTypo(word) ?? word)));
}

/** The message is `keyword` (one or two words) plus courtesy words only. */
function isKeywordMessage(words: readonly string[], keywords: ReadonlySet<string>, pairs: ReadonlySet<string> = new Set()): boolean {
  const rest = (from: number) => words.slice(from).every((word) => COURTESY.has(word) || keywords.has(word));
  for (let i = 0; i < words.length; i += 1) {
    const word = words[i] ?? '';
    const pair = `${word} ${words[i + 1] ?? ''}`;
    if (keywords.has(word) && words.slice(0, i).every((w) => COURTESY.has(w)) && rest(i + 1)) return true;
    if (pairs.has(pair) && words.slice(0, i).every((w) => COURTESY.has(w)) && rest(i + 2)) return true;
    if (!COURTESY.has(word)) return false;
  }
  return false;
}

export type CarrierCommand = 'opt_out' | 'opt_in' | 'help';

/** The carrier command a message is by rule, or null; opt-out first (a missed opt-out is the worst error there is). */
export function carrierCommandOf(text: string): CarrierCommand | null {
  return carrierCommandOfFolded(foldText(text));
}

/** `carrierCommandOf` a text already folded by `foldText`. */
export function carrierCommandOfFolded(folded: string): CarrierCommand | null {
  const words = wordsOf(folded);
  if (words.length === 0) return null;
  // "Stop. Not interested", "STOP, I'll call you": a sentence or clause that is a keyword is the keyword, wherever it stands.
  const sentences = folded.split(/[.!?;,:\n]+|\s[-\u2013\u2014]+\s*|\s*[-\u2013\u2014]+\s/).map(wordsOf);
  if (sentences.some((sentence) => isKeywordMessage(withTyposRead(sentence), OPT_OUT_KEYWORDS, TWO_WORD_OPT_OUT))) return 'opt_out';
  const joined = words.join(' ');
  if (OPT_OUT_PHRASES.some((phrase) => assertedPhrase(joined, phrase))) return 'opt_out';
  if (sentences.some((sentence) => isKeywordMessage(sentence, OPT_IN_KEYWORDS))) return 'opt_in';
  if (words.length === 1 && BARE_OPT_IN.has(words[0] ?? '')) return 'opt_in';
  if (OPT_IN_PHRASES.some((phrase) => assertedPhrase(joined, phrase))) return 'opt_in';
  if (isKeywordMessage(words, HELP_KEYWORDS)) return 'help';
  return null;
}
