// The read-back: asks GoHighLevel whether an effect whose earlier attempt may have reached it (crash or timeout before the mark) already landed.
import type { Effect } from '../../domain/types';
import type { GhlClient } from '../ghl/client';
import type { ConversationMessage } from '../ghl/read-schemas';

/**
 * No allowance for clock skew: the contact's previous effect was delivered just before this attempt
 * began (effects go out one at a time, in order), often with the same text ("What's your budget?"),
 * and taking it for this one would drop a reply. A message stamped before the marker by a clock
 * behind ours is missed instead, and the reply is sent twice: the lesser harm.
 */
/** Pages of a conversation read at most (newest first, 50 each); the attempt's message is near the top. */
const MAX_PAGES = 4;

/** An outbound message with exactly the effect's text, stamped at or after the attempt began. */
export function isAttemptsMessage(message: ConversationMessage, text: string, since: number): boolean {
  return message.direction === 'outbound' && message.body === text && message.dateAdded >= since;
}

/** The effect Baton remembers sending a GoHighLevel message id with, or null when it remembers none. */
export type SentBy = (messageId: string) => Promise<string | null>;

/** Every field already holds the value the effect writes (an empty value: absent, null or empty). */
export function fieldsApplied(current: ReadonlyMap<string, unknown>, fields: Readonly<Record<string, string>>): boolean {
  return Object.entries(fields).every(([key, wanted]) => {
    const value = current.get(key);
    if (value === undefined || value === null) return wanted === '';
    return (Array.isArray(value) ? value.join(',') : String(value)) === wanted;
  });
}

async function smsLanded(client: GhlClient, effect: Extract<Effect, { kind: 'send_sms' }>, since: number, sentBy: SentBy): Promise<boolean> {
  const { contactId, text } = effect;
  /**
   * A matching message remembered as sent by another effect (the previous, identical question) is not
   * this attempt's. One remembered as sent by this effect is: the attempt was killed after GoHighLevel
   * answered and the id was remembered, but before the effect was marked delivered.
   */
  const isThisAttempts = async (message: ConversationMessage) => isAttemptsMessage(message, text, since) && ((await sentBy(message.id)) ?? effect.id) === effect.id;
  for (const conversationId of await client.conversationsOf(contactId)) {
    let cursor: string | null = null;
    for (let page = 0; page < MAX_PAGES; page += 1) {
      const { messages, nextCursor } = await client.conversationMessages(conversationId, cursor);
      for (const message of messages) if (await isThisAttempts(message)) return true;
      // Newest first: once a page reaches back before the attempt, older pages cannot hold it.
      const reachedBefore = messages.some((message) => message.dateAdded < since);
      if (reachedBefore || nextCursor === null) break;
      cursor = nextCursor;
    }
  }
  return false;
}

/**
 * True when GoHighLevel already shows the effect applied by an attempt that began at `since` (epoch
 * ms); throws when it cannot tell. Fields count only when the contact changed at or after `since`:
 * equal values written by an earlier effect are not this one's.
 */
export async function alreadyInGhl(client: GhlClient, effect: Effect, since: number, sentBy: SentBy = async () => null): Promise<boolean> {
  if (effect.kind === 'send_sms') return smsLanded(client, effect, since, sentBy);
  const contact = await client.contactCustomFields(effect.contactId);
  return contact.updatedAt !== null && contact.updatedAt >= since && fieldsApplied(contact.fields, effect.fields);
}
