// Pure fact extraction from one inbound SMS, reading short answers ("yes", "3 months") against what was just asked.
import type { BotName, Facts, FactKey, TimelineFact } from '../domain/types';
import { conditionAnswer, findArea, findCondition, findMotivation, findPreferences, findPropertyType } from './extract-home';
import { findDownPayment, findMoney, type MoneySpan } from './extract-money';
import { findBareMonths, findContactWindow, findDay, findShowingTime, findTimeline } from './extract-time';
import { normalize } from './normalize';

export interface ExtractContext {
  bot: BotName;
  /** The fact keys the bot's previous message asked for; a short answer is read against them. */
  lastAsked: readonly FactKey[];
  /**
   * The goal the message states, as the engine read it from the message's one classification (confident
   * enough to act on), or null. Facts never classify a message a second time.
   */
  statedGoal: NonNullable<Facts['goal']> | null;
}

/** The seller bot's timeline question is "would 30-45 days work?"; a "yes" answers it with this. */
export const SELLER_TIMELINE_OFFER = { text: '30-45 days', months: 1.5 } as const;
/** A "no" to that offer: later than 45 days, exact date unknown. */
export const SELLER_TIMELINE_DECLINED = { text: 'later than 30-45 days', months: 3 } as const;

const YES = /^(?:yes|yeah|yea|yep|yup|ya|sure|correct|definitely|absolutely|of course|already|we are|i am|i have|we have|done|affirmative|sounds good|works|that works)\b/;
const NO = /^(?:no|nope|nah|not yet|not really|negative|not at all|(?:i |we )?(?:have not|are not|am not|do not|did not))\b/;

const BUDGET_CUE = /\b(?:budget|price range|range|spend|afford|up to|max|maximum|no more than|nothing over|under|below|less than|approved for|qualified for|pre-approved|pre-qualified|looking (?:at|around|for)|around|about|homes in|in the)\b/;
const PRICE_CUE = /\b(?:asking|list (?:it |my [a-z]+ |our [a-z]+ )?(?:for|at)|sell (?:it |my [a-z]+ |our [a-z]+ )?for|worth|hoping (?:to get|for)|want(?:ing)? (?:to get|at least)|expect\w*|get at least|price (?:it |is )?(?:at|around)?|priced at|think (?:it s|it is|we can get|i can get))\b/;
const OTHERS_PRICE = /\b(?:sold for|next door|neighbou?r|down the street|on my street|listed at|zillow says|zestimate)\b/;

function moneyFacts(text: string, ctx: ExtractContext, out: Partial<Facts>): void {
  const down = findDownPayment(text);
  if (down !== null) out.downPayment = down;
  else if (ctx.lastAsked.includes('downPayment')) {
    const bare = /^(?:about |around |maybe )?\$?(\d[\d,.]*)\s?(k|%|percent)?$/.exec(text.replace(/[^a-z0-9$%,. ]/g, '').trim());
    if (bare?.[1]) out.downPayment = Number(bare[1].replace(/,/g, '')) * (bare[2] === 'k' ? 1_000 : 1);
    else if (/^(?:none|nothing|zero|0|no)\b/.test(text)) out.downPayment = 0;
  }
  const spans = findMoney(text).filter((span) => !isDownPaymentSpan(text, span));
  const asked = (key: FactKey): boolean => ctx.lastAsked.includes(key);
  for (const span of spans) {
    const before = text.slice(Math.max(0, span.index - 40), span.index);
    const around = text.slice(Math.max(0, span.index - 40), span.end + 15);
    if (OTHERS_PRICE.test(around)) continue;
    const isPrice = PRICE_CUE.test(before) || (asked('price') && !asked('budget')) || (ctx.bot === 'seller' && !BUDGET_CUE.test(before) && !asked('budget'));
    const isBudget = !isPrice && (BUDGET_CUE.test(around) || asked('budget') || (span.explicit && ctx.bot !== 'seller'));
    if (isPrice && out.price === undefined && (span.explicit || PRICE_CUE.test(before) || asked('price'))) out.price = span.max;
    if (isBudget && out.budget === undefined) out.budget = { min: span.min, max: span.max, currency: 'USD' };
  }
}

function isDownPaymentSpan(text: string, span: MoneySpan): boolean {
  return /^\s?(?:down\b|for (?:a |the )?down)/.test(text.slice(span.end)) || /down ?payment (?:of |is )?$/.test(text.slice(0, span.index));
}

