// The in-flight marker (beginEffectAttempt / clearEffectAttempt) on the stores whose outbox outlives the process: SQLite and Redis.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createRedisStore } from '../../services/store/redis';
import { createSqliteStore } from '../../services/store/sqlite';
import type { ContactStore } from '../../services/store/types';
import { useTestRedis } from '../setup/redis';
import { commitInput, smsEffect } from './fixtures';

const redis = useTestRedis();
const root = mkdtempSync(join(tmpdir(), 'baton-attempts-'));
let files = 0;
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** `reopen` gives a second store over the same data, as a restarted host would see it. */
interface Opened {
  store: ContactStore;
  reopen(): Promise<ContactStore>;
}

const stores: Array<[string, () => Opened]> = [
  [
    'sqlite',
    () => {
      const path = join(root, `store-${++files}`, 'baton.db');
      const store = createSqliteStore({ path });
      return {
        store,
        async reopen() {
          await store.close();
          return createSqliteStore({ path });
        },
      };
    },
  ],
  [
    'redis',
    () => {
      const prefix = redis.nextPrefix();
      const store = createRedisStore({ url: redis.url, prefix });
      return {
        store,
        async reopen() {
          await store.close();
          return createRedisStore({ url: redis.url, prefix });
        },
      };
    },
  ],
];

describe.each(stores)('in-flight marker (%s)', (_name, open) => {
  async function begin(store: ContactStore, effectId: string, at: number): Promise<number | null> {
    if (store.beginEffectAttempt === undefined) throw new Error('this store keeps no in-flight marker');
    return store.beginEffectAttempt('c', effectId, at);
  }

  it("answers null on an effect's first attempt and that attempt's time on every later one, across a restart", async () => {
    const opened = open();
    await opened.store.commit(commitInput('c', 0, 'm1', { effects: [smsEffect('c', 'e1'), smsEffect('c', 'e2')] }));
    expect(await begin(opened.store, 'e1', 1_000)).toBeNull();
    expect(await begin(opened.store, 'e1', 2_000)).toBe(1_000);
    const restarted = await opened.reopen();
    try {
      expect(await begin(restarted, 'e1', 3_000)).toBe(1_000);
      expect(await begin(restarted, 'e2', 3_000)).toBeNull();
    } finally {
      await restarted.close();
    }
  });

  it('forgets the marker when the effect is marked delivered or failed, or cleared after a refused attempt', async () => {
    const { store } = open();
    try {
      await store.commit(commitInput('c', 0, 'm1', { effects: [smsEffect('c', 'e1'), smsEffect('c', 'e2'), smsEffect('c', 'e3')] }));
      for (const id of ['e1', 'e2', 'e3']) await begin(store, id, 1_000);
      await store.markEffect('c', 'e1', { status: 'delivered', error: null });
      await store.markEffect('c', 'e2', { status: 'failed', error: 'HTTP 422' });
      await store.clearEffectAttempt?.('c', 'e3');
      // e3 is still pending: its next attempt is a first one again.
      expect(await begin(store, 'e3', 2_000)).toBeNull();
      expect((await store.failedEffects('c')).map((item) => [item.effect.id, item.attempts])).toEqual([['e2', 1]]);
      expect((await store.pendingEffects('c')).map((item) => item.effect.id)).toEqual(['e3']);
    } finally {
      await store.close();
    }
  });

  it('drops the marker with the rest of the contact on erase', async () => {
    const { store } = open();
    try {
      await store.commit(commitInput('c', 0, 'm1', { effects: [smsEffect('c', 'e1')] }));
      await begin(store, 'e1', 1_000);
      await store.erase('c');
      await store.commit(commitInput('c', 0, 'm2', { effects: [smsEffect('c', 'e1')] }));
      expect(await begin(store, 'e1', 2_000)).toBeNull();
    } finally {
      await store.close();
    }
  });
});
