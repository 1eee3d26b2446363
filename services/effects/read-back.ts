// The read-back: asks GoHighLevel whether an effect whose earlier attempt may have reached it (crash or timeout before the mark) already landed.
import type { Effect } from '../../domain/types';
import type { GhlClient } from '../ghl/client';
import type { ConversationMessage } from '../ghl/read-schemas';

/** GoHighLevel's clock against ours: a message stamped this much before the marker still counts as the attempt's. */
export const READ_BACK_CLOCK_SKEW_MS = 2_000;
/** Pages of a conversation read at most (newest first, 50 each); the attempt's message is near the top. */
const MAX_PAGES = 4;

/** An outbound message with exactly the effect's text, stamped at or after the attempt began. */
export function isAttemptsMessage(message: ConversationMessage, text: string, since: number): boolean {
  return message.direction === 'outbound' && message.body === text && message.dateAdded >= since - READ_BACK_CLOCK_SKEW_MS;
}

/** Every field already holds the value the effect writes (an empty value: absent, null or empty). */
export function fieldsApplied(current: ReadonlyMap<string, unknown>, fields: Readonly<Record<string, string>>): boolean {
  return Object.entries(fields).every(([key, wanted]) => {
    const value = current.get(key);
    if (value === undefined || value === null) return wanted === '';
    return (Array.isArray(value) ? value.join(',') : String(value)) === wanted;
  });
}

async function smsLanded(client: GhlClient, contactId: string, text: string, since: number): Promise<boolean> {
  for (const conversationId of await client.conversationsOf(contactId)) {
    let cursor: string | null = null;
    for (let page = 0; page < MAX_PAGES; page += 1) {
      const { messages, nextCursor } = await client.conversationMessages(conversationId, cursor);
      if (messages.some((message) => isAttemptsMessage(message, text, since))) return true;
      // Newest first: once a page reaches back before the attempt, older pages cannot hold it.
      const reachedBefore = messages.some((message) => message.dateAdded < since - READ_BACK_CLOCK_SKEW_MS);
      if (reachedBefore || nextCursor === null) break;
      cursor = nextCursor;
    }
  }
  return false;
}

/** True when GoHighLevel already shows the effect applied by an attempt that began at `since` (epoch ms); throws when it cannot tell. */
export async function alreadyInGhl(client: GhlClient, effect: Effect, since: number): Promise<boolean> {
  if (effect.kind === 'send_sms') return smsLanded(client, effect.contactId, effect.text, since);
  return fieldsApplied(await client.contactCustomFields(effect.contactId), effect.fields);
}
