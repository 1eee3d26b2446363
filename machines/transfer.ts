// Context transfer: the package a handoff hands the receiving bot (services/engine/crm-fields.ts writes it to the CRM).
import type { HandoffAttempt } from '../guards/types';
import type { ConversationContext } from './context';
import type { BotName, ContextPackage, FactKey, Facts } from '../domain/types';

/** Keys of the facts that are known (so the receiving bot never asks them again). */
export function answeredKeys(facts: Facts): FactKey[] {
  return (Object.keys(facts) as FactKey[]).filter((key) => facts[key] !== undefined);
}

export function buildPackage(context: ConversationContext, attempt: HandoffAttempt, ttlMs: number): ContextPackage {
  return {
    from: attempt.from,
    to: attempt.to,
    at: attempt.at,
    expiresAt: attempt.at + ttlMs,
    intent: { target: attempt.to, confidence: attempt.intent.confidence, pattern: attempt.intent.pattern },
    facts: context.facts,
    answered: answeredKeys(context.facts),
    scores: context.scores,
  };
}

/** A package is read only by the bot it was written for, and only until it expires. */
export function freshPackageFor(context: ConversationContext, bot: BotName, at: number): ContextPackage | null {
  const pkg = context.contextPackage;
  return pkg !== null && pkg.to === bot && at < pkg.expiresAt ? pkg : null;
}
