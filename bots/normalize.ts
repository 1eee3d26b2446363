// Normalises an inbound SMS so the phrase patterns see one spelling: case, quotes, shorthand, common typos.

/** Words that follow a count ("2 bed", "4 months"), where a digit must stay a digit. */
const UNITS =
  'bed|beds|bd|bds|br|brs|bedroom|bedrooms|ba|bath|baths|bathroom|bathrooms|story|stories|car|cars|month|months|mo|mos|week|weeks|wk|wks|year|years|yr|yrs|day|days|acre|acres|k|m|kids|people|of|or|and|pm|am|hours|hrs|min|mins|minutes|units|unit|garage';

const UNIT_AHEAD = `(?! (?:${UNITS})\\b)`;
/** Compiled once: "want 2 buy" → "want to buy", "looking 4 a house" → "looking for a house", never "2 bed". */
const TWO_AS_TO = new RegExp(`(?<=[a-z] )2(?= [a-z])${UNIT_AHEAD}`, 'g');
const FOUR_AS_FOR = new RegExp(`(?<=[a-z] )4(?= [a-z])${UNIT_AHEAD}`, 'g');

/** Shorthand and frequent SMS misspellings → the spelling the patterns are written in. */
const WORDS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\bu\b/g, 'you'],
  [/\bur\b/g, 'your'],
  [/\bya\b/g, 'you'],
  [/\br\b/g, 'are'],
  [/\b(pls|plz|plse|pleas)\b/g, 'please'],
  [/\bwanna\b/g, 'want to'],
  [/\bgonna\b/g, 'going to'],
  [/\bgotta\b/g, 'got to'],
  [/\bhafta\b/g, 'have to'],
  [/\b(lookin|lookng|lokking|loooking|lookiing)\b/g, 'looking'],
  [/\b(tryin|tryna|tryng)\b/g, 'trying'],
  [/\b(sellin|seling)\b/g, 'selling'],
  [/\b(buyin|buyng)\b/g, 'buying'],
  [/\bsel\b/g, 'sell'],
  [/\bb4\b/g, 'before'],
  [/\b(hse|hous)\b/g, 'house'],
  [/\b(hm|hme)\b/g, 'home'],
  [/\babt\b/g, 'about'],
  [/\b(thx|thnx|thanx|tks|ty)\b/g, 'thanks'],
  [/\b(sumthing|somethin|smth)\b/g, 'something'],
  [/\b(prob|prolly)\b/g, 'probably'],
  [/\bw\/o\b/g, 'without'],
  [/\bw\/(?=\s|[a-z])/g, 'with '],
  [/\bw\b(?= (a|an|the|my|our|\d))/g, 'with'],
  [/\bidk\b/g, 'i do not know'],
  [/\bim\b/g, 'i am'],
  [/\bive\b/g, 'i have'],
  [/\bid\b(?= (like|love|rather|prefer|want))/g, 'i would'],
  [/\b(dont|don t)\b/g, 'do not'],
  [/\b(doesnt|doesn t)\b/g, 'does not'],
  [/\b(didnt|didn t)\b/g, 'did not'],
  [/\b(cant|can t)\b/g, 'can not'],
  [/\bcannot\b/g, 'can not'],
  [/\b(wont|won t)\b/g, 'will not'],
  [/\b(arent|aren t)\b/g, 'are not'],
  [/\b(isnt|isn t)\b/g, 'is not'],
  [/\b(werent|weren t)\b/g, 'were not'],
  [/\b(wouldnt|wouldn t)\b/g, 'would not'],
  [/\bnot\s+not\b/g, 'not'],
  [/\bwere\b(?= (pre|looking|buying|selling|ready|first|moving|relocating|interested|thinking|planning|hoping|trying|going|a|the|buyers|sellers|facing|being|downsizing|empty|staying|no longer|wanting|in the market))/g, 'we are'],
  [/\byoure\b/g, 'you are'],
  [/\btheyre\b/g, 'they are'],
  [/\b(whats|what s)\b/g, 'what is'],
  [/\b(hows|how s)\b/g, 'how is'],
  [/\b(thats|that s)\b/g, 'that is'],
  [/\bpre\s+(approved|approval|qualified|qualify)\b/g, 'pre-$1'],
  [/\bpre(approved|approval|qualified|qualify)\b/g, 'pre-$1'],
  [/\bpre-?(aproved|apporved|approed|aprroved)\b/g, 'pre-approved'],
  [/\bpre-?(qualifed|qualifyed|quallified)\b/g, 'pre-qualified'],
  [/\bto by\b(?= (a|an|my|our|the|one|some|something|in|land|now|soon))/g, 'to buy'],
  [/\b(tues|tue)\b/g, 'tuesday'],
  [/\bthurs?\b/g, 'thursday'],
  [/\bwed\b/g, 'wednesday'],
  [/\bmon\b/g, 'monday'],
  [/\bfri\b/g, 'friday'],
  [/\bsat\b/g, 'saturday'],
  [/\bsun\b/g, 'sunday'],
  [/\b(tmrw|tmr|tomorow|tommorow|tomorrw)\b/g, 'tomorrow'],
  [/\basap\b/g, 'as soon as possible'],
];

/**
 * Lowercase, straight quotes, apostrophes dropped ("what’s" → "whats" → "what is"), whitespace
 * collapsed, shorthand expanded. Digits stay digits except a lone 2/4 between words
 * ("want 2 buy", "looking 4 a house"), which SMS writers use for to/for.
 */
export function normalize(text: string): string {
  let s = text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u2018\u2019\u201A\u201B\u2032\u0060\u00B4]/g, "'")
    .replace(/[\u201C\u201D\u201E\u201F\u2033]/g, '"')
    .replace(/[\u2013\u2014\u2212]/g, '-')
    .replace(/(\w)'(\w)/g, '$1$2')
    .replace(/'/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  s = s.replace(TWO_AS_TO, 'to');
  s = s.replace(FOUR_AS_FOR, 'for');
  for (const [pattern, replacement] of WORDS) s = s.replace(pattern, replacement);
  return s.replace(/\s+/g, ' ').trim();
}

/** The message reduced to its words, for whole-message commands ("STOP!", "End."). */
export function bareWords(text: string): string {
  return normalize(text)
    .replace(/[^a-z0-9 ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
