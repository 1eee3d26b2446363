// Qualification sub-states of a bot state, generated from the bot's question order: one sub-state per open question.
import { QUESTION_ORDER } from '../bots/questions';
import type { BotName, FactKey } from '../domain/types';

export interface QualificationStates {
  initial: string;
  states: Record<string, { always?: { guard: { type: 'knowsFact'; params: { key: FactKey } }; target: string } }>;
}

/** `budget → preapproval → ... → qualified`: each sub-state moves on as soon as its fact is known. */
export function qualificationStates(bot: BotName): QualificationStates {
  const order = QUESTION_ORDER[bot];
  const states: QualificationStates['states'] = {};
  order.forEach((key, index) => {
    const next = order[index + 1] ?? 'qualified';
    states[key] = { always: { guard: { type: 'knowsFact', params: { key } }, target: next } };
  });
  states['qualified'] = {};
  return { initial: order[0] ?? 'qualified', states };
}
