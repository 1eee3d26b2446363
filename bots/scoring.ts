// Scores a contact from its facts: temperature (hot/warm/cold), buyer readiness and seller motivation (0..100).
import type { Facts, Scores, Temperature } from '../domain/types';

/** "Would 30-45 days work?" accepted: the seller is ready within a month and a half. */
export const SELLER_FAST_MONTHS = 1.5;
/** A near timeline for a buyer: moving within a quarter. */
export const NEAR_MONTHS = 3;
export const MID_MONTHS = 6;
/** Messages after which an engaged contact with some facts counts as at least warm. */
export const ENGAGED_MESSAGES = 3;

const clamp = (n: number): number => Math.max(0, Math.min(100, Math.round(n)));

function timelinePoints(months: number | undefined, near: number, mid: number, far: number): number {
  if (months === undefined) return 0;
  if (months <= NEAR_MONTHS) return near;
  if (months <= MID_MONTHS) return mid;
  return far;
}

/** Budget 25, pre-approval 25, down payment 10, timeline up to 20, preferences 10, area 10. */
export function buyerReadiness(facts: Facts): number {
  let points = 0;
  if (facts.budget !== undefined) points += 25;
  if (facts.preapproval === true) points += 25;
  else if (facts.preapproval === false) points += 5;
  if (facts.downPayment !== undefined && facts.downPayment > 0) points += 10;
  points += timelinePoints(facts.timeline?.months, 20, 12, 5);
  if (facts.preferences !== undefined) points += 10;
  if (facts.area !== undefined) points += 10;
  return clamp(points);
}

/** Motivation 30, timeline up to 30 (30-45 days accepted = 30), condition 15, price 15, a stated goal to sell 10. */
export function sellerMotivation(facts: Facts): number {
  let points = 0;
  if (facts.motivation !== undefined) points += 30;
  const months = facts.timeline?.months;
  if (months !== undefined) points += months <= SELLER_FAST_MONTHS ? 30 : timelinePoints(months, 20, 10, 5);
  if (facts.condition !== undefined) points += 15;
  if (facts.price !== undefined) points += 15;
  if (facts.goal === 'sell' || facts.goal === 'both') points += 10;
  return clamp(points);
}

/** The seed's seller rule: hot = all four answered and 30-45 days accepted; warm = three answered. */
function sellerTemperature(facts: Facts): Temperature {
  const answered = [facts.motivation, facts.timeline, facts.condition, facts.price].filter((f) => f !== undefined).length;
  const fast = facts.timeline !== undefined && facts.timeline.months <= SELLER_FAST_MONTHS;
  if (answered === 4 && fast) return 'hot';
  if (answered >= 3) return 'warm';
  return 'cold';
}

/** Lead/buyer rule: hot = moving within 3 months with a budget or a pre-approval; warm = either half. */
function buyerTemperature(facts: Facts, messageCount: number): Temperature {
  const months = facts.timeline?.months;
  const money = facts.budget !== undefined || facts.preapproval === true;
  if (months !== undefined && months <= NEAR_MONTHS && money) return 'hot';
  if ((months !== undefined && months <= MID_MONTHS) || money) return 'warm';
  const known = Object.values(facts).filter((v) => v !== undefined).length;
  if (messageCount >= ENGAGED_MESSAGES && known >= 2) return 'warm';
  return 'cold';
}

const RANK: Record<Temperature, number> = { cold: 0, warm: 1, hot: 2 };

/** The hotter of the buyer and seller readings, so a contact who is both is never under-rated. */
export function scoreContact(facts: Facts, messageCount: number): Scores {
  const buyer = buyerTemperature(facts, messageCount);
  const seller = sellerTemperature(facts);
  return {
    temperature: RANK[seller] > RANK[buyer] ? seller : buyer,
    readiness: buyerReadiness(facts),
    motivation: sellerMotivation(facts),
  };
}
