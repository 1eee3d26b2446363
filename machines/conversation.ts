// The conversation statechart: lead/buyer/seller with qualification sub-states, escalated and optedOut; guarded handoffs.
import { and, assertEvent, assign, setup } from 'xstate';
import { GUARD_ORDER } from '../guards';
import { DEFAULT_POLICY, type ConversationPolicy } from '../domain/policy';
import { handoffTargetOf, NEXT_GOAL_PATTERN } from './attempt';
import { createJudges, message } from './judge';
import { initialContext, type ConversationContext } from './context';
import { adminDecision, blockedDecision, commandDecision, handoffDecision, helpDecision, nextGoalDecision, silentDecision, stayDecision } from './decisions';
import type { ConversationEvent } from './events';
import { absorb, askedOnce, recordHandoff } from './reducers';
import { escalationNotice, HELP_REPLY, OPT_IN_CONFIRMATION, OPT_OUT_CONFIRMATION } from './notices';
import { qualificationStates } from './qualification';
import { buildPackage } from './transfer';
import type { BotName, ContextPackage, FactKey, HandoffTarget } from '../domain/types';
import type { GuardName } from '../guards';

export interface SmsParams {
  bot: BotName;
  text: string;
  asks: FactKey[];
}
export type CrmFieldsParams = { fields: Record<string, string> } | { contextPackage: ContextPackage | null };

type From = { from: BotName };
type Handoff = { from: BotName; to: HandoffTarget };

const HANDOFF_TARGETS: Record<BotName, HandoffTarget[]> = { lead: ['buyer', 'seller'], buyer: ['seller'], seller: ['buyer'] };
/** The chart's guard for the transition each handoff guard's failure takes; the chart asks them in GUARD_ORDER. */
const BLOCKED_BY = { confidence: 'belowThreshold', depth: 'chainTooDeep', rate: 'rateLimited', cooldown: 'onCooldown', health: 'targetUnhealthy' } as const satisfies Record<GuardName, string>;

