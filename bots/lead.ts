// The Lead bot: intake — buying or selling, timeline, and a call with the team; scores temperature.
import type { Facts } from '../domain/types';
import { composeReply, type BotVoice } from './compose';
import { QUESTION_ORDER } from './questions';
import type { Bot } from './types';

const voice: BotVoice = {
  name: 'lead',
  intro: "Hi, thanks for reaching out to Jorge's team! I can help with buying or selling.",
  done: (facts: Facts) =>
    `You're all set: one of our agents will call you ${facts.appointmentDay ?? 'soon'}${facts.contactWindow ? ` in the ${facts.contactWindow}` : ''}. Reply here anytime if something changes.`,
};

export const leadBot: Bot = {
  name: 'lead',
  questions: QUESTION_ORDER.lead,
  reply: (turn) => composeReply(voice, turn),
};
