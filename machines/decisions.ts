// Builders for the decision record each event leaves behind ("why did it not hand off?").
import type { GuardOutcome } from '../guards';
import type { HandoffAttempt } from '../guards/types';
import type { ConversationContext } from './context';
import type { MessageReceivedEvent } from './events';
import type { BotName, Decision, DecisionKind, DecisionReason, DecidedBy } from '../domain/types';

type Place = Decision['from'];

function decision(
  kind: DecisionKind,
  reason: DecisionReason,
  decidedBy: DecidedBy,
  from: Place,
  to: Place,
  event: { at: number; messageId?: string },
  details: Decision['details'],
): Decision {
  return { kind, reason, decidedBy, from, to, at: event.at, messageId: event.messageId ?? null, details };
}

function intentDetails(event: MessageReceivedEvent): Decision['details'] {
  return {
    target: event.intent.target,
    confidence: event.intent.confidence,
    pattern: event.intent.pattern,
    buyerScore: event.intent.scores.buyer,
    sellerScore: event.intent.scores.seller,
  };
}

/** No handoff was asked for: no intent, a tie, or the owning bot's own intent. */
export function stayDecision(context: ConversationContext, event: MessageReceivedEvent, from: BotName): Decision {
  const reason = event.intent.target === from ? 'same_bot' : 'no_intent';
  return decision('stay', reason, 'intent', from, from, event, intentDetails(event));
}

/** A handoff attempt and what the guard chain said about it (evaluated once per event). */
export interface Judgement {
  attempt: HandoffAttempt;
  outcome: GuardOutcome;
}

/** A guard refused the handoff: the first failing guard decides, with its inputs. */
export function blockedDecision(context: ConversationContext, event: MessageReceivedEvent, from: BotName, judged: Judgement | null): Decision {
  if (judged === null) return stayDecision(context, event, from);
  if (judged.outcome.pass) return handoffDecision(event, from, judged);
  const { failed, verdict } = judged.outcome;
  const details = { ...intentDetails(event), ...verdict.details };
  if (failed === 'depth') return decision('escalate', verdict.reason, failed, from, 'escalated', event, details);
  const kind = failed === 'health' ? 'defer' : 'stay';
  return decision(kind, verdict.reason, failed, from, from, event, details);
}

export function handoffDecision(event: MessageReceivedEvent, from: BotName, judged: Judgement): Decision {
  const verdicts = judged.outcome.pass ? judged.outcome.verdicts : null;
  // A fixed set of keys (not a merge of every verdict): what was checked, with the figures that passed.
  const details: Decision['details'] = {
    target: event.intent.target,
    confidence: event.intent.confidence,
    pattern: event.intent.pattern,
    threshold: numberOr(verdicts?.confidence.details['threshold']),
    chainLength: numberOr(verdicts?.depth.details['chainLength']),
    lastHour: numberOr(verdicts?.rate.details['lastHour']),
    lastDay: numberOr(verdicts?.rate.details['lastDay']),
    targetP95Ms: numberOr(verdicts?.health.details['p95Ms']),
    targetErrorRate: numberOr(verdicts?.health.details['errorRate']),
  };
  return decision('handoff', 'handoff', 'all', from, judged.attempt.to, event, details);
}

function numberOr(value: unknown): number | null {
  return typeof value === 'number' ? value : null;
}

export function commandDecision(event: MessageReceivedEvent, from: Place): Decision {
  const command = event.intent.command;
  if (command === 'opt_out') return decision('opt_out', 'opted_out', 'command', from, 'optedOut', event, { command });
  if (command === 'opt_in') return decision('opt_in', 'opted_in', 'command', from, from, event, { command });
  return decision('escalate', 'human_requested', 'command', from, 'escalated', event, { command, ...intentDetails(event) });
}

/** HELP/INFO: answered, nothing else changes. */
export function helpDecision(event: MessageReceivedEvent, place: Place): Decision {
  return decision('help', 'help_requested', 'command', place, place, event, { command: 'help' });
}

/** A "both" lead's Seller bot is done: on to the Buyer bot, through the same guards (reason next_goal). */
export function nextGoalDecision(event: MessageReceivedEvent, judged: Judgement): Decision {
  const handoff = handoffDecision(event, 'seller', judged);
  return { ...handoff, reason: 'next_goal', details: { ...handoff.details, target: 'buyer', confidence: judged.attempt.intent.confidence, pattern: judged.attempt.intent.pattern } };
}

export function silentDecision(event: MessageReceivedEvent, place: 'escalated' | 'optedOut'): Decision {
  return decision('silent', 'silenced', 'state', place, place, event, { command: event.intent.command });
}

export function adminDecision(kind: 'takeover' | 'release', from: Place, to: Place, event: { at: number; by: string }): Decision {
  const reason = kind === 'takeover' ? 'human_takeover' : 'human_release';
  return decision(kind, reason, 'admin', from, to, event, { by: event.by });
}
