// The handoff judgement the chart's guards share: the guard chain evaluated once per (context, event, from).
import { assertEvent } from 'xstate';
import { evaluateHandoff, type GuardName } from '../guards';
import type { ConversationPolicy } from '../domain/policy';
import type { BotName } from '../domain/types';
import { attemptFor, nextGoalAttemptFor } from './attempt';
import type { ConversationContext } from './context';
import type { Judgement } from './decisions';
import type { ConversationEvent, MessageReceivedEvent } from './events';

/** The event as the MESSAGE_RECEIVED it must be where a message transition runs. */
export function message(event: ConversationEvent): MessageReceivedEvent {
  assertEvent(event, 'MESSAGE_RECEIVED');
  return event;
}

/**
 * The chart asks each named guard in turn, then the taken branch's action records the decision; the
 * chain is evaluated once per (context, event, from) and reused by all of them (a pure memo: same
 * inputs by identity, same answer), so a decision costs one pass over the guards, not one per branch.
 */
export function createJudges(policy: ConversationPolicy) {
  let last: { context: ConversationContext; event: ConversationEvent; from: BotName; judged: Judgement | null } | null = null;
  const judge = (context: ConversationContext, event: ConversationEvent, from: BotName): Judgement | null => {
    if (last !== null && last.context === context && last.event === event && last.from === from) return last.judged;
    const attempt = attemptFor(context, message(event), from);
    const judged = attempt === null ? null : { attempt, outcome: evaluateHandoff(attempt, policy) };
    last = { context, event, from, judged };
    return judged;
  };
  // The same memo for a "both" lead's move from the Seller bot to the Buyer bot (reason next_goal).
  let lastNextGoal: { context: ConversationContext; event: ConversationEvent; judged: Judgement | null } | null = null;
  const judgeNextGoal = (context: ConversationContext, event: ConversationEvent): Judgement | null => {
    if (lastNextGoal !== null && lastNextGoal.context === context && lastNextGoal.event === event) return lastNextGoal.judged;
    const attempt = nextGoalAttemptFor(context, message(event));
    const judged = attempt === null ? null : { attempt, outcome: evaluateHandoff(attempt, policy) };
    lastNextGoal = { context, event, judged };
    return judged;
  };
  /** The chart guard that is true when `guard` is the one failing this message's handoff. */
  const fails = (guard: GuardName) => (context: ConversationContext, event: ConversationEvent, from: BotName) => {
    const outcome = judge(context, event, from)?.outcome;
    return outcome !== undefined && !outcome.pass && outcome.failed === guard;
  };
  return { judge, judgeNextGoal, fails };
}
