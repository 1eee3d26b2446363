// The intent classifier: thresholds on clear statements, vague mentions, negation, spelling, sell AND buy, commands.
import { describe, expect, it } from 'vitest';
import { classifyIntent } from '../../../bots/classifier';

const ROUTE = { leadToBuyer: 0.7, leadToSeller: 0.7, buyerToSeller: 0.8, sellerToBuyer: 0.6 };

describe('classifyIntent', () => {
  it.each([
    'I want to sell my house',
    'What’s my home worth?',
    'need to sell fast, relocating for work',
    'Can you do a CMA on my property?',
    'thinking of putting our house on the market',
  ])('scores one clear seller statement above the buyer→seller threshold: %s', (text) => {
    const intent = classifyIntent(text);
    expect(intent.target).toBe('seller');
    expect(intent.confidence).toBeGreaterThanOrEqual(ROUTE.buyerToSeller);
  });

  it.each([
    "we're pre-approved and looking to buy",
    'I want to buy a house',
    'first time home buyers here',
    'looking for a 3 bedroom home in Upland',
    'Can I schedule a showing for the house on Haven?',
  ])('scores one clear buyer statement above the lead→buyer threshold: %s', (text) => {
    const intent = classifyIntent(text);
    expect(intent.target).toBe('buyer');
    expect(intent.confidence).toBeGreaterThanOrEqual(ROUTE.leadToBuyer);
  });

  it.each(['budget', 'house', 'home', 'around 450k', 'how is the market in Fontana', 'What are homes selling for around here?'])(
    'keeps a vague mention below 0.6: %s',
    (text) => {
      const { scores } = classifyIntent(text);
      expect(Math.max(scores.buyer, scores.seller)).toBeLessThan(0.6);
    },
  );

  it('names the strongest pattern of the winning side', () => {
    expect(classifyIntent('We’re pre-approved up to 550k').pattern).toBe('buy.preapproved');
    expect(classifyIntent('need to sell my place').pattern).toBe('sell.need_to_sell');
    expect(classifyIntent('my budget is 450k').pattern).toBe('buy.budget_amount');
  });

  it('reports both sides for "sell AND buy" and lets the stronger win', () => {
    const intent = classifyIntent('I want to sell my house and buy a new one');
    expect(intent.scores.seller).toBeGreaterThanOrEqual(0.7);
    expect(intent.scores.buyer).toBeGreaterThanOrEqual(0.7);
    expect(intent.target).toBe(intent.scores.seller > intent.scores.buyer ? 'seller' : 'buyer');
    expect(intent.confidence).toBe(Math.max(intent.scores.buyer, intent.scores.seller));
  });

  it('returns no target and zero confidence on a tie or on nothing', () => {
    expect(classifyIntent('ok thanks')).toMatchObject({ target: null, confidence: 0, pattern: '' });
  });

  it.each([
    ["we're not selling", 'seller'],
    ["don't want to buy anymore", 'buyer'],
    ['no longer interested in buying', 'buyer'],
    ['not looking to sell right now', 'seller'],
  ] as const)('counts negation against the side: %s', (text, side) => {
    expect(classifyIntent(text).scores[side]).toBeLessThan(0.6);
  });

  it('hands a contrast to the side that is affirmed', () => {
    const intent = classifyIntent("I'm not selling, I'm looking to buy");
    expect(intent.target).toBe('buyer');
    expect(intent.scores.seller).toBe(0);
  });

  it('treats curly and straight apostrophes and capitals the same', () => {
    const curly = classifyIntent('WHAT’S MY HOME WORTH');
    const straight = classifyIntent("what's my home worth");
    expect(curly).toEqual(straight);
    expect(curly.confidence).toBeGreaterThanOrEqual(0.8);
  });

  it.each(['im lookin 2 buy a hse', 'wanna sell my hse b4 summer', 'we r ready 2 buy asap', 'u guys help me sell my place?'])(
    'reads SMS shorthand: %s',
    (text) => {
      expect(classifyIntent(text).confidence).toBeGreaterThanOrEqual(0.7);
    },
  );

  it('discounts somebody else’s plan', () => {
    expect(classifyIntent('my sister might be interested in selling').confidence).toBeLessThan(0.7);
  });
});

