// The Buyer bot: financial readiness (budget, pre-approval, down payment), needs, area, then a showing.
import type { Facts } from '../domain/types';
import { composeReply, type BotVoice } from './compose';
import { QUESTION_ORDER } from './questions';
import type { Bot } from './types';

const voice: BotVoice = {
  name: 'buyer',
  intro: "Hi, I'm the buying specialist on Jorge's team.",
  done: (facts: Facts) =>
    `I'll line up homes that fit and confirm your showing for ${facts.showingTime ?? 'the time you picked'}. Reply here if anything changes.`,
};

export const buyerBot: Bot = {
  name: 'buyer',
  questions: QUESTION_ORDER.buyer,
  reply: (turn) => composeReply(voice, turn),
};
