// Turns (context, message, owning bot) into the handoff attempt the guards judge, or null when the message asks for none.
import type { HandoffAttempt } from '../guards/types';
import type { ConversationContext } from './context';
import type { MessageReceivedEvent } from './events';
import type { BotName, HandoffTarget, Route } from '../domain/types';

export function routeOf(from: BotName, to: HandoffTarget): Route {
  return `${from}>${to}` as Route;
}

/** The target this message asks for from `from`, or null (no intent, or the bot that already owns the contact). */
export function handoffTargetOf(event: MessageReceivedEvent, from: BotName): HandoffTarget | null {
  const target = event.intent.target;
  return target === null || target === from ? null : target;
}

/** The pattern a next_goal handoff is recorded (and learned) under. */
export const NEXT_GOAL_PATTERN = 'both.next_goal';

/**
 * The Seller bot has qualified a contact who wants to sell and buy: the attempt to move on to the
 * Buyer bot. Its confidence is the one the "both" handoff was made with (it passed its threshold then).
 */
export function nextGoalAttemptFor(context: ConversationContext, event: MessageReceivedEvent): HandoffAttempt | null {
  if (context.facts.goal !== 'both') return null;
  const confidence = context.contextPackage?.intent.confidence ?? event.intent.confidence;
  return {
    from: 'seller',
    to: 'buyer',
    route: 'seller>buyer',
    at: event.at,
    intent: { ...event.intent, target: 'buyer', goal: 'both', confidence, pattern: NEXT_GOAL_PATTERN },
    thresholds: event.thresholds,
    health: event.health,
    handoffs: context.handoffs,
    chainResetAt: context.chainResetAt,
  };
}

export function attemptFor(context: ConversationContext, event: MessageReceivedEvent, from: BotName): HandoffAttempt | null {
  const to = handoffTargetOf(event, from);
  if (to === null) return null;
  return {
    from,
    to,
    route: routeOf(from, to),
    at: event.at,
    intent: event.intent,
    thresholds: event.thresholds,
    health: event.health,
    handoffs: context.handoffs,
    chainResetAt: context.chainResetAt,
  };
}
