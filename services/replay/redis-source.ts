// Reads recorded conversations out of a (non-cluster) Redis, read-only: the contacts that have a journal, their journal and transcript.
import type { Redis } from 'ioredis';
import { contactKeys, DEFAULT_PREFIX } from '../store/keys';
import { createRedisClient } from '../store/redis-client';
import { createRedisStore } from '../store/redis';
import type { ContactStore } from '../store/types';
import type { RecordedConversation } from './types';

/** Every entry a contact can hold (retention caps are far below this). */
const ALL = 1_000_000;
const LOAD_BATCH = 64;

function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, (char) => `\\${char}`);
}

export interface RedisSource {
  contactIds(): Promise<string[]>;
  load(contactIds: readonly string[]): Promise<RecordedConversation[]>;
  close(): Promise<void>;
}

export function createRedisSource(options: { url: string; prefix?: string }): RedisSource {
  const prefix = options.prefix ?? DEFAULT_PREFIX;
  // A read-only batch tool, not a webhook: a busy Redis may take its time to answer a large LRANGE.
  const client: Redis = createRedisClient(options.url, { commandTimeoutMs: 30_000 });
  const store: ContactStore = createRedisStore({ client, prefix });

  async function loadOne(contactId: string): Promise<RecordedConversation> {
    const [journal, transcript] = await Promise.all([store.journal(contactId, ALL), store.transcript(contactId)]);
    return { contactId, journal: journal.reverse(), transcript };
  }

  return {
    /** SCAN for journal lists; a key is kept only if it is exactly the journal key keys.ts builds for the id read back. */
    async contactIds() {
      // The client queues nothing while disconnected: wait for the connection (the store's readiness) before SCAN.
      if (!(await store.ping())) throw new Error(`cannot reach Redis at ${options.url}`);
      const found = new Set<string>();
      const head = `${prefix}{`;
      const stream = client.scanStream({ match: `${escapeGlob(prefix)}{*}:journal`, type: 'list', count: 1_000 });
      for await (const batch of stream) {
        if (!Array.isArray(batch)) continue;
        for (const key of batch) {
          if (typeof key !== 'string' || !key.startsWith(head)) continue;
          const id = key.slice(head.length, key.lastIndexOf('}'));
          if (id !== '' && contactKeys(prefix, id).journal === key) found.add(id);
        }
      }
      return [...found].sort();
    },
    async load(contactIds) {
      const conversations: RecordedConversation[] = [];
      for (let start = 0; start < contactIds.length; start += LOAD_BATCH) {
        conversations.push(...(await Promise.all(contactIds.slice(start, start + LOAD_BATCH).map(loadOne))));
      }
      return conversations;
    },
    async close() {
      await store.close();
      await client.quit().catch(() => client.disconnect());
    },
  };
}
