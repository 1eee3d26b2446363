// The fixed texts the machine itself sends: opt-out/opt-in confirmations, the HELP answer and the hand-to-a-human notice.
import type { ConversationContext } from './context';

/** Asks nothing, names the way back (carrier rules for STOP confirmations). */
export const OPT_OUT_CONFIRMATION = "You're unsubscribed and won't get more messages from us. Reply START to resubscribe.";
export const OPT_IN_CONFIRMATION = "You're resubscribed. Welcome back!";

/** The HELP/INFO answer (carrier rules): who is texting and how to stop; it asks nothing and changes nothing. */
export const HELP_REPLY =
  'These texts are from a real-estate team about buying or selling a home. Reply STOP to stop all messages, START to get them again.';

export function escalationNotice(context: ConversationContext): string {
  return context.escalation?.reason === 'depth_limit'
    ? "Thanks for your patience — I'm bringing in a member of our team so you get exactly what you need. They'll text you shortly."
    : "Understood — I'm connecting you with a member of our team now. They'll reach out shortly.";
}