function preapprovalFact(text: string, ctx: ExtractContext): boolean | null {
  const negated = /\b(?:not|have not|haven t|never|no|need to|want to|would like to|like to|going to|plan to|trying to|will|yet to|working on) (?:been |get |getting |be |yet )?(?:pre-(?:approved|qualified)|approved|talked to a lender|spoken (?:with|to) a lender)\b|\bno (?:pre-approval|lender)\b|\bnot (?:pre-approved|pre-qualified) yet\b/;
  if (negated.test(text)) return false;
  if (/\bpre-(?:approved|qualified)\b|\b(?:approved|qualified) for (?:a |the |our )?(?:mortgage|loan|home loan|\$?\d)|\b(?:spoke|spoken|talked|been talking|working) (?:with|to) (?:a |my |our |the )?(?:lender|loan officer|mortgage)|\bcash buyers?\b|\bpaying (?:all )?cash\b|\b(?:va|fha) (?:approved|loan approved)\b/.test(text)) return true;
  if (ctx.lastAsked.includes('preapproval')) {
    if (NO.test(text)) return false;
    if (YES.test(text)) return true;
  }
  return null;
}

function goalFact(text: string, ctx: ExtractContext): NonNullable<Facts['goal']> | null {
  if (/^(?:both|a bit of both|both actually|doing both)\b/.test(text)) return 'both';
  if (ctx.statedGoal !== null) return ctx.statedGoal;
  if (ctx.lastAsked.includes('goal')) {
    if (/\bbuy/.test(text)) return 'buy';
    if (/\bsell/.test(text)) return 'sell';
  }
  return null;
}

function timelineFact(text: string, ctx: ExtractContext): TimelineFact | null {
  const found = findTimeline(text);
  if (found !== null) return found;
  if (!ctx.lastAsked.includes('timeline')) return null;
  const bare = findBareMonths(text);
  if (bare !== null) return bare;
  if (ctx.bot === 'seller') {
    if (YES.test(text)) return { ...SELLER_TIMELINE_OFFER };
    if (NO.test(text)) return { ...SELLER_TIMELINE_DECLINED };
  }
  return null;
}

const SHORT_ANSWER_WORDS = 4;

export function extractFacts(raw: string, ctx: ExtractContext): Partial<Facts> {
  const text = normalize(raw);
  const out: Partial<Facts> = {};
  const asked = (key: FactKey): boolean => ctx.lastAsked.includes(key);
  const short = text.split(' ').length <= SHORT_ANSWER_WORDS;

  const goal = goalFact(text, ctx);
  if (goal !== null) out.goal = goal;
  moneyFacts(text, ctx, out);
  const preapproval = preapprovalFact(text, ctx);
  if (preapproval !== null) out.preapproval = preapproval;
  const timeline = timelineFact(text, ctx);
  if (timeline !== null) out.timeline = timeline;

  const prefs = findPreferences(text);
  if (prefs !== null && ctx.bot !== 'seller') out.preferences = prefs;
  const type = findPropertyType(text);
  if (type !== null && (ctx.bot === 'seller' || asked('propertyType'))) out.propertyType = type;

  if (ctx.bot !== 'seller' || asked('area')) {
    const area = findArea(text);
    if (area !== null) out.area = area;
    else if (asked('area') && short && !YES.test(text) && !NO.test(text)) out.area = text.replace(/[^a-z .'-]/g, '').trim().replace(/\b[a-z]/g, (c) => c.toUpperCase());
  }

  const motivation = findMotivation(text);
  if (motivation !== null) out.motivation = motivation;
  else if (asked('motivation') && text.split(' ').length >= 2 && !YES.test(text) && !NO.test(text)) out.motivation = text.slice(0, 80);

  const condition = findCondition(text) ?? (asked('condition') ? conditionAnswer(text) : null);
  if (condition !== null) out.condition = condition;

  const windowCue = asked('contactWindow') || short || /\b(?:call|text|reach|contact|best|better|works|work|good|prefer)\b/.test(text);
  const contactWindow = windowCue ? findContactWindow(text) : null;
  if (contactWindow !== null) out.contactWindow = contactWindow;

  const day = findDay(text);
  if (day !== null) out.appointmentDay = day;
  const showing = findShowingTime(text);
  if (showing !== null && (ctx.bot === 'buyer' || asked('showingTime'))) out.showingTime = showing;
  return out;
}
