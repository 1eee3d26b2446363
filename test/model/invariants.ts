// Invariants every conversation trace must keep; each checker returns its violations (empty when the trace is sound).
import type { ConversationPolicy } from '../../domain/policy';
import { OPT_IN_CONFIRMATION, OPT_OUT_CONFIRMATION } from '../../machines/notices';
import type { DecidedBy, DecisionReason, HandoffRecord } from '../../domain/types';
import type { SmsParams } from '../../machines/conversation';
import { DAY_MS, HOUR_MS } from '../../domain/time';
import { T0 } from '../support/attempts';
import { topOf } from './alphabet';
import type { Step, Trace } from './model';

export type Invariant = (trace: Trace, policy: ConversationPolicy) => string[];

/** `above:buyer>seller:1m@+01:31:00`-style labels, so a violation names its exact event sequence. */
export function describeTrace(trace: Trace): string {
  return trace
    .map(({ event }) => {
      const at = `@+${((event.at - T0) / 60_000).toFixed(2)}min`;
      if (event.type === 'MESSAGE_RECEIVED') return `${event.text}${at}`;
      if (event.type === 'BOT_REPLIED') return `BOT_REPLIED:${event.bot}${at}`;
      if (event.type === 'HUMAN_RELEASE') return `HUMAN_RELEASE:${event.bot}${at}`;
      return `HUMAN_TAKEOVER${at}`;
    })
    .join(' → ');
}

/** The handoffs a trace made, each with the index of its step, read from the decision the step recorded. */
function handoffsOf(trace: Trace): Array<HandoffRecord & { index: number }> {
  return trace.flatMap((step, index) => {
    const decision = step.after.context.decision;
    if (step.event.type !== 'MESSAGE_RECEIVED' || decision?.kind !== 'handoff' || decision.messageId !== step.event.messageId) return [];
    const last = step.after.context.handoffs.at(-1);
    return last === undefined ? [] : [{ ...last, index }];
  });
}

function smsOf(step: Step): SmsParams[] {
  return step.actions.filter((action) => action.type === 'sendSms').map((action) => action.params as SmsParams);
}

export const pairSpacing: Invariant = (trace, policy) => {
  const handoffs = handoffsOf(trace);
  return handoffs.flatMap((handoff, i) => {
    const previous = handoffs.slice(0, i).filter((h) => h.from === handoff.from && h.to === handoff.to).at(-1);
    return previous !== undefined && handoff.at - previous.at < policy.cooldownMs
      ? [`${handoff.from}>${handoff.to} twice ${(handoff.at - previous.at) / 1000} s apart (steps ${previous.index + 1} and ${handoff.index + 1})`]
      : [];
  });
};

export const rateWindows: Invariant = (trace, policy) => {
  const handoffs = handoffsOf(trace);
  return handoffs.flatMap((handoff) => {
    const inWindow = (ms: number) => handoffs.filter((h) => h.at <= handoff.at && handoff.at - h.at < ms).length;
    const problems: string[] = [];
    if (inWindow(HOUR_MS) > policy.maxPerHour) problems.push(`${inWindow(HOUR_MS)} handoffs within 60 min ending at step ${handoff.index + 1}`);
    if (inWindow(DAY_MS) > policy.maxPerDay) problems.push(`${inWindow(DAY_MS)} handoffs within 24 h ending at step ${handoff.index + 1}`);
    return problems;
  });
};

/** A chain is a run of handoffs each less than chainWindow after the one before; a human release starts a new one. */
export const chainDepth: Invariant = (trace, policy) => {
  const problems: string[] = [];
  let chain: number[] = [];
  trace.forEach((step, index) => {
    if (step.event.type === 'HUMAN_RELEASE' && step.after.context.chainResetAt !== step.before.context.chainResetAt) chain = [];
    const handoff = handoffsOf([step])[0];
    if (handoff === undefined) return;
    const previous = chain.at(-1);
    chain = previous !== undefined && handoff.at - previous < policy.chainWindowMs ? [...chain, handoff.at] : [handoff.at];
    if (chain.length > policy.maxChainDepth) problems.push(`a chain of ${chain.length} handoffs ends at step ${index + 1}`);
  });
  return problems;
};

