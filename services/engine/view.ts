// The contact view the admin API shows: state, owning bot, chain depth, handoffs, last decision and context.
import { currentChainLength } from '../../guards';
import { type ConversationPolicy } from '../../domain/policy';
import { owningBot, stateName, type ConversationSnapshot } from './snapshot';
import type { ContactView } from './types';

export function contactView(contactId: string, version: number, machineVersion: number, snapshot: ConversationSnapshot, policy: ConversationPolicy): ContactView {
  const context = snapshot.context;
  const lastHandoff = context.handoffs[context.handoffs.length - 1];
  // The chain as of the latest handoff (the one it ends with included).
  const chainDepth =
    lastHandoff === undefined ? 0 : currentChainLength(context.handoffs, lastHandoff.at, policy.chainWindowMs, context.chainResetAt);
  return {
    contactId,
    version,
    machineVersion,
    state: stateName(snapshot),
    stateValue: snapshot.value,
    bot: owningBot(snapshot),
    chainDepth,
    handoffs: context.handoffs,
    decision: context.decision,
    context,
  };
}
