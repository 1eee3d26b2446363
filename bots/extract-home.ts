// Reads property facts out of normalised SMS text: beds/baths/type/features, area, condition, seller motivation.
import type { PreferencesFact } from '../domain/types';

const COUNT_WORDS: Record<string, number> = { one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7 };
const count = (raw: string): number => COUNT_WORDS[raw] ?? Number(raw);

const TYPES: ReadonlyArray<readonly [RegExp, string]> = [
  [/\bcondos?\b/, 'condo'],
  [/\btown ?(?:house|home)s?\b/, 'townhouse'],
  [/\bsingle[- ]family\b/, 'single family'],
  [/\b(?:duplex|triplex|fourplex|multi[- ]family)\b/, 'multi-family'],
  [/\b(?:mobile|manufactured) homes?\b/, 'mobile home'],
  [/\b(?:land|lot|acreage)\b(?! of)/, 'land'],
  [/\bapartments?\b/, 'apartment'],
  [/\bfixer(?:[- ]upper)?\b/, 'fixer-upper'],
  [/\b(?:investment|rental) property\b/, 'investment property'],
];
const FEATURES: ReadonlyArray<readonly [RegExp, string]> = [
  [/\bpool\b/, 'pool'],
  [/\b(?:big |large |back ?)?yard\b/, 'yard'],
  [/\b(?:\d car )?garage\b/, 'garage'],
  [/\bsingle[- ]stor(?:y|ey)\b|\bone[- ]stor(?:y|ey)\b/, 'single story'],
  [/\b(?:good|great|top) schools?\b/, 'good schools'],
  [/\badu\b|\bguest house\b|\bcasita\b/, 'ADU'],
  [/\brv parking\b/, 'RV parking'],
  [/\b(?:home )?office\b/, 'office'],
  [/\bview\b/, 'view'],
];

export function findPropertyType(text: string): string | null {
  for (const [re, type] of TYPES) if (re.test(text)) return type;
  return null;
}

export function findPreferences(text: string): PreferencesFact | null {
  const prefs: PreferencesFact = {};
  const beds = /\b(\d|one|two|three|four|five|six|seven)\s?(?:-| )?(?:bed|beds|bedroom|bedrooms|br|bd|bdrm|bdrms|b)\b/.exec(text);
  if (beds?.[1]) prefs.bedrooms = count(beds[1]);
  const baths = /\b(\d(?:\.5)?|one|two|three|four)\s?(?:-| )?(?:bath|baths|bathroom|bathrooms|ba|bth)\b/.exec(text);
  if (baths?.[1]) prefs.bathrooms = count(baths[1]);
  const type = findPropertyType(text);
  if (type !== null) prefs.propertyType = type;
  const features = FEATURES.filter(([re]) => re.test(text)).map(([, name]) => name);
  if (features.length > 0) prefs.features = features;
  return Object.keys(prefs).length > 0 ? prefs : null;
}

/** Words that end a place name, and first words that show the phrase is not a place ("in about 3 months"). */
const AREA_STOP = new Set([
  'and', 'but', 'for', 'with', 'under', 'below', 'around', 'about', 'budget', 'by', 'before', 'in', 'within', 'next',
  'soon', 'or', 'that', 'which', 'because', 'so', 'if', 'please', 'thanks', 'area', 'is', 'are', 'would', 'we', 'i',
  'to', 'at', 'on', 'asap', 'as', 'max', 'tho', 'though', 'maybe', 'preferably', 'ideally', 'price', 'range', 'the',
]);
const NOT_AREA = /^(?:the |a |an |this |that |my |our |your |\d|about|around|like|mind|time|touch|person|advance|cash|escrow|case|general|love|the market|this market|spring|summer|fall|winter|january|february|march|april|may|june|july|august|september|october|november|december|next|few|couple|months?|weeks?|years?|days?|town|here|there|it|them|good|school|schools|process|contract|mind|any|some|stock|order|total|detail|person|half|ontario time|homes?|houses?|condos?|properties|property|buying|selling|purchasing|listing|getting|finding|looking|a hurry|a rush|no rush|mind)\b/;

