// Handoff outcomes for pattern learning, judged on the contact's next message after a handoff (pure).
import type { ConversationContext } from './context';
import type { Decision, Route } from '../domain/types';

export type HandoffOutcome = 'successful' | 'failed' | 'reverted' | 'timeout';

export interface SettledOutcome {
  route: Route;
  pattern: string;
  outcome: HandoffOutcome;
}

/**
 * The previous handoff is judged by what the next inbound message did: the contact left the new
 * bot again within the chain window → reverted; asked for a person or opted out → failed; answered
 * more than 24 h later → timeout; otherwise it kept talking to the bot it was handed to → successful.
 * Blocked or deferred attempts are not outcomes (the seed counted them as failures).
 */
export function settleOutcome(before: ConversationContext, decision: Decision, chainWindowMs: number, timeoutMs: number): SettledOutcome | null {
  const pending = before.pendingOutcome;
  if (pending === null || decision.messageId === null) return null;
  const base = { route: pending.route, pattern: pending.pattern };
  if (decision.at - pending.at > timeoutMs) return { ...base, outcome: 'timeout' };
  if (decision.kind === 'handoff') return { ...base, outcome: decision.at - pending.at < chainWindowMs ? 'reverted' : 'successful' };
  if (decision.kind === 'escalate' || decision.kind === 'opt_out') return { ...base, outcome: 'failed' };
  return { ...base, outcome: 'successful' };
}
