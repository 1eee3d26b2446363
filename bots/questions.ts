// Each bot's qualification questions: the order they are asked in, and how each one is worded.
import type { BotName, Facts, FactKey } from '../domain/types';

/** One question per fact key; a bot asks the first key of its order that has no fact yet. */
export const QUESTION_ORDER: Record<BotName, readonly FactKey[]> = {
  lead: ['goal', 'timeline', 'contactWindow', 'appointmentDay'],
  buyer: ['budget', 'preapproval', 'downPayment', 'preferences', 'timeline', 'area', 'showingTime'],
  seller: ['motivation', 'timeline', 'condition', 'price'],
};

export function hasFact(facts: Facts, key: FactKey): boolean {
  return facts[key] !== undefined;
}

export function nextQuestion(bot: BotName, facts: Facts): FactKey | null {
  return QUESTION_ORDER[bot].find((key) => !hasFact(facts, key)) ?? null;
}

/**
 * Two wordings per question: the first time, and again when the contact did not answer it
 * (so a repeat does not read like a broken record). Timeline differs per bot: the seller bot
 * proposes the 30-45 day window the seed used.
 */
const WORDING: Record<FactKey, readonly [string, string]> = {
  goal: ['Are you looking to buy, sell, or both?', 'Just so I point you the right way: buying, selling, or both?'],
  budget: ['What price range are you shopping in?', 'Roughly what budget should I search with (e.g. $450k)?'],
  preapproval: ['Have you spoken with a lender or been pre-approved yet?', 'Are you pre-approved, or should I connect you with a lender?'],
  downPayment: ['About how much are you planning to put down?', 'Roughly what down payment do you have in mind (e.g. 10% or $50k)?'],
  preferences: ['How many bedrooms and baths do you need, and any must-haves?', 'What are your must-haves: beds, baths, type of home?'],
  timeline: ['When are you hoping to move?', 'What timeframe works for you: a few months, later this year?'],
  area: ['Which areas or neighborhoods are you considering?', 'Any particular city or neighborhood you want me to focus on?'],
  showingTime: ['Want to see a few homes? What day and time work for a showing?', 'What day and time suit you for a showing?'],
  motivation: ["What's prompting the move, and where are you headed next?", 'Can I ask what has you thinking about selling?'],
  condition: ['How would you describe the condition: move-in ready or does it need some work?', 'Is the home move-in ready, or would it need some work?'],
  propertyType: ['What type of property is it (house, condo, townhome)?', 'Is it a house, condo or townhome?'],
  price: ['Do you have a price in mind you would like to get?', 'What number would you be happy to sell at?'],
  contactWindow: ['Is a call in the morning or afternoon better for you?', 'When is best to reach you: morning, afternoon or evening?'],
  appointmentDay: ['Which day works for a quick call this week?', 'What day should we set the call for?'],
};

const SELLER_TIMELINE: readonly [string, string] = [
  'If we found the right buyer, would closing in 30-45 days work for you?',
  'Would a 30-45 day timeline work, or do you need longer?',
];

export function questionText(bot: BotName, key: FactKey, askedBefore: boolean): string {
  const wording = bot === 'seller' && key === 'timeline' ? SELLER_TIMELINE : WORDING[key];
  return askedBefore ? wording[1] : wording[0];
}
