// Human takeover from GoHighLevel: when a taken-over contact goes back to a bot, and to which bot.
import type { ConversationContext } from '../../machines/context';
import type { BotName } from '../../domain/types';
import type { JournalEntry } from '../store/types';

/** A human took the contact and has written nothing for `idleMs`: the next inbound message releases it first. */
export function idleReleaseDue(context: ConversationContext, at: number, idleMs: number | null): boolean {
  const escalation = context.escalation;
  if (idleMs === null || escalation === null || escalation.reason !== 'human_takeover') return false;
  return at - escalation.at >= idleMs;
}

/** The bot that owned the contact before the human took it (the newest journal entry leaving a bot), else lead. */
export function releaseTarget(journal: readonly JournalEntry[]): BotName {
  for (const entry of journal) {
    const from = entry.decision.from;
    if (entry.decision.to === 'escalated' && (from === 'lead' || from === 'buyer' || from === 'seller')) return from;
  }
  return 'lead';
}
