// Reads time out of normalised SMS text: a move timeline in months, a contact window, a day, a showing time.
import type { TimelineFact } from '../domain/types';

/**
 * Bots have no clock, so a season or month name ("next spring", "by June") cannot be turned into
 * an exact distance. Convention: it counts as 6 months — the middle of "some time within the year" —
 * and the words are kept in `text`, so a service with a clock can refine them.
 */
export const NAMED_PERIOD_MONTHS = 6;

const UNIT_MONTHS: Record<string, number> = { day: 1 / 30, week: 12 / 52, month: 1, year: 12 };
const WORD_NUMBERS: Record<string, number> = {
  a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, twelve: 12,
  couple: 2, 'a couple': 2, 'a couple of': 2, 'couple of': 2, few: 3, 'a few': 3, several: 4, half: 0.5, 'a half': 0.5,
};

function unitOf(word: string): number {
  const key = word.replace(/s$/, '').replace(/^(?:mo|mos|mth|mnth)$/, 'month').replace(/^(?:wk|wks)$/, 'week').replace(/^(?:yr|yrs)$/, 'year');
  return UNIT_MONTHS[key] ?? 1;
}

const roundMonths = (n: number): number => Math.round(n * 10) / 10;

const NUM = '(\\d+(?:\\.\\d+)?|a couple of|a couple|couple of|couple|a few|few|several|one|two|three|four|five|six|seven|eight|nine|ten|twelve|a|an)';
const UNIT = '(days?|weeks?|wks?|months?|mos?|mths?|years?|yrs?)';
const RANGE_RE = new RegExp(`\\b(\\d+)\\s?(?:-|to|or)\\s?(\\d+)\\s?${UNIT}\\b`);
const SPAN_RE = new RegExp(`\\b${NUM}\\s?${UNIT}\\b`);
const NOW_RE =
  /\b(?:as soon as possible|right away|immediately|urgent(?:ly)?|right now|this week|this month|yesterday|(?:ready|move|buy|sell|list|go) now)\b|\b(?:sell|move|close|buy|out|list)\b[^.?!]{0,20}\b(?:fast|quick|quickly)\b/;
const SOON_RE = /\b(?:soon|shortly|in the near future)\b/;
const LATER_RE = /\b(?:no rush|not in a (?:hurry|rush)|someday|eventually|just looking|just browsing|down the road|not sure when)\b/;
const NEXT_YEAR_RE = /\b(?:next year|end of (?:the )?year|this year|within (?:a|the) year)\b/;
const PERIOD_RE =
  /\b(?:(?:next|this|by|before|in|around|early|late|end of|after) )*(?:the )?(?:spring|summer|fall|autumn|winter|january|february|march|april|june|july|august|september|october|november|december|new year|holidays|school year|school starts)\b/;

/** A timeline in the text, or null. Ranges count at their far end ("30-45 days" → 1.5 months). */
export function findTimeline(text: string): TimelineFact | null {
  if (/\bnot (?:right )?now\b|\bnot yet\b/.test(text) && !SPAN_RE.test(text)) return null;
  const range = RANGE_RE.exec(text);
  if (range?.[2] && range[3]) return { text: range[0], months: roundMonths(Number(range[2]) * unitOf(range[3])) };
  const span = SPAN_RE.exec(text);
  if (span?.[1] && span[2]) {
    const count = WORD_NUMBERS[span[1]] ?? Number(span[1]);
    if (Number.isFinite(count) && !/\b(?:ago|old|since|lived|owned|been)\b/.test(text)) {
      return { text: span[0], months: roundMonths(count * unitOf(span[2])) };
    }
  }
  const now = NOW_RE.exec(text);
  if (now) return { text: now[0], months: 0 };
  const soon = SOON_RE.exec(text);
  if (soon) return { text: soon[0], months: 3 };
  const nextYear = NEXT_YEAR_RE.exec(text);
  if (nextYear) return { text: nextYear[0], months: nextYear[0].includes('next') ? 12 : NAMED_PERIOD_MONTHS };
  const period = PERIOD_RE.exec(text);
  if (period) return { text: period[0], months: NAMED_PERIOD_MONTHS };
  const later = LATER_RE.exec(text);
  if (later) return { text: later[0], months: 12 };
  return null;
}

/** A bare number answering "when?" ("3", "6mo") means months. */
export function findBareMonths(text: string): TimelineFact | null {
  const m = /^(?:in |about |around |maybe |like )?(\d{1,2})(?:\s?(?:mo|mos|months?))?$/.exec(text.replace(/[^a-z0-9 ]/g, '').trim());
  return m?.[1] ? { text: `${m[1]} months`, months: Number(m[1]) } : null;
}

export type ContactWindow = 'morning' | 'afternoon' | 'evening';

export function findContactWindow(text: string): ContactWindow | null {
  if (/\b(?:mornings?|before noon|early|\d{1,2}\s?am)\b/.test(text)) return 'morning';
  if (/\b(?:afternoons?|noon|lunch|midday|after lunch)\b/.test(text)) return 'afternoon';
  if (/\b(?:evenings?|tonight|night|after work|after (?:5|6|7)|dinner)\b/.test(text)) return 'evening';
  const pm = /\b(\d{1,2})(?::\d\d)?\s?pm\b/.exec(text);
  if (pm?.[1]) return Number(pm[1]) >= 5 && Number(pm[1]) < 12 ? 'evening' : 'afternoon';
  return null;
}

const DAY_RE = /\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|today|this weekend|weekend|next week)s?\b/;
const TIME_RE = /\b(?:(?:at|around|@|by|after)\s?(\d{1,2}(?::\d\d)?\s?(?:am|pm)?)|(\d{1,2}(?::\d\d)?\s?(?:am|pm))|(noon|midday))\b/;

export function findDay(text: string): string | null {
  return DAY_RE.exec(text)?.[1] ?? null;
}

/** A day and/or clock time, as the contact wrote it ("tuesday at 3"). */
export function findShowingTime(text: string): string | null {
  const day = findDay(text);
  const time = TIME_RE.exec(text);
  const clock = time ? (time[1] ?? time[2] ?? time[3] ?? '').trim() : '';
  if (day === null && clock === '') return null;
  return [day, clock !== '' ? `at ${clock}` : null].filter((part): part is string => part !== null).join(' ');
}
