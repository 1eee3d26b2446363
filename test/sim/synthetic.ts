// Synthetic contacts with a known ground truth for the learning simulation: noisy intents, some misleading patterns.
import type { BotName, HandoffTarget, Intent } from '../../domain/types';

/** What a contact really needs: a bot, or no handoff at all (stays with Lead, e.g. a renter). */
export type Truth = HandoffTarget | 'none';

/** A seeded PRNG (mulberry32): the same seed gives the same 1,000 conversations every run. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function normal(random: () => number, mean: number, sd: number): number {
  const u = Math.max(random(), 1e-12);
  const v = random();
  return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** A phrase pattern as the classifier would report it: the side it claims, and how confident it tends to be. */
interface PatternShape {
  pattern: string;
  claims: HandoffTarget | null;
  mean: number;
  sd: number;
}

const P = (pattern: string, claims: HandoffTarget | null, mean: number, sd: number): PatternShape => ({ pattern, claims, mean, sd });

/**
 * What each kind of contact says first, with weights. Misleading patterns claim the wrong side
 * with confidence above the route default: `sell.downsize` (buyers who downsize), `buy.upgrade`
 * (sellers who mention their next home), `buy.rent` (renters, who need no handoff). Reliable but
 * timid patterns sit just under the default: `buy.looking`, `sell.thinking`.
 */
const OPENERS: Record<Truth, Array<[PatternShape, number]>> = {
  buyer: [
    [P('buy.preapproved', 'buyer', 0.8, 0.07), 0.35],
    [P('buy.looking', 'buyer', 0.68, 0.04), 0.35],
    [P('sell.downsize', 'seller', 0.76, 0.05), 0.15],
    [P('', null, 0, 0), 0.15],
  ],
  seller: [
    [P('sell.valuation', 'seller', 0.78, 0.07), 0.45],
    [P('sell.thinking', 'seller', 0.68, 0.04), 0.35],
    [P('buy.upgrade', 'buyer', 0.74, 0.05), 0.1],
    [P('', null, 0, 0), 0.1],
  ],
  none: [
    [P('buy.rent', 'buyer', 0.74, 0.05), 0.4],
    [P('', null, 0, 0), 0.6],
  ],
};

const NEUTRAL: Intent = { target: null, goal: null, confidence: 0, pattern: '', scores: { buyer: 0, seller: 0 }, command: null };

function intentOf(shape: PatternShape, random: () => number): Intent {
  if (shape.claims === null) return NEUTRAL;
  const confidence = Math.round(Math.min(0.99, Math.max(0.3, normal(random, shape.mean, shape.sd))) * 100) / 100;
  const goal = shape.claims === 'buyer' ? 'buy' : 'sell';
  const scores = shape.claims === 'buyer' ? { buyer: confidence, seller: 0 } : { buyer: 0, seller: confidence };
  return { target: shape.claims, goal, confidence, pattern: shape.pattern, scores, command: null };
}

function pick<T>(weighted: ReadonlyArray<[T, number]>, random: () => number): T {
  let roll = random() * weighted.reduce((sum, [, weight]) => sum + weight, 0);
  for (const [item, weight] of weighted) {
    roll -= weight;
    if (roll <= 0) return item;
  }
  const last = weighted[weighted.length - 1];
  if (last === undefined) throw new Error('nothing to pick from');
  return last[0];
}

export function drawTruth(random: () => number): Truth {
  return pick<Truth>([['buyer', 0.4], ['seller', 0.35], ['none', 0.25]], random);
}

/**
 * The contact's next message, given where the conversation is: a first or repeated statement of
 * its need while still with Lead; a correction ("no, I want to BUY") when handed to the wrong bot;
 * a renter handed to a bot mostly opts out; otherwise small talk without handoff intent.
 */
export function nextIntent(truth: Truth, owner: BotName | null, random: () => number): Intent {
  if (owner === null) return NEUTRAL;
  if (owner === 'lead') return intentOf(pick(OPENERS[truth], random), random);
  if (truth === 'none') return random() < 0.7 ? { ...NEUTRAL, command: 'opt_out' } : NEUTRAL;
  if (owner !== truth) return intentOf(P(`${truth === 'buyer' ? 'buy' : 'sell'}.explicit`, truth, 0.9, 0.04), random);
  return NEUTRAL;
}
