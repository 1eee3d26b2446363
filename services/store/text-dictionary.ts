// The texts a conversation's SMS are mostly made of, for the Redis transcript's and journal's preset deflate dictionaries: frozen forever.
//
// Never edit this text: the transcript dictionary 1 (transcript-pack.ts) and the journal dictionary 2
// (journal-dictionary.ts) are built from it, and every line or entry deflated with them needs these exact bytes to be
// read. Better texts are a new constant beside it, this one kept for what was written with it.
//
// What it holds: the bots' reply templates and the machine's notices as they were on 2026-12-04 (bots/questions.ts,
// bots/compose.ts, bots/format.ts, bots/lead|buyer|seller.ts, machines/notices.ts), copied, not imported: a bot's
// wording may change, these bytes may not (a reply worded otherwise is still stored exactly, only less compressed),
// and a few words and phrases an inbound SMS about buying or selling a home is often made of. No id, no time, no
// contact's fact. deflate codes a match shorter the nearer it is to the end, so the most frequent texts come last.

const INBOUND = [
  'Yes No Yeah yes no yeah not sure Not sure maybe Maybe thank you Thank you thanks Thanks ok Ok OK sure Sure great Great ',
  'please call me Please call me call me text me tomorrow morning afternoon evening Monday Tuesday Wednesday Thursday Friday ',
  'Saturday Sunday weekend next week this week ASAP as soon as possible this summer this year next year a few months ',
  'in the next few months 6 months 1 year weeks days bedrooms bathrooms 3 bed 2 bath garage backyard pool condo townhome ',
  "We're looking to buy a home I'm looking to buy I want to buy a house we want to buy I'm thinking about selling my house ",
  "I want to sell my home we need to sell how much is my house worth what's my home worth I'm pre-approved pre-approved ",
  'with a lender cash buyer down payment 10% 20% budget around $ about $ up to $ between $ and $ k neighborhood downtown ',
  'move-in ready needs some work fixer upper relocating for work moving closer to family growing family downsizing ',
  'Is this still available? Hi, Hello, Hey, ',
].join('');

const REPLIES = [
  "You're all set: one of our agents will call you soon. Reply here anytime if something changes. in the morning in the afternoon ",
  "I'll line up homes that fit and confirm your showing for the time you picked. Reply here if anything changes.",
  'Next step is a free valuation: Jorge will call to set up a quick walkthrough and go over pricing. Reply here if anything changes.',
  "Thanks for your patience — I'm bringing in a member of our team so you get exactly what you need. They'll text you shortly.",
  "Understood — I'm connecting you with a member of our team now. They'll reach out shortly.",
  "You're unsubscribed and won't get more messages from us. Reply START to resubscribe.You're resubscribed. Welcome back!",
  'These texts are from a real-estate team about buying or selling a home. Reply STOP to stop all messages, START to get them again.',
  "Thanks — I see you're looking around $ between $ and $ in within as soon as possible within about months, ",
  "already pre-approved and you're already pre-approved the move is about the home is you're hoping for about $",
  'If we found the right buyer, would closing in 30-45 days work for you?Would a 30-45 day timeline work, or do you need longer?',
  'Is a call in the morning or afternoon better for you?When is best to reach you: morning, afternoon or evening?',
  'Which day works for a quick call this week?What day should we set the call for?',
  'What type of property is it (house, condo, townhome)?Is it a house, condo or townhome?',
  'Do you have a price in mind you would like to get?What number would you be happy to sell at?',
  'How would you describe the condition: move-in ready or does it need some work?Is the home move-in ready, or would it need some work?',
  "What's prompting the move, and where are you headed next?Can I ask what has you thinking about selling?",
  'Want to see a few homes? What day and time work for a showing?What day and time suit you for a showing?',
  'Which areas or neighborhoods are you considering?Any particular city or neighborhood you want me to focus on?',
  'When are you hoping to move?What timeframe works for you: a few months, later this year?',
  'How many bedrooms and baths do you need, and any must-haves?What are your must-haves: beds, baths, type of home?',
  'About how much are you planning to put down?Roughly what down payment do you have in mind (e.g. 10% or $50k)?',
  'Are you looking to buy, sell, or both?Just so I point you the right way: buying, selling, or both?',
  "Hi, thanks for reaching out to Jorge's team! I can help with buying or selling.",
  "Hi, I'm the listing specialist on Jorge's team.Hi, I'm the buying specialist on Jorge's team.",
  'Perfect, thank you! Have you spoken with a lender or been pre-approved yet?Are you pre-approved, or should I connect you with a lender?',
  'What price range are you shopping in?Got it, thanks. Roughly what budget should I search with (e.g. $450k)?',
].join('');

/** Texts 1: what the transcript dictionary 1 and the journal dictionary 2 start with. */
export const SMS_TEXTS_1 = INBOUND + REPLIES;
