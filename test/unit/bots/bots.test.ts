// The three bots: never re-ask a known fact, readable SMS within 320 characters, acknowledgements and next steps.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BOTS, QUESTION_ORDER, nextQuestion } from '../../../bots';
import { MAX_SMS_CHARS } from '../../../bots/compose';
import { knownSummary } from '../../../bots/format';
import { BOT_NAMES, FACT_KEYS, type BotTurn, type ContextPackage, type Facts, type FactKey } from '../../../domain/types';

const SAMPLE: Required<Facts> = {
  goal: 'buy',
  budget: { min: 400_000, max: 500_000, currency: 'USD' },
  preapproval: true,
  downPayment: 20,
  timeline: { text: '3 months', months: 3 },
  preferences: { bedrooms: 3, bathrooms: 2, propertyType: 'single family', features: ['pool', 'yard', 'good schools'] },
  area: 'Rancho Cucamonga',
  motivation: 'relocating for work',
  condition: 'move-in ready',
  propertyType: 'single family',
  price: 1_250_000,
  contactWindow: 'morning',
  appointmentDay: 'tuesday',
  showingTime: 'tuesday at 3',
};

function pick(keys: readonly FactKey[]): Facts {
  const out: Record<string, unknown> = {};
  for (const key of keys) out[key] = SAMPLE[key];
  return out as Facts;
}

function pkg(facts: Facts, at = 1_000, expiresAt = at + 86_400_000): ContextPackage {
  return {
    from: 'lead', to: 'buyer', at, expiresAt,
    intent: { target: 'buyer', confidence: 0.85, pattern: 'buy.want_to_buy' },
    facts, answered: Object.keys(facts) as FactKey[],
    scores: { temperature: 'warm', readiness: 50, motivation: 0 },
  };
}

function turn(over: Partial<BotTurn>): BotTurn {
  return { bot: 'lead', facts: {}, contextPackage: null, firstTurn: false, text: '', asked: [], messageCount: 1, ...over };
}

const keySubset = fc.subarray([...FACT_KEYS]);
const texts = fc.constantFrom('', 'ok', 'I want to buy a house', 'we’re pre-approved up to 550k', 'need to sell fast, relocating', 'tues at 3 works', 'in about 3 months', 'lol', 'yes', '3 bed 2 bath in Upland');

describe('bots', () => {
  it('never asks for a fact present in the turn or in a fresh context package (property)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...BOT_NAMES), keySubset, keySubset, fc.boolean(), texts, fc.subarray([...FACT_KEYS]), (bot, own, packaged, firstTurn, text, asked) => {
        const reply = BOTS[bot].reply(turn({ bot, facts: pick(own), contextPackage: pkg(pick(packaged)), firstTurn, text, asked, messageCount: own.length + 1 }));
        const known = new Set<FactKey>([...own, ...packaged]);
        expect(reply.asks.filter((key) => known.has(key))).toEqual([]);
        expect(reply.asks.every((key) => (FACT_KEYS as readonly string[]).includes(key))).toBe(true);
        expect(reply.asks.length).toBeLessThanOrEqual(1);
        expect(reply.text.length).toBeLessThanOrEqual(MAX_SMS_CHARS);
        expect(reply.text.length).toBeGreaterThan(0);
      }),
      { numRuns: 500 },
    );
  });

  it('asks the first open question of its order, and says so in asks', () => {
    for (const bot of BOT_NAMES) {
      const [first, second] = QUESTION_ORDER[bot];
      expect(BOTS[bot].reply(turn({ bot })).asks).toEqual([first]);
      expect(BOTS[bot].reply(turn({ bot, facts: first ? pick([first]) : {} })).asks).toEqual([second]);
      expect(nextQuestion(bot, pick(QUESTION_ORDER[bot]))).toBeNull();
    }
  });

  it("does not re-ask what the turn's facts already hold (the engine puts this message's facts there)", () => {
    const reply = BOTS.buyer.reply(
      turn({ bot: 'buyer', text: 'our budget is $450k and we are pre-approved', facts: { budget: { min: null, max: 450_000, currency: 'USD' }, preapproval: true } }),
    );
    expect(reply.asks).not.toContain('budget');
    expect(reply.asks).not.toContain('preapproval');
  });

  it('introduces itself after a handoff and acknowledges what the package already answers', () => {
    const reply = BOTS.buyer.reply(
      turn({ bot: 'buyer', firstTurn: true, contextPackage: pkg({ budget: { min: null, max: 450_000, currency: 'USD' }, timeline: { text: '3 months', months: 3 } }) }),
    );
    expect(reply.text).toContain('buying specialist');
    expect(reply.text).toContain('Thanks — I see you\'re looking around $450k within 3 months');
    expect(reply.asks).toEqual(['preapproval']);
  });

  it('ignores a package that is not valid (expires before it was made) and asks the question itself', () => {
    const stale = pkg({ budget: { min: null, max: 450_000, currency: 'USD' } }, 5_000, 4_000);
    expect(BOTS.buyer.reply(turn({ bot: 'buyer', contextPackage: stale })).asks).toEqual(['budget']);
  });

  it('words a repeated question differently from the first time', () => {
    const first = BOTS.seller.reply(turn({ bot: 'seller' }));
    const again = BOTS.seller.reply(turn({ bot: 'seller', asked: ['motivation'] }));
    expect(again.asks).toEqual(first.asks);
    expect(again.text).not.toBe(first.text);
  });

  it('proposes 30-45 days as the seller timeline', () => {
    const reply = BOTS.seller.reply(turn({ bot: 'seller', facts: pick(['motivation']) }));
    expect(reply.asks).toEqual(['timeline']);
    expect(reply.text).toContain('30-45 days');
  });

  it('offers the next step and asks nothing once everything is known', () => {
    const seller = BOTS.seller.reply(turn({ bot: 'seller', facts: { ...pick(QUESTION_ORDER.seller), timeline: { text: '30-45 days', months: 1.5 } } }));
    expect(seller.asks).toEqual([]);
    expect(seller.text).toMatch(/valuation/);
    expect(seller.scores.temperature).toBe('hot');
    const buyer = BOTS.buyer.reply(turn({ bot: 'buyer', facts: pick(QUESTION_ORDER.buyer) }));
    expect(buyer.asks).toEqual([]);
    expect(buyer.text).toContain('tuesday at 3');
    const lead = BOTS.lead.reply(turn({ bot: 'lead', facts: pick(QUESTION_ORDER.lead) }));
    expect(lead.asks).toEqual([]);
    expect(lead.text).toContain('tuesday in the morning');
  });

  it('asks for a showing time as the buyer’s last step', () => {
    const allButShowing = QUESTION_ORDER.buyer.filter((key) => key !== 'showingTime');
    expect(BOTS.buyer.reply(turn({ bot: 'buyer', facts: pick(allButShowing) })).asks).toEqual(['showingTime']);
  });

  it('reports a hot lead on the lead path', () => {
    const reply = BOTS.lead.reply(turn({ bot: 'lead', facts: pick(['goal', 'timeline', 'budget']) }));
    expect(reply.scores.temperature).toBe('hot');
  });
});

describe('acknowledgements', () => {
  it('reads as a sentence when pre-approval is the only thing the package says', () => {
    expect(knownSummary({ preapproval: true })).toBe("you're already pre-approved");
    expect(knownSummary({ preapproval: true, budget: { min: null, max: 450_000, currency: 'USD' } })).toMatch(/^you're looking .* and already pre-approved$/);
  });
});
