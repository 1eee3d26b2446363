// The events the conversation machine takes; each carries everything its guards need, time included.
import type { BotName, Facts, FactKey, HealthReport, Intent, Scores, ThresholdOverrides } from '../domain/types';

export interface MessageReceivedEvent {
  type: 'MESSAGE_RECEIVED';
  messageId: string;
  text: string;
  /** Monotonic per contact (the engine clamps `dateAdded`). */
  at: number;
  intent: Intent;
  /** Facts extracted from this message (read against the last question asked). */
  facts: Partial<Facts>;
  health: HealthReport;
  thresholds: ThresholdOverrides;
}

export interface BotRepliedEvent {
  type: 'BOT_REPLIED';
  at: number;
  bot: BotName;
  text: string;
  asks: FactKey[];
  scores: Scores;
}

export interface HumanTakeoverEvent {
  type: 'HUMAN_TAKEOVER';
  at: number;
  by: string;
}

export interface HumanReleaseEvent {
  type: 'HUMAN_RELEASE';
  at: number;
  by: string;
  bot: BotName;
}

export type ConversationEvent = MessageReceivedEvent | BotRepliedEvent | HumanTakeoverEvent | HumanReleaseEvent;
