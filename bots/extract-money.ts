// Reads dollar amounts out of normalised SMS text: "$450k", "450,000", "1.2M", "between 400 and 500k", "the 700s".

export interface MoneySpan {
  min: number | null;
  max: number;
  /** Where the phrase sits in the text, so the caller can look at the words around it. */
  index: number;
  end: number;
  /** The amount carried its own unit or $ sign (so it is money without any context). */
  explicit: boolean;
}

const NUMBER = '(\\$\\s?)?(\\d{1,3}(?:,\\d{3})+|\\d+(?:\\.\\d+)?)\\s?(?:(k|m|mil|million|thousand|grand)\\b)?';
const RANGE = new RegExp(`\\b(?:between |from )?${NUMBER}\\s?(?:-|to|and)\\s?${NUMBER}(?![\\d%])(?!\\s?(?:bed|bd|br|bath|ba|month|mo|week|day|year|yr|%|percent))`, 'g');
const SINGLE = new RegExp(`(?<![\\d.,-])${NUMBER}(?:ish)?(?![\\d%,]|\\.\\d)(?!\\s?(?:bed|bd|br|bath|ba|month|mo|week|day|year|yr|%|percent|am|pm|st|nd|rd|th|minutes|min|hour|hr|people|kids|story|car|sq|acre))`, 'g');
const DECADE = /\b(?:the |low |mid |high |upper |lower )?(\d)00s\b|\b(?:the |low |mid |high )?(\d{3})s\b/g;

function unitValue(raw: string, unit: string | undefined, dollar: boolean): { value: number; explicit: boolean } {
  const n = Number(raw.replace(/,/g, ''));
  if (unit === 'k' || unit === 'thousand' || unit === 'grand') return { value: n * 1_000, explicit: true };
  if (unit === 'm' || unit === 'mil' || unit === 'million') return { value: n * 1_000_000, explicit: true };
  if (raw.includes(',')) return { value: n, explicit: true };
  // Nobody's budget is $475 or $1.5: a short bare number in a price context means thousands (or millions).
  if (n < 10) return { value: n * 1_000_000, explicit: dollar };
  if (n < 10_000) return { value: n * 1_000, explicit: dollar };
  return { value: n, explicit: dollar };
}

/** Prices below this are not house money (a fee, a phone-number fragment, a street number). */
const MIN_PRICE = 20_000;
const MAX_PRICE = 50_000_000;

export function findMoney(text: string): MoneySpan[] {
  const spans: MoneySpan[] = [];
  const taken: Array<[number, number]> = [];
  const overlaps = (a: number, b: number): boolean => taken.some(([x, y]) => a < y && b > x);
  for (const m of text.matchAll(RANGE)) {
    const [, d1, n1 = '', u1, d2, n2 = '', u2] = m;
    const secondUnit = u2 ?? undefined;
    const lo = unitValue(n1, u1 ?? secondUnit, d1 !== undefined || d2 !== undefined);
    const hi = unitValue(n2, secondUnit ?? u1 ?? undefined, d1 !== undefined || d2 !== undefined);
    if (hi.value < MIN_PRICE || hi.value > MAX_PRICE || lo.value > hi.value) continue;
    spans.push({ min: lo.value, max: hi.value, index: m.index, end: m.index + m[0].length, explicit: lo.explicit || hi.explicit });
    taken.push([m.index, m.index + m[0].length]);
  }
  for (const m of text.matchAll(DECADE)) {
    const base = m[1] !== undefined ? Number(m[1]) * 100 : Number(m[2] ?? '0');
    if (base < 100 || overlaps(m.index, m.index + m[0].length)) continue;
    spans.push({ min: base * 1_000, max: (base + 100) * 1_000, index: m.index, end: m.index + m[0].length, explicit: true });
    taken.push([m.index, m.index + m[0].length]);
  }
  for (const m of text.matchAll(SINGLE)) {
    const [, dollar, raw = '', unit] = m;
    if (overlaps(m.index, m.index + m[0].length)) continue;
    if (dollar === undefined && unit === undefined && /^(?:19|20)\d\d$/.test(raw)) continue; // a year
    const { value, explicit } = unitValue(raw, unit, dollar !== undefined);
    if (value < MIN_PRICE || value > MAX_PRICE) continue;
    spans.push({ min: null, max: value, index: m.index, end: m.index + m[0].length, explicit });
    taken.push([m.index, m.index + m[0].length]);
  }
  return spans.sort((a, b) => a.index - b.index);
}

/** A down payment: "20% down" (percent, stored as 20), "$50k down" (dollars). Values <= 100 are percent. */
export function findDownPayment(text: string): number | null {
  const pct = /\b(\d{1,2}(?:\.\d+)?)\s?(?:%|percent)(?: down| down payment| for (?:a |the )?down ?payment)?\b/.exec(text);
  const dollars = /(\$?\s?\d[\d,.]*\s?(?:k|m|thousand|grand)?)\s(?:down\b|for (?:a |the )?down ?payment|saved for (?:a |the )?down ?payment)/.exec(text);
  const saved = /\bdown ?payment (?:of |is |saved |around |about )*(\$?\s?\d[\d,.]*\s?(?:k|m|thousand|grand|%|percent)?)/.exec(text);
  if (pct && /down/.test(text)) return Number(pct[1]);
  const raw = dollars?.[1] ?? saved?.[1];
  if (raw === undefined) return null;
  if (/%|percent/.test(raw)) return Number(raw.replace(/[^\d.]/g, ''));
  const m = /(\d[\d,.]*)\s?(k|m|thousand|grand)?/.exec(raw.replace('$', ''));
  if (!m?.[1]) return null;
  const n = Number(m[1].replace(/,/g, ''));
  const unit = m[2];
  if (unit === 'k' || unit === 'thousand' || unit === 'grand') return n * 1_000;
  if (unit === 'm') return n * 1_000_000;
  return n;
}
