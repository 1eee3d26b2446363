// Pure context updates shared by the machine's actions.
import type { HandoffAttempt } from '../guards/types';
import { DAY_MS } from '../domain/time';
import type { ConversationContext } from './context';
import type { MessageReceivedEvent } from './events';
import type { FactKey, Facts } from '../domain/types';

/** Newer facts win key by key; preferences merge field by field so "3 beds" does not erase "near downtown". */
export function mergeFacts(current: Facts, update: Partial<Facts>): Facts {
  const merged: Facts = { ...current };
  for (const [key, value] of Object.entries(update) as Array<[keyof Facts, Facts[keyof Facts]]>) {
    if (value === undefined) continue;
    Object.assign(merged, { [key]: value });
  }
  if (current.preferences !== undefined && update.preferences !== undefined) {
    merged.preferences = { ...current.preferences, ...update.preferences };
  }
  return merged;
}

/** Appends a successful handoff; keeps only the last 24 h, the longest window any guard reads. */
export function recordHandoff(context: ConversationContext, attempt: HandoffAttempt): Pick<ConversationContext, 'handoffs' | 'handoffCount'> {
  const recent = context.handoffs.filter((handoff) => attempt.at - handoff.at < DAY_MS);
  recent.push({ from: attempt.from, to: attempt.to, at: attempt.at, pattern: attempt.intent.pattern, confidence: attempt.intent.confidence });
  return { handoffs: recent, handoffCount: context.handoffCount + 1 };
}

/**
 * A "both" goal is not narrowed by a later message that states one side of it: answering the Seller
 * bot ("the kids need more room") reads as goal 'sell', which would otherwise strand the contact
 * before its move to the Buyer bot (next_goal).
 */
function keepBothGoal(current: Facts, update: Partial<Facts>): Partial<Facts> {
  return current.goal === 'both' && update.goal !== undefined ? { ...update, goal: 'both' } : update;
}

/** What every inbound message does to the context, whatever is decided: its facts, its time, the count. */
export function absorb(context: ConversationContext, message: MessageReceivedEvent): Pick<ConversationContext, 'facts' | 'lastAt' | 'messageCount' | 'pendingOutcome'> {
  return {
    facts: mergeFacts(context.facts, keepBothGoal(context.facts, message.facts)),
    lastAt: Math.max(context.lastAt, message.at),
    messageCount: context.messageCount + 1,
    pendingOutcome: null,
  };
}

/** `asked` with `asks` added, each key once in the order first asked (an older snapshot's repeats collapse on its next reply). */
export function askedOnce(asked: readonly FactKey[], asks: readonly FactKey[]): FactKey[] {
  return [...new Set([...asked, ...asks])];
}
