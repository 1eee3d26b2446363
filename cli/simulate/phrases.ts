// What simulated contacts say: openers, answers and switches per persona, in the words real SMS leads use.
export const BUYER_OPENERS = [
  "Hi, I'm looking to buy a house",
  'We want to buy a 3 bedroom home in the next few months',
  'looking for a place to buy, preapproved for 400k',
  "we're ready to buy now",
  'Saw your ad. We are house hunting',
  'might be looking for a home this year',
  "we're renting now but want our own place",
  'interested in buying a condo downtown',
  'first time buyer here, where do I start?',
  'maybe buying a place eventually, just browsing',
] as const;

export const SELLER_OPENERS = [
  "I'm thinking about selling my house",
  'we need to sell our home, relocating for work',
  'how much could I get for my house?',
  'I want to list my home',
  'what is my house worth these days',
  'thinking about putting our place on the market',
  'inherited a house and want to sell it',
] as const;

export const BOTH_OPENERS = [
  'we want to sell our place and buy something bigger',
  'need to sell my condo before buying a new house',
  'looking to downsize: sell the family home and buy something smaller',
] as const;

export const BROWSER_OPENERS = ['hi', 'who is this?', 'got your text', 'hello, what is this about', 'just curious'] as const;

export const BUYER_ANSWERS = [
  'around 450k',
  'our budget is $350,000',
  'yes we are preapproved',
  'not preapproved yet',
  'in about 3 months',
  'next spring',
  '3 bed 2 bath',
  'a yard for the dog would be nice',
  'north side near the schools',
  'we have 20% down',
  'ASAP honestly',
  'evenings work best',
] as const;

export const SELLER_ANSWERS = [
  'relocating for work',
  'it needs some work',
  'hoping to get 500k',
  'within 6 months',
  'single family, 4 bedrooms',
  'kitchen was redone last year',
  'mornings are better for me',
  'we bought it in 2010',
] as const;

export const SMALL_TALK = ['ok thanks', 'sounds good', "what's next?", 'ok', 'sure', 'let me think about it', 'thx', 'cool'] as const;

export const SWITCH_TO_SELL = ['actually we want to sell our house', 'thinking we should sell first', 'on second thought I want to sell my place'] as const;
export const SWITCH_TO_BUY = ["no wait, I'd rather buy", "we're ready to buy now", 'actually just want to buy a house'] as const;

export const OPT_OUTS = ['STOP', 'stop texting me', 'unsubscribe', 'please remove me from this list', 'Stop'] as const;
export const OPT_INS = ['START', 'start'] as const;
export const HUMAN_REQUESTS = ['can I talk to a real person', "I'd rather speak to an agent", 'is this a bot? get me a human', 'call me please'] as const;
export const DISTRESS = ['facing foreclosure, need help fast', 'going through a divorce and bankruptcy', 'my attorney said to sell'] as const;
export const HELP = ['HELP', 'info'] as const;
