// The fixed texts the machine itself sends: opt-out/opt-in confirmations and the hand-to-a-human notice.
import type { ConversationContext } from './context';

/** Asks nothing, names the way back (carrier rules for STOP confirmations). */
export const OPT_OUT_CONFIRMATION = "You're unsubscribed and won't get more messages from us. Reply START to resubscribe.";
export const OPT_IN_CONFIRMATION = "You're resubscribed. Welcome back!";

export function escalationNotice(context: ConversationContext): string {
  return context.escalation?.reason === 'depth_limit'
    ? "Thanks for your patience — I'm bringing in a member of our team so you get exactly what you need. They'll text you shortly."
    : "Understood — I'm connecting you with a member of our team now. They'll reach out shortly.";
}
