// The change feed on Redis: pub/sub, so a commit on one host reaches SSE clients on every host; no per-contact log (a resume reads the journal).
import type { EventEmitter } from 'node:events';
import { contactChangeSchema, type ContactChange } from './change';
import type { ChangeFeed, ChangeListener } from './change-feed';
import { contactChangesChannel } from './keys';
import type { RedisConnection } from './redis-client';

export interface RedisChangeFeedOptions {
  /** Publishes. */
  client: RedisConnection;
  /** A connection of its own in subscriber mode (a subscribed connection can run no other command). */
  subscriber: RedisConnection;
  prefix: string;
  onError?: (error: unknown) => void;
}

function parseChange(json: string): ContactChange | null {
  try {
    const parsed = contactChangeSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Without an offline queue a command sent while connecting fails at once: wait (bounded) for the connection first. */
function whenReady(connection: RedisConnection, timeoutMs: number): Promise<void> {
  if (connection.status === 'ready') return Promise.resolve();
  const events: EventEmitter = connection;
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      events.off('ready', done);
      resolve();
    };
    const timer = setTimeout(done, timeoutMs);
    events.on('ready', done);
  });
}

export function createRedisChangeFeed(options: RedisChangeFeedOptions): ChangeFeed {
  const { client, subscriber, prefix } = options;
  const onError = options.onError ?? (() => undefined);
  /** channel → listeners; the channel is subscribed while it has one. */
  const listeners = new Map<string, Set<ChangeListener>>();
  /** channel → the SUBSCRIBE in flight or done, so concurrent subscribers wait for the same one. */
  const subscribed = new Map<string, Promise<unknown>>();

  // Both client kinds are EventEmitters; their overloaded `on` signatures do not unify, the base one does.
  const events: EventEmitter = subscriber;
  events.on('message', (channel: string, message: string) => {
    const set = listeners.get(channel);
    if (set === undefined) return;
    const change = parseChange(message);
    if (change === null) return;
    for (const listener of set) listener(change);
  });
  // After a reconnect ioredis re-subscribes by itself (autoResubscribe); a missed message is healed by the version gap check of the reader.

  return {
    kind: 'redis',
    async publish(change) {
      await whenReady(client, 2_000);
      await client.publish(contactChangesChannel(prefix, change.contactId), JSON.stringify(change));
    },
    async subscribe(contactId, listener) {
      const channel = contactChangesChannel(prefix, contactId);
      let set = listeners.get(channel);
      if (set === undefined) {
        set = new Set();
        listeners.set(channel, set);
      }
      set.add(listener);
      let pending = subscribed.get(channel);
      if (pending === undefined) {
        pending = whenReady(subscriber, 2_000).then(() => subscriber.subscribe(channel));
        subscribed.set(channel, pending);
      }
      try {
        await pending;
      } catch (error) {
        subscribed.delete(channel);
        set.delete(listener);
        throw error;
      }
      return () => {
        const current = listeners.get(channel);
        if (current === undefined) return;
        current.delete(listener);
        if (current.size > 0) return;
        listeners.delete(channel);
        subscribed.delete(channel);
        subscriber.unsubscribe(channel).catch(onError);
      };
    },
    async close() {
      listeners.clear();
      subscribed.clear();
      await subscriber.quit().catch(() => undefined);
    },
  };
}