const titleCase = (words: string): string => words.replace(/\b[a-z]/g, (c) => c.toUpperCase());

/** "in rancho cucamonga", "near downtown", "around upland" → "Rancho Cucamonga", "Downtown", "Upland". */
export function findArea(text: string): string | null {
  for (const m of text.matchAll(/\b(in|near|around|close to|by|somewhere in|anywhere in|area of)\s+([a-z][a-z .'-]*)/g)) {
    const rest = m[2] ?? '';
    if (NOT_AREA.test(rest)) continue;
    const words: string[] = [];
    for (const word of rest.split(/[\s.,!?]+/)) {
      if (word === '' || AREA_STOP.has(word) || words.length === 3) break;
      words.push(word);
    }
    if (words.length === 0) continue;
    if (m[1] === 'by' && words.length < 2 && !/^downtown$/.test(words[0] ?? '')) continue; // "by june", "by then"
    return titleCase(words.join(' '));
  }
  return null;
}

const CONDITIONS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\bneeds? (?:some |a lot of |lots of |a little |major |minor )?(?:work|repairs?|updating|updates|tlc|love|paint|a new roof)\b|\bfixer\b|\bhandyman special\b|\btlc\b/, 'needs work'],
  [/\bas[- ]is\b/, 'as-is'],
  [/\bmove[- ]in ready\b|\bturn ?key\b|\bready to move in\b|\b(?:great|good|excellent|perfect|nice) (?:condition|shape)\b|\bwell maintained\b/, 'move-in ready'],
  [/\b(?:fully |recently |newly |just )?(?:updated|remodeled|remodelled|renovated|upgraded)\b/, 'updated'],
  [/\b(?:dated|original condition|older home|needs updating)\b/, 'dated'],
];

export function findCondition(text: string): string | null {
  for (const [re, condition] of CONDITIONS) if (re.test(text)) return condition;
  return null;
}

/** A condition given as a one-word answer to "move-in ready or needs work?". */
export function conditionAnswer(text: string): string | null {
  if (/^(?:ready|move in|good|great|fine|excellent|perfect|updated|first)\b/.test(text)) return 'move-in ready';
  if (/^(?:needs work|work|second|fixer|needs some|rough|bad|not great|ok-ish|so so)\b/.test(text)) return 'needs work';
  return null;
}

const MOTIVATIONS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\b(?:relocat\w*|job (?:transfer|offer)|(?:transferred|moving) for (?:work|a job|my job)|new job)\b/, 'relocating for work'],
  [/\bdownsiz\w*|\bempty nest\w*|\btoo big\b|\bsmaller place\b/, 'downsizing'],
  [/\bupsiz\w*|\boutgr[eo]w\w*|\btoo small\b|\bbigger (?:home|house|place)\b|\bbaby\b|\bgrowing family\b/, 'upsizing'],
  [/\bretir\w*/, 'retiring'],
  [/\binherit\w*|\bestate\b|\bpassed away\b/, 'inherited property'],
  [/\bdivorc\w*|\bseparat\w*/, 'divorce'],
  [/\bforeclos\w*|\bbehind on\b|\bcan not (?:afford|make)\b|\bfinancial\w*/, 'financial pressure'],
  [/\bcloser to (?:family|my kids|the kids|work|my parents)\b|\bnear (?:family|my parents)\b/, 'moving closer to family'],
  [/\bmoving (?:out of state|to [a-z]+|away|back)\b|\bleaving (?:the state|california|town)\b/, 'moving away'],
  [/\bcash out\b|\bequity\b|\binvest\w*/, 'cashing out equity'],
  [/\btired of (?:the )?(?:landlord|tenants|renting it out)|\bbad tenants\b/, 'tired of being a landlord'],
];

export function findMotivation(text: string): string | null {
  for (const [re, motivation] of MOTIVATIONS) if (re.test(text)) return motivation;
  return null;
}
