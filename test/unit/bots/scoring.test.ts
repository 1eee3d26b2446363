// Contact scoring: every temperature is reachable on the lead/buyer path and on the seller path.
import { describe, expect, it } from 'vitest';
import { scoreContact } from '../../../bots/scoring';
import type { Facts } from '../../../domain/types';

const budget = { min: null, max: 450_000, currency: 'USD' } as const;

describe('scoreContact', () => {
  it('is hot when the timeline is within 3 months and a budget is known (the seed was always cold here)', () => {
    expect(scoreContact({ timeline: { text: '3 months', months: 3 }, budget }, 2).temperature).toBe('hot');
  });

  it('is hot with a near timeline and a pre-approval instead of a budget', () => {
    expect(scoreContact({ timeline: { text: 'asap', months: 0 }, preapproval: true }, 1).temperature).toBe('hot');
  });

  it('is warm with a budget but a far timeline, and cold with nothing', () => {
    expect(scoreContact({ timeline: { text: 'next year', months: 12 }, budget }, 1).temperature).toBe('warm');
    expect(scoreContact({}, 1).temperature).toBe('cold');
  });

  it('warms an engaged contact who has shared some facts', () => {
    const facts: Facts = { goal: 'buy', area: 'Upland' };
    expect(scoreContact(facts, 1).temperature).toBe('cold');
    expect(scoreContact(facts, 5).temperature).toBe('warm');
  });

  it('is hot for a seller with all four answers and 30-45 days accepted, warm with three', () => {
    const seller: Facts = { motivation: 'relocating', timeline: { text: '30-45 days', months: 1.5 }, condition: 'needs work', price: 600_000 };
    expect(scoreContact(seller, 4).temperature).toBe('hot');
    const { price: _price, ...three } = seller;
    expect(scoreContact(three, 4).temperature).toBe('warm');
    expect(scoreContact({ ...seller, timeline: { text: 'next year', months: 12 } }, 4).temperature).toBe('warm');
  });

  it('scores buyer readiness from 0 to 100 as facts arrive', () => {
    const full: Facts = { budget, preapproval: true, downPayment: 20, timeline: { text: '2 months', months: 2 }, preferences: { bedrooms: 3 }, area: 'Upland' };
    expect(scoreContact({}, 0).readiness).toBe(0);
    expect(scoreContact({ budget }, 0).readiness).toBeLessThan(scoreContact({ budget, preapproval: true }, 0).readiness);
    expect(scoreContact(full, 0).readiness).toBe(100);
  });

  it('scores seller motivation higher for the accepted 30-45 day timeline than for a distant one', () => {
    const base: Facts = { motivation: 'downsizing', condition: 'updated', price: 700_000, goal: 'sell' };
    const fast = scoreContact({ ...base, timeline: { text: '30-45 days', months: 1.5 } }, 0).motivation;
    const slow = scoreContact({ ...base, timeline: { text: 'next year', months: 12 } }, 0).motivation;
    expect(fast).toBe(100);
    expect(slow).toBeLessThan(fast);
  });
});
