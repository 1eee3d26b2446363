// The intent classifier: weighted phrase patterns → per-side scores → {target, confidence, pattern, command}.
import type { HandoffTarget, Intent } from '../domain/types';
import { detectCommand } from './commands';
import { PATTERNS } from './intent-patterns';
import { bareWords, normalize } from './normalize';

/** Negators that turn a following statement around: "not selling", "do not want to buy", "no longer looking". */
const NEGATOR = /\b(?:not|never|no longer|no plans to|no intention of|no interest in|nor|neither|without|decided against|stopped)\b/;
/** How far back (in words, within the clause) a negator still applies to a match. */
const NEGATION_REACH = 5;
/** Someone else's plan ("my sister might be selling") is weak evidence about this contact. */
const THIRD_PARTY =
  /\b(?:my|our|a) (?:sister|brother|mom|mother|dad|father|friend|neighbor|neighbour|cousin|son|daughter|parents|coworker|co-worker|boss|aunt|uncle|grandma|grandmother|grandpa|grandfather|client|buddy|family member)\b/;
const FIRST_PERSON = /\b(?:i|we|me|us)\b/;
const THIRD_PARTY_FACTOR = 0.4;

/**
 * Global copies compiled once. matchAll() clones its regex, so these shared objects are never
 * mutated (no lastIndex state leaks between calls); compiling per call cost ~0.15 ms a message.
 */
const COMPILED = PATTERNS.map((pattern) => ({ pattern, global: new RegExp(pattern.re.source, 'g') }));

interface Evidence {
  positive: Map<string, number>;
  /**
   * Someone else's plan counts once, at its strongest (not noisy-OR'd): several phrases about the
   * sister's sale are still one weak fact about this contact.
   */
  thirdParty: number;
  /** Where the latest positive match starts (-1: none). */
  lastPositiveAt: number;
  negated: Array<{ at: number; weight: number }>;
}

/** "not ready to list yet, but send me a valuation": what follows the contrast is what they want. */
const CONTRAST = / but | however | though | although /g;

/** The clause that leads up to a match: from the last sentence break, comma or "but". */
function clauseBefore(text: string, index: number): string {
  const before = text.slice(0, index);
  const parts = before.split(/[.,;!?:]| but | though | however /);
  return parts[parts.length - 1] ?? '';
}

function isNegated(clause: string): boolean {
  const words = clause.trim().split(' ');
  return NEGATOR.test(words.slice(-NEGATION_REACH).join(' '));
}

function isThirdParty(clause: string): boolean {
  const third = THIRD_PARTY.exec(clause);
  if (!third) return false;
  return !FIRST_PERSON.test(clause.slice(third.index + third[0].length));
}

function collect(normalized: string, bare: string): Record<HandoffTarget, Evidence> {
  const evidence: Record<HandoffTarget, Evidence> = {
    buyer: { positive: new Map(), thirdParty: 0, lastPositiveAt: -1, negated: [] },
    seller: { positive: new Map(), thirdParty: 0, lastPositiveAt: -1, negated: [] },
  };
  for (const { pattern, global } of COMPILED) {
    const side = evidence[pattern.side];
    if (pattern.wholeMessage) {
      if (pattern.re.test(bare)) side.positive.set(pattern.id, Math.max(pattern.weight, side.positive.get(pattern.id) ?? 0));
      continue;
    }
    for (const match of normalized.matchAll(global)) {
      const clause = clauseBefore(normalized, match.index);
      if (isNegated(clause)) {
        side.negated.push({ at: match.index, weight: pattern.weight });
        continue;
      }
      if (isThirdParty(clause)) side.thirdParty = Math.max(side.thirdParty, pattern.weight * THIRD_PARTY_FACTOR);
      else side.positive.set(pattern.id, Math.max(pattern.weight, side.positive.get(pattern.id) ?? 0));
      side.lastPositiveAt = Math.max(side.lastPositiveAt, match.index);
    }
  }
  return evidence;
}

/** A negated statement still counts unless a contrast after it leads to positive evidence. */
function negationDiscount(evidence: Evidence, normalized: string): number {
  let discount = 0;
  for (const negated of evidence.negated) {
    const overridden = [...normalized.matchAll(CONTRAST)].some(
      (contrast) => contrast.index > negated.at && evidence.lastPositiveAt > contrast.index,
    );
    if (!overridden) discount = Math.max(discount, negated.weight);
  }
  return discount;
}

/** Noisy-OR of the distinct patterns, then discounted by the strongest negated statement that still stands. */
function sideScore(evidence: Evidence, normalized: string): number {
  let miss = 1 - evidence.thirdParty;
  for (const weight of evidence.positive.values()) miss *= 1 - weight;
  return round((1 - miss) * (1 - negationDiscount(evidence, normalized)));
}

function strongest(evidence: Evidence): string {
  let best = '';
  let bestWeight = -1;
  for (const [id, weight] of evidence.positive) {
    if (weight > bestWeight) {
      best = id;
      bestWeight = weight;
    }
  }
  return best === '' && evidence.thirdParty > 0 ? 'third_party' : best;
}

/** Four decimals keep "0.7 passes a 0.7 threshold" exact after the noisy-OR arithmetic. */
function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

/** Both sides this strong: the contact wants to sell and buy. */
const BOTH_SCORE = 0.7;

export function classifyIntent(text: string): Intent {
  const normalized = normalize(text);
  const evidence = collect(normalized, bareWords(text));
  const scores = { buyer: sideScore(evidence.buyer, normalized), seller: sideScore(evidence.seller, normalized) };
  const command = detectCommand(text);
  let target: HandoffTarget | null = null;
  if (scores.buyer > scores.seller) target = 'buyer';
  else if (scores.seller > scores.buyer) target = 'seller';
  if (target === null) return { target: null, goal: null, confidence: 0, pattern: '', scores, command };
  const goal = Math.min(scores.buyer, scores.seller) >= BOTH_SCORE ? 'both' : target === 'buyer' ? 'buy' : 'sell';
  return { target, goal, confidence: scores[target], pattern: strongest(evidence[target]), scores, command };
}
