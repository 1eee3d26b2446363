// Enriches one inbound message once: intent, the facts it states (read against the last question), bot health, learned thresholds.
import { extractFacts } from '../../bots';
import { routeOf } from '../../machines/attempt';
import type { MessageReceivedEvent } from '../../machines/events';
import type { ConversationPolicy } from '../../domain/policy';
import type { Goal, HealthReport, Intent, ThresholdOverrides } from '../../domain/types';
import { owningBot, type ConversationSnapshot } from './snapshot';

export interface EnrichDeps {
  classify: (text: string) => Intent;
  policy: ConversationPolicy;
  /** Learned thresholds for a pattern, per route (missing routes use the policy's route default). */
  thresholdsFor: (pattern: string) => ThresholdOverrides;
}

/** Shared by the engine and `baton replay --reclassify`, so a re-read message is enriched exactly as a live one. */
export function enrichMessage(
  message: { messageId: string; text: string; at: number },
  snapshot: ConversationSnapshot,
  health: HealthReport,
  deps: EnrichDeps,
): MessageReceivedEvent {
  const context = snapshot.context;
  const intent = deps.classify(message.text);
  return {
    type: 'MESSAGE_RECEIVED',
    messageId: message.messageId,
    text: message.text,
    at: Math.max(message.at, context.lastAt),
    intent,
    facts: extractFacts(message.text, { bot: owningBot(snapshot) ?? 'lead', lastAsked: context.lastAsked, statedGoal: statedGoal(intent, deps.policy) }),
    health,
    thresholds: deps.thresholdsFor(intent.pattern),
  };
}

/** The goal a message states, when its classification is confident enough to hand off from intake on it. */
export function statedGoal(intent: Intent, policy: ConversationPolicy): Goal | null {
  if (intent.goal === null || intent.target === null) return null;
  return intent.confidence >= policy.thresholds[routeOf('lead', intent.target)] ? intent.goal : null;
}
