// The live services a host shares between its store and its routes: the change feed (SSE), the contact index (the list) and the open streams.
import type { ChangeFeed } from '../services/store/change-feed';
import { createLocalChangeFeed } from '../services/store/change-feed';
import { createLocalContactIndex, type ContactIndex } from '../services/store/contact-index';
import { DEFAULT_PREFIX } from '../services/store/keys';
import { createRedisChangeFeed } from '../services/store/redis-change-feed';
import { createRedisConnection, type RedisTarget } from '../services/store/redis-client';
import { createRedisContactIndex } from '../services/store/redis-contact-index';

export interface Live {
  feed: ChangeFeed;
  index: ContactIndex;
  /** Ends every open SSE stream (registered by the events route), so a shutdown is not held by them. */
  streams: Set<() => void>;
  /** Ends the open streams (at shutdown: a client's EventSource reconnects, to another host, resuming from its last version). */
  endStreams(): void;
  close(): Promise<void>;
}

export interface LiveOptions {
  /** Redis when the host runs on it (feed over pub/sub, shared index); null for the in-process ones. */
  redis: RedisTarget | null;
  topStates: readonly string[];
  onError: (error: unknown) => void;
}

export function createLive(options: LiveOptions): Live {
  const streams = new Set<() => void>();
  const endStreams = () => {
    for (const end of [...streams]) end();
  };
  const live = (feed: Live['feed'], index: Live['index'], quit: () => Promise<unknown>): Live => ({
    feed,
    index,
    streams,
    endStreams,
    async close() {
      endStreams();
      await Promise.all([feed.close(), index.close()]);
      await quit();
    },
  });
  if (options.redis === null) return live(createLocalChangeFeed(), createLocalContactIndex(), async () => undefined);
  const onError = (error: Error) => options.onError(error);
  const client = createRedisConnection(options.redis, { onError });
  // Subscriber mode blocks every other command on its connection, and a subscription has no command timeout to respect.
  const subscriber = createRedisConnection(options.redis, { onError, commandTimeoutMs: 5_000 });
  const feed = createRedisChangeFeed({ client, subscriber, prefix: DEFAULT_PREFIX, onError: options.onError });
  const index = createRedisContactIndex({ client, prefix: DEFAULT_PREFIX, topStates: options.topStates });
  return live(feed, index, () => client.quit().catch(() => undefined));
}
