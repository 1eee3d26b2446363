// The Seller bot: motivation, a 30-45 day timeline, condition and price, then a valuation call.
import { composeReply, type BotVoice } from './compose';
import { QUESTION_ORDER } from './questions';
import type { Bot } from './types';

const voice: BotVoice = {
  name: 'seller',
  intro: "Hi, I'm the listing specialist on Jorge's team.",
  done: () => "Next step is a free valuation: Jorge will call to set up a quick walkthrough and go over pricing. Reply here if anything changes.",
};

export const sellerBot: Bot = {
  name: 'seller',
  questions: QUESTION_ORDER.seller,
  reply: (turn) => composeReply(voice, turn),
};