export function createConversationMachine(policy: ConversationPolicy = DEFAULT_POLICY) {
  const { judge, judgeNextGoal, fails } = createJudges(policy);
  const belowThreshold = fails('confidence');
  const chainTooDeep = fails('depth');
  const rateLimited = fails('rate');
  const onCooldown = fails('cooldown');
  const targetUnhealthy = fails('health');

  return setup({
    types: {
      context: {} as ConversationContext,
      events: {} as ConversationEvent,
      input: {} as { contactId: string },
    },
    guards: {
      asksToStop: ({ event }) => event.type === 'MESSAGE_RECEIVED' && event.intent.command === 'opt_out',
      asksToStart: ({ event }) => event.type === 'MESSAGE_RECEIVED' && event.intent.command === 'opt_in',
      asksForHuman: ({ event }) =>
        event.type === 'MESSAGE_RECEIVED' && (event.intent.command === 'human' || event.intent.command === 'distress'),
      lacksHandoffIntent: ({ event }, { from }: From) => handoffTargetOf(message(event), from) === null,
      belowThreshold: ({ context, event }, { from }: From) => belowThreshold(context, event, from),
      chainTooDeep: ({ context, event }, { from }: From) => chainTooDeep(context, event, from),
      rateLimited: ({ context, event }, { from }: From) => rateLimited(context, event, from),
      onCooldown: ({ context, event }, { from }: From) => onCooldown(context, event, from),
      targetUnhealthy: ({ context, event }, { from }: From) => targetUnhealthy(context, event, from),
      intentTargets: ({ event }, { from, to }: Handoff) => handoffTargetOf(message(event), from) === to,
      asksForHelp: ({ event }) => event.type === 'MESSAGE_RECEIVED' && event.intent.command === 'help',
      // A carrier command (HELP, START) is answered where the contact is; the move waits for the next ordinary message.
      nextGoalDue: ({ context, event }) =>
        event.type === 'MESSAGE_RECEIVED' && event.intent.command === null && judgeNextGoal(context, event)?.outcome.pass === true,
      // A held move is recorded once per message (why it did not move on); depth is left to the contact's own handoffs.
      nextGoalHeld: ({ context, event }) => {
        if (event.type !== 'MESSAGE_RECEIVED' || event.intent.command !== null) return false;
        const outcome = judgeNextGoal(context, event)?.outcome;
        if (outcome === undefined || outcome.pass || outcome.failed === 'depth') return false;
        return !(context.decision?.messageId === event.messageId && context.decision.details['pattern'] === NEXT_GOAL_PATTERN);
      },
      knowsFact: ({ context }, { key }: { key: FactKey }) => context.facts[key] !== undefined,
      repliedAs: ({ event }, { bot }: { bot: BotName }) => event.type === 'BOT_REPLIED' && event.bot === bot,
      resumesTo: ({ context }, { place }: { place: BotName | 'escalated' }) => context.resumeTo === place,
      releasesTo: ({ event }, { bot }: { bot: BotName }) => event.type === 'HUMAN_RELEASE' && event.bot === bot,
    },
    actions: {
      recordStay: assign(({ context, event }, { from }: From) => {
        const msg = message(event);
        return { ...absorb(context, msg), decision: stayDecision(context, msg, from) };
      }),
      recordBlocked: assign(({ context, event }, { from }: From) => {
        const msg = message(event);
        return { ...absorb(context, msg), decision: blockedDecision(context, msg, from, judge(context, event, from)) };
      }),
      escalate: assign(({ context, event }, { from }: From) => {
        const msg = message(event);
        const decision = msg.intent.command === null ? blockedDecision(context, msg, from, judge(context, event, from)) : commandDecision(msg, from);
        return { ...absorb(context, msg), decision, escalation: { reason: decision.reason, at: msg.at, by: null } };
      }),
      transferContext: assign(({ context, event }, { from }: From) => {
        const msg = message(event);
        const judged = judge(context, event, from);
        const absorbed = { ...context, ...absorb(context, msg) };
        if (judged === null) return absorbed;
        const { attempt } = judged;
        return {
          ...absorbed,
          decision: handoffDecision(msg, from, judged),
          contextPackage: buildPackage(absorbed, attempt, policy.packageTtlMs),
          ...recordHandoff(context, attempt),
          awaitingFirstTurn: true,
          pendingOutcome: { route: attempt.route, pattern: attempt.intent.pattern, at: attempt.at },
        };
      }),
      answerHelp: assign(({ context, event }, { place }: { place: BotName | 'escalated' | 'optedOut' }) => {
        const msg = message(event);
        return { ...absorb(context, msg), decision: helpDecision(msg, place) };
      }),
      transferToNextGoal: assign(({ context, event }) => {
        const msg = message(event);
        const judged = judgeNextGoal(context, event);
        if (judged === null) return {};
        return {
          decision: nextGoalDecision(msg, judged),
          contextPackage: buildPackage(context, judged.attempt, policy.packageTtlMs),
          ...recordHandoff(context, judged.attempt),
          awaitingFirstTurn: true,
          pendingOutcome: { route: judged.attempt.route, pattern: judged.attempt.intent.pattern, at: judged.attempt.at },
        };
      }),
      recordNextGoalHeld: assign(({ context, event }) => {
        const msg = message(event);
        const judged = judgeNextGoal(context, event);
        if (judged === null) return {};
        const held = blockedDecision(context, msg, 'seller', judged);
        return { decision: { ...held, details: { ...held.details, target: 'buyer', confidence: judged.attempt.intent.confidence, pattern: NEXT_GOAL_PATTERN } } };
      }),
      optOut: assign(({ context, event }, { from }: { from: BotName | 'escalated' }) => {
        const msg = message(event);
        return { ...absorb(context, msg), decision: commandDecision(msg, from), resumeTo: from };
      }),
      optIn: assign(({ context, event }) => {
        const msg = message(event);
        return { ...absorb(context, msg), decision: commandDecision(msg, context.resumeTo) };
      }),
      recordSilence: assign(({ context, event }, { place }: { place: 'escalated' | 'optedOut' }) => {
        const msg = message(event);
        return { ...absorb(context, msg), decision: silentDecision(msg, place) };
      }),
      recordReply: assign(({ context, event }) => {
        assertEvent(event, 'BOT_REPLIED');
        return { asked: askedOnce(context.asked, event.asks), lastAsked: event.asks, scores: event.scores, awaitingFirstTurn: false, lastAt: Math.max(context.lastAt, event.at) };
      }),
      takeOver: assign(({ context, event }, { from }: { from: BotName | 'escalated' }) => {
        assertEvent(event, 'HUMAN_TAKEOVER');
        return {
          decision: adminDecision('takeover', from, 'escalated', event),
          escalation: { reason: 'human_takeover', at: event.at, by: event.by },
          lastAt: Math.max(context.lastAt, event.at),
        };
      }),
      releaseTo: assign(({ context, event }, { from }: { from: BotName | 'escalated' }) => {
        assertEvent(event, 'HUMAN_RELEASE');
        return {
          decision: adminDecision('release', from, event.bot, event),
          chainResetAt: event.at,
          escalation: null,
          awaitingFirstTurn: true,
          lastAt: Math.max(context.lastAt, event.at),
        };
      }),
      // Effects: no-ops here; the engine reads them from transition()'s actions and commits them to the outbox.
      sendSms: (_, _params: SmsParams) => {},
      writeCrmFields: (_, _params: CrmFieldsParams) => {},
    },
  }).createMachine({
    id: 'conversation',
    context: ({ input }) => initialContext(input.contactId),
    initial: 'lead',
    states: {
      lead: botState('lead'),
      buyer: botState('buyer'),
      seller: botState('seller'),
      escalated: {
        on: {
          MESSAGE_RECEIVED: [
            { guard: 'asksToStop', target: 'optedOut', actions: [{ type: 'optOut', params: { from: 'escalated' } }, optOutSms('lead')] },
            { guard: 'asksForHelp', actions: helpActions('escalated') },
            { actions: [{ type: 'recordSilence', params: { place: 'escalated' } }] },
          ],
          // A human writing again (or another user stepping in) is recorded: it restarts the idle-release clock.
          HUMAN_TAKEOVER: { actions: [{ type: 'takeOver', params: { from: 'escalated' } }] },
          HUMAN_RELEASE: (['lead', 'buyer', 'seller'] as const).map((bot) => ({
            guard: { type: 'releasesTo' as const, params: { bot } },
            target: bot,
            actions: [{ type: 'releaseTo' as const, params: { from: 'escalated' as const } }, ownerFields(bot)],
          })),
        },
      },
      optedOut: {
        on: {
          MESSAGE_RECEIVED: [
            ...(['lead', 'buyer', 'seller', 'escalated'] as const).map((place) => ({
              guard: and(['asksToStart', { type: 'resumesTo', params: { place } }]),
              target: place,
              actions: ['optIn' as const, { type: 'sendSms' as const, params: { bot: place === 'escalated' ? ('lead' as const) : place, text: OPT_IN_CONFIRMATION, asks: [] } }],
            })),
            { guard: 'asksForHelp', actions: helpActions('optedOut') },
            { actions: [{ type: 'recordSilence', params: { place: 'optedOut' } }] },
          ],
        },
      },
    },
  });

  function optOutSms(bot: BotName) {
    return { type: 'sendSms' as const, params: { bot, text: OPT_OUT_CONFIRMATION, asks: [] as FactKey[] } };
  }
  /** HELP is answered in every state, opted out included (carrier rules); the bot that owns the contact says it. */
  function helpActions(place: BotName | 'escalated' | 'optedOut') {
    const bot: BotName = place === 'escalated' || place === 'optedOut' ? 'lead' : place;
    return [
      { type: 'answerHelp' as const, params: { place } },
      { type: 'sendSms' as const, params: { bot, text: HELP_REPLY, asks: [] as FactKey[] } },
    ];
  }
  function ownerFields(owner: BotName | 'human') {
    return { type: 'writeCrmFields' as const, params: { fields: { baton_owner: owner } } };
  }

  function botState(from: BotName) {
    const params = { from };
    const handoffs = HANDOFF_TARGETS[from].map((to) => ({
      guard: { type: 'intentTargets' as const, params: { from, to } },
      target: `#conversation.${to}`,
      actions: [
                { type: 'transferContext' as const, params },
        {
          type: 'writeCrmFields' as const,
          // The package itself; services/ turn it into CRM fields when the effect is committed.
          params: ({ context }: { context: ConversationContext }) => ({ contextPackage: context.contextPackage }),
        },
      ],
    }));
    const escalateActions = [
            { type: 'escalate' as const, params },
      { type: 'sendSms' as const, params: ({ context }: { context: ConversationContext }) => ({ bot: from, text: escalationNotice(context), asks: [] as FactKey[] }) },
      { type: 'writeCrmFields' as const, params: ({ context }: { context: ConversationContext }) => ({ fields: { baton_owner: 'human', baton_escalation_reason: context.escalation?.reason ?? '' } }) },
    ];
    const blocked = (guard: 'belowThreshold' | 'rateLimited' | 'onCooldown' | 'targetUnhealthy') => ({
      guard: { type: guard, params },
      actions: [{ type: 'recordBlocked' as const, params }],
    });
    // A failed guard stays (recording why), except depth, which hands the contact to a human.
    const guarded = GUARD_ORDER.map(([name]) =>
      name === 'depth' ? { guard: { type: BLOCKED_BY.depth, params }, target: '#conversation.escalated', actions: escalateActions } : blocked(BLOCKED_BY[name]),
    );
    const qualification = qualificationStates(from);
    // A "both" lead: once the Seller bot has what it needs, the Buyer bot takes over (same guards; retried each message).
    const nextGoal = {
      always: [
        {
          guard: 'nextGoalDue' as const,
          target: '#conversation.buyer',
          actions: [
            'transferToNextGoal' as const,
            { type: 'writeCrmFields' as const, params: ({ context }: { context: ConversationContext }) => ({ contextPackage: context.contextPackage }) },
          ],
        },
        { guard: 'nextGoalHeld' as const, actions: ['recordNextGoalHeld' as const] },
      ],
    };
    return {
      initial: qualification.initial,
      states: from === 'seller' ? { ...qualification.states, qualified: nextGoal } : qualification.states,
      on: {
        MESSAGE_RECEIVED: [
          { guard: 'asksToStop' as const, target: '#conversation.optedOut', actions: [{ type: 'optOut' as const, params }, optOutSms(from)] },
          { guard: 'asksForHuman' as const, target: '#conversation.escalated', actions: escalateActions },
          { guard: 'asksForHelp' as const, actions: helpActions(from) },
          { guard: { type: 'lacksHandoffIntent' as const, params }, actions: [{ type: 'recordStay' as const, params }] },
          ...guarded,
          ...handoffs,
        ],
        BOT_REPLIED: {
          guard: { type: 'repliedAs' as const, params: { bot: from } },
          actions: ['recordReply' as const, { type: 'sendSms' as const, params: ({ event }: { event: ConversationEvent }) => smsOf(event) }],
        },
        HUMAN_TAKEOVER: { target: '#conversation.escalated', actions: [{ type: 'takeOver' as const, params }, ownerFields('human')] },
      },
    };
  }
}

function smsOf(event: ConversationEvent): SmsParams {
  assertEvent(event, 'BOT_REPLIED');
  return { bot: event.bot, text: event.text, asks: event.asks };
}

export type ConversationMachine = ReturnType<typeof createConversationMachine>;
