// What Baton remembers about GoHighLevel: the message ids of its own sends, and each contact's location.
import { contactKeys, ghlLocationKey, ghlSentKey } from '../store/keys';
import { recordLocation } from '../store/record-codec';
import { toStoreError, type RedisConnection } from '../store/redis-client';

export interface GhlRegistry {
  /**
   * A message Baton sent (the id GoHighLevel answered with) and the effect that sent it: its
   * OutboundMessage webhook is not mistaken for a human, and a read-back can tell this effect's SMS
   * from an identical one sent by another effect.
   */
  rememberSent(messageId: string, effectId: string): Promise<void>;
  isOwnSend(messageId: string): Promise<boolean>;
  /** The effect that sent the message, or null when Baton did not send it (or has forgotten). */
  sentBy(messageId: string): Promise<string | null>;
  /** The location an InboundMessage came from: outbound calls for the contact spend that location's budget. */
  rememberLocation(contactId: string, locationId: string): Promise<void>;
  locationOf(contactId: string): Promise<string | null>;
}

/** Longer than GoHighLevel takes to fire the OutboundMessage webhook of a send. */
export const SENT_TTL_MS = 24 * 3_600_000;
/** How long the location key older hosts wrote lives (read until then; no longer written). */
export const LOCATION_TTL_MS = 30 * 24 * 3_600_000;

/** How long a host answers a contact's location from what its own inbound messages said, without reading Redis. */
export const LOCATION_REFRESH_MS = 3_600_000;
/** Contacts whose last location a host remembers. */
export const LOCATION_MEMO_SIZE = 50_000;

/**
 * Whether the location needs writing: not when this process wrote the same one less than
 * LOCATION_REFRESH_MS ago. Bounded: the least recently written contact is forgotten first.
 */
export function createLocationMemo(now: () => number, size = LOCATION_MEMO_SIZE) {
  const written = new Map<string, { locationId: string; at: number }>();
  /** The location this process wrote for the contact less than LOCATION_REFRESH_MS ago, if any. */
  const known = (contactId: string): string | null => {
    const last = written.get(contactId);
    return last !== undefined && now() - last.at < LOCATION_REFRESH_MS ? last.locationId : null;
  };
  return {
    known,
    isFresh(contactId: string, locationId: string): boolean {
      return known(contactId) === locationId;
    },
    wrote(contactId: string, locationId: string): void {
      written.delete(contactId);
      written.set(contactId, { locationId, at: now() });
      if (written.size > size) {
        const oldest = written.keys().next();
        if (oldest.done !== true) written.delete(oldest.value);
      }
    },
  };
}

export function createMemoryGhlRegistry(now: () => number = Date.now): GhlRegistry {
  const sent = new Map<string, { expires: number; effectId: string }>();
  const locations = new Map<string, string>();
  const sentBy = (messageId: string): string | null => {
    const entry = sent.get(messageId);
    return entry !== undefined && entry.expires > now() ? entry.effectId : null;
  };
  return {
    async rememberSent(messageId, effectId) {
      const at = now();
      // Every id lives SENT_TTL_MS from when it was remembered, so the Map's insertion order is expiry
      // order: expired ids are dropped from the front, O(expired) rather than a scan of every id sent.
      for (const [id, { expires }] of sent) {
        if (expires > at) break;
        sent.delete(id);
      }
      sent.delete(messageId);
      sent.set(messageId, { expires: at + SENT_TTL_MS, effectId });
    },
    async isOwnSend(messageId) {
      return sentBy(messageId) !== null;
    },
    async sentBy(messageId) {
      return sentBy(messageId);
    },
    async rememberLocation(contactId, locationId) {
      locations.set(contactId, locationId);
    },
    async locationOf(contactId) {
      return locations.get(contactId) ?? null;
    },
  };
}

// Redis keys: ghlSentKey, the contact's record (its location section, record-codec.ts) and the legacy ghlLocationKey
// (services/store/keys.ts). Single-key commands only, so any Cluster slot is fine.
/** Redis down is a StoreUnavailableError (→ 429, retried by GoHighLevel), never an unexpected 500. */
async function typed<T>(command: () => Promise<T>): Promise<T> {
  try {
    return await command();
  } catch (error) {
    throw toStoreError(error);
  }
}

export function createRedisGhlRegistry(client: RedisConnection, prefix: string, now: () => number = Date.now): GhlRegistry {
  const sentKey = (messageId: string) => ghlSentKey(prefix, messageId);
  const legacyLocationKey = (contactId: string) => ghlLocationKey(prefix, contactId);
  const memo = createLocationMemo(now);
  /** The location the contact's record keeps (its commits write the inbound message's), else the key older hosts wrote. */
  const storedLocation = async (contactId: string): Promise<string | null> => {
    const record = await typed(() =>
      client.getBuffer(contactKeys(prefix, contactId).record).catch((error: unknown) => {
        // An older host's record hash: it keeps no location.
        if (error instanceof Error && error.message.startsWith('WRONGTYPE')) return null;
        throw error;
      }),
    );
    const kept = record === null ? null : recordLocation(record);
    return kept ?? typed(() => client.get(legacyLocationKey(contactId)));
  };
  return {
    async rememberSent(messageId, effectId) {
      await typed(() => client.set(sentKey(messageId), effectId, 'PX', SENT_TTL_MS));
    },
    async isOwnSend(messageId) {
      return (await typed(() => client.exists(sentKey(messageId)))) === 1;
    },
    async sentBy(messageId) {
      return typed(() => client.get(sentKey(messageId)));
    },
    async rememberLocation(contactId, locationId) {
      // Nothing to write: the message's commit keeps its location in the contact's record (the engine passes it).
      memo.wrote(contactId, locationId);
    },
    async locationOf(contactId) {
      // The host that took the contact's inbound message usually delivers its replies: what that message said within
      // the hour is what the record holds (a contact's location does not move), so one GET per delivery is saved.
      return memo.known(contactId) ?? storedLocation(contactId);
    },
  };
}