/** Opted out: the opt-out confirmation (asking nothing) on the way in, the opt-in confirmation on the way out, nothing between. */
export const optedOutSilence: Invariant = (trace) =>
  trace.flatMap((step, index) => {
    const sms = smsOf(step);
    const before = topOf(step.before);
    const after = topOf(step.after);
    const at = `step ${index + 1} (${before} → ${after})`;
    if (before !== 'optedOut' && after === 'optedOut') {
      const ok = sms.length === 1 && sms[0]?.text === OPT_OUT_CONFIRMATION && sms[0].asks.length === 0;
      return ok ? [] : [`${at}: expected the single opt-out confirmation, got ${JSON.stringify(sms)}`];
    }
    if (before === 'optedOut' && after === 'optedOut' && sms.length > 0) return [`${at}: sent ${JSON.stringify(sms)} while opted out`];
    if (before === 'optedOut' && after !== 'optedOut' && !(sms.length === 1 && sms[0]?.text === OPT_IN_CONFIRMATION)) {
      return [`${at}: expected only the opt-in confirmation, got ${JSON.stringify(sms)}`];
    }
    return [];
  });

/** Escalated: a human owns the contact, so no bot speaks; only a STOP gets its confirmation. */
export const escalatedSilence: Invariant = (trace) =>
  trace.flatMap((step, index) => {
    if (topOf(step.before) !== 'escalated') return [];
    const sms = smsOf(step).filter((params) => !(topOf(step.after) === 'optedOut' && params.text === OPT_OUT_CONFIRMATION));
    return sms.length === 0 ? [] : [`step ${index + 1}: ${step.event.type} made a bot send ${JSON.stringify(sms)} while escalated`];
  });

const DECIDED_BY: Record<DecisionReason, DecidedBy> = {
  handoff: 'all',
  next_goal: 'all',
  no_intent: 'intent',
  same_bot: 'intent',
  below_threshold: 'confidence',
  depth_limit: 'depth',
  rate_hour: 'rate',
  rate_day: 'rate',
  cooldown: 'cooldown',
  target_unhealthy: 'health',
  human_requested: 'command',
  opted_out: 'command',
  opted_in: 'command',
  help_requested: 'command',
  silenced: 'state',
  human_takeover: 'admin',
  human_release: 'admin',
};

/** Every message leaves its own decision, with a reason and the guard or rule that decided; only a handoff decision adds a handoff. */
export const decisionsRecorded: Invariant = (trace) =>
  trace.flatMap((step, index) => {
    const decision = step.after.context.decision;
    const at = `step ${index + 1} (${step.event.type})`;
    const added = step.after.context.handoffCount - step.before.context.handoffCount;
    if (step.event.type !== 'MESSAGE_RECEIVED') {
      const changed = decision !== step.before.context.decision;
      if (added !== 0) return [`${at}: added a handoff`];
      if (!changed) return [];
      return decision !== null && decision.decidedBy === 'admin' && decision.reason === (step.event.type === 'HUMAN_TAKEOVER' ? 'human_takeover' : 'human_release')
        ? []
        : [`${at}: recorded ${JSON.stringify(decision)}`];
    }
    if (decision === null || decision.messageId !== step.event.messageId || decision.at !== step.event.at) return [`${at}: no decision of its own`];
    const problems: string[] = [];
    if (decision.reason.length === 0 || DECIDED_BY[decision.reason] === undefined) problems.push(`${at}: unknown reason ${decision.reason}`);
    else if (DECIDED_BY[decision.reason] !== decision.decidedBy) problems.push(`${at}: ${decision.reason} decided by ${decision.decidedBy}`);
    if (added !== (decision.kind === 'handoff' ? 1 : 0)) problems.push(`${at}: ${decision.kind} changed the handoff count by ${added}`);
    return problems;
  });