describe('classifyIntent commands', () => {
  it.each(['STOP', 'stop', 'Unsubscribe', 'STOP!', 'cancel', 'End.', 'quit'])('opts out on the whole-message keyword %s', (text) => {
    expect(classifyIntent(text).command).toBe('opt_out');
  });

  it.each(['we need to cancel the showing', 'by the end of summer', 'stop by the open house'])('does not opt out on a keyword inside a sentence: %s', (text) => {
    expect(classifyIntent(text).command).not.toBe('opt_out');
  });

  it.each(['START', 'unstop'])('opts back in on %s', (text) => {
    expect(classifyIntent(text).command).toBe('opt_in');
  });

  it.each(['Can I talk to a real person?', 'is this a bot?', 'let me speak with a human pls', 'call me', 'not a bot please, an agent', 'Can someone call me?'])(
    'asks for a person: %s',
    (text) => {
      expect(classifyIntent(text).command).toBe('human');
    },
  );

  it('treats "call me" with a time as scheduling, not a request for a person', () => {
    expect(classifyIntent('call me tomorrow morning').command).toBeNull();
    expect(classifyIntent('you can call me after 5').command).toBeNull();
  });

  it.each(['facing foreclosure', 'my attorney handles it', 'is a short sale possible', 'the house is in probate', 'going through a divorce', 'we filed bankruptcy'])(
    'flags distress: %s',
    (text) => {
      expect(classifyIntent(text).command).toBe('distress');
    },
  );

  it('applies opt_out > opt_in > human > distress, and still reports the scores', () => {
    expect(classifyIntent('please remove my number').command).toBe('opt_out');
    expect(classifyIntent('talk to a lawyer? no, talk to a real agent').command).toBe('human');
    const distress = classifyIntent('facing foreclosure and need to sell my house');
    expect(distress.command).toBe('distress');
    expect(distress.scores.seller).toBeGreaterThanOrEqual(0.8);
  });

  it('lets a request for a person win over a revocation phrase in the same message', () => {
    expect(classifyIntent('stop texting me with a robot, get me a real agent').command).toBe('human');
  });

  it('lets what follows a contrast win over a negation before it, but not the other way round', () => {
    expect(classifyIntent('not ready to list yet but could you send me a valuation on my house?').target).toBe('seller');
    expect(classifyIntent('not ready to list yet but could you send me a valuation on my house?').confidence).toBeGreaterThanOrEqual(0.7);
    expect(classifyIntent('I wanted to sell my house but we are not selling anymore').confidence).toBeLessThan(0.6);
  });

  it('counts someone else\'s plan once, however many phrases describe it', () => {
    const intent = classifyIntent('my sister is thinking about selling her place, I’ll pass along your number');
    expect(intent.scores.seller).toBeLessThan(0.6);
    expect(classifyIntent('my sister is selling her place and we want to sell ours too').scores.seller).toBeGreaterThanOrEqual(0.7);
  });

  it.each([
    ['quiero comprar una casa en Ontario', 'buyer'],
    ['Quiero vender mi casa', 'seller'],
    ['i have a duplex i want to unload', 'seller'],
    ['can you value my home?', 'seller'],
    ['I would consider selling for the right price', 'seller'],
  ] as const)('reads a clear statement in other words: %s → %s', (text, target) => {
    const intent = classifyIntent(text);
    expect(intent.target).toBe(target);
    expect(intent.confidence).toBeGreaterThanOrEqual(0.7);
  });

  it('escalates "am i texting a robot"', () => {
    expect(classifyIntent('am i texting a robot lol').command).toBe('human');
  });
});
