// Replays one recorded conversation through the current machine with the replay's policy: pure (createDecide), no store, no effects.
import { BOTS } from '../../bots';
import { createConversationMachine } from '../../machines/conversation';
import type { BotRepliedEvent, ConversationEvent, MessageReceivedEvent } from '../../machines/events';
import { freshPackageFor } from '../../machines/transfer';
import type { ConversationPolicy } from '../../domain/policy';
import type { Decision, HealthReport, Intent, Route, ThresholdOverrides } from '../../domain/types';
import { createDecide } from '../engine/decide';
import { enrichMessage } from '../engine/enrich';
import { initialSnapshot, owningBot, type ConversationSnapshot } from '../engine/snapshot';
import type { JournalEntry } from '../store/types';
import { withoutOverridden } from './settings';
import { recordedSteps, type RecordedStep } from './steps';
import type { RecordedConversation } from './types';

export interface StepOutcome {
  entry: JournalEntry;
  text: string | null;
  replayed: Decision | null;
  /** The outcome (kind, reason, guard, from, to) differs from the recorded one. */
  changed: boolean;
  detailsChanged: boolean;
  /** A change after the conversation had already diverged. */
  knockOn: boolean;
  reconstructed: boolean;
  admin: boolean;
  /** Before --since: replayed to rebuild state, not compared. */
  warmup: boolean;
}

export type ConversationReplay = { ok: true; outcomes: StepOutcome[] } | { ok: false; reason: string };

export interface ReplayerOptions {
  policy: ConversationPolicy;
  /** Routes whose threshold a --threshold sets outright (learned thresholds on them are ignored). */
  overriddenRoutes: readonly Route[];
  /** The classifier that re-reads every message (--reclassify), or null to use the recorded intent. */
  reclassify: ((text: string) => Intent) | null;
  /** Reads messages of entries written before inputs were journaled. */
  classify: (text: string) => Intent;
  /** Epoch ms; events before it rebuild state but are not compared. */
  since: number | null;
}

export function sameOutcome(a: Decision, b: Decision): boolean {
  return a.kind === b.kind && a.reason === b.reason && a.decidedBy === b.decidedBy && a.from === b.from && a.to === b.to;
}

/** Details are flat records of primitives: a key-by-key comparison (no JSON strings on the hot path). */
function sameDetails(a: Decision['details'], b: Decision['details']): boolean {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const key of keys) if (a[key] !== b[key]) return false;
  return true;
}

/** The learned threshold a rebuilt entry was judged against, read back from its decision's details. */
function thresholdsFromDetails(decision: Decision): ThresholdOverrides {
  const threshold = decision.details['threshold'];
  const route = typeof decision.details['route'] === 'string' ? decision.details['route'] : decision.kind === 'handoff' ? `${decision.from}>${decision.to}` : null;
  if (typeof threshold !== 'number' || route === null) return {};
  return route === 'lead>buyer' || route === 'lead>seller' || route === 'buyer>seller' || route === 'seller>buyer' ? { [route]: threshold } : {};
}

export function createReplayer(options: ReplayerOptions) {
  const { policy } = options;
  const machine = createConversationMachine(policy);
  const decide = createDecide(machine);
  // Rebuilt entries carry no health: every bot counts as healthy (no samples), which the report flags.
  const unmeasured: HealthReport = {
    lead: { p95Ms: 0, errorRate: 0, samples: 0, slaMs: policy.health.slaMs.lead },
    buyer: { p95Ms: 0, errorRate: 0, samples: 0, slaMs: policy.health.slaMs.buyer },
    seller: { p95Ms: 0, errorRate: 0, samples: 0, slaMs: policy.health.slaMs.seller },
  };

  function eventFor(step: RecordedStep, snapshot: ConversationSnapshot): ConversationEvent {
    if (step.kind === 'rebuiltAdmin') return step.event;
    if (step.kind === 'rebuilt') {
      const learned = thresholdsFromDetails(step.entry.decision);
      const event = enrichMessage(step.message, snapshot, unmeasured, { classify: options.classify, policy, thresholdsFor: () => learned });
      return withThresholds(event);
    }
    const recorded = step.event;
    if (recorded.type !== 'MESSAGE_RECEIVED') return recorded;
    if (options.reclassify === null) return withThresholds(recorded);
    const thresholdsFor = (pattern: string) => (pattern === recorded.intent.pattern ? recorded.thresholds : {});
    return withThresholds(enrichMessage(recorded, snapshot, recorded.health, { classify: options.reclassify, policy, thresholdsFor }));
  }

  function withThresholds(event: MessageReceivedEvent): MessageReceivedEvent {
    if (options.overriddenRoutes.length === 0) return event;
    return { ...event, thresholds: withoutOverridden(event.thresholds, options.overriddenRoutes) };
  }

  /** The recorded reply while the replay is in step with the recording; the pure built-in bot once it is not. */
  function replyFor(step: RecordedStep, decided: ConversationSnapshot, event: MessageReceivedEvent, inStep: boolean): BotRepliedEvent | null {
    const bot = owningBot(decided);
    if (bot === null) return null;
    if (inStep && step.kind === 'recorded' && (step.reply === null || step.reply.bot === bot)) return step.reply;
    const context = decided.context;
    const reply = BOTS[bot].reply({
      bot,
      facts: context.facts,
      contextPackage: freshPackageFor(context, bot, event.at),
      firstTurn: context.awaitingFirstTurn,
      text: event.text,
      asked: context.asked,
      messageCount: context.messageCount,
    });
    return { type: 'BOT_REPLIED', at: event.at, bot, ...reply };
  }

  function replay(conversation: RecordedConversation): ConversationReplay {
    const recorded = recordedSteps(conversation);
    if (!recorded.ok) return recorded;
    let snapshot = initialSnapshot(machine, conversation.contactId);
    let diverged = false;
    const outcomes: StepOutcome[] = [];
    for (const step of recorded.steps) {
      const event = eventFor(step, snapshot);
      const [decided] = decide(snapshot, event);
      const made = decided.context.decision;
      const replayed = made === snapshot.context.decision ? null : made;
      const previous = step.entry.decision;
      const changed = replayed === null || !sameOutcome(previous, replayed);
      let next = decided;
      if (event.type === 'MESSAGE_RECEIVED') {
        const reply = replyFor(step, decided, event, !diverged && !changed);
        if (reply !== null) [next] = decide(decided, reply);
      }
      outcomes.push({
        entry: step.entry,
        text: event.type === 'MESSAGE_RECEIVED' ? event.text : null,
        replayed,
        changed,
        detailsChanged: !changed && replayed !== null && !sameDetails(replayed.details, previous.details),
        knockOn: changed && diverged,
        reconstructed: step.kind !== 'recorded',
        admin: event.type !== 'MESSAGE_RECEIVED',
        warmup: options.since !== null && previous.at < options.since,
      });
      diverged = diverged || changed;
      snapshot = next;
    }
    return { ok: true, outcomes };
  }

  return { replay };
}
