// Redis store under faults: a commit cut off part-way, an injected script error, Redis going away and coming back.
import type { EventEmitter } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisStore } from '../../services/store/redis';
import { createRedisClient } from '../../services/store/redis-client';
import { contactKeys } from '../../services/store/keys';
import { StoreCorruptError, StoreScriptError, StoreUnavailableError } from '../../services/store/errors';
import { freePort, startRedisServer, type RedisServer } from '../setup/redis-server';
import { useTestRedis } from '../setup/redis';
import { commitInput } from '../contract/fixtures';

const redis = useTestRedis();

/** Like events.once, but an 'error' event meanwhile (every failed reconnect emits one) does not reject it. */
function nextEvent(emitter: EventEmitter, name: string): Promise<void> {
  return new Promise((resolve) => emitter.once(name, () => resolve()));
}

describe('a commit that fails part-way', () => {
  it('leaves the previous version intact and the message unprocessed when the connection is killed mid-commit', async () => {
    const prefix = redis.nextPrefix();
    const client = createRedisClient(redis.url);
    const store = createRedisStore({ client, prefix });
    const admin = redis.connect();
    try {
      await store.commit(commitInput('c', 0, 'm1'));
      const id = await client.client('ID');
      // Paused writes hold the commit inside Redis, so the kill lands while it is in flight, deterministically.
      await admin.client('PAUSE', 10_000, 'WRITE');
      const inFlight = store.commit(commitInput('c', 1, 'm2'));
      inFlight.catch(() => undefined);
      await expect.poll(async () => String(await admin.client('LIST', 'ID', id)), { timeout: 2_000, interval: 5 }).toMatch(/flags=b .*cmd=evalsha/);
      const reconnected = nextEvent(client, 'ready');
      await admin.client('KILL', 'ID', id);
      await admin.client('UNPAUSE');

      await expect(inFlight).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(inFlight).rejects.toMatchObject({ retryable: true });
      const keys = contactKeys(prefix, 'c');
      expect((await admin.get(keys.record))?.startsWith('1:')).toBe(true);
      expect(await admin.zscore(keys.seen, 'm2')).toBeNull();
      expect(await admin.llen(keys.journal)).toBe(1);

      await reconnected;
      expect(await store.commit(commitInput('c', 1, 'm2'))).toMatchObject({ status: 'committed', version: 2 });
      expect(await store.commit(commitInput('c', 2, 'm2'))).toEqual({ status: 'duplicate' });
    } finally {
      await admin.client('UNPAUSE');
      await store.close();
      await client.quit();
    }
  });

  it('writes nothing when a key of the contact has the wrong type, and commits once it is repaired', async () => {
    const prefix = redis.nextPrefix();
    const store = createRedisStore({ url: redis.url, prefix });
    const admin = redis.connect();
    const keys = contactKeys(prefix, 'c');
    try {
      await store.commit(commitInput('c', 0, 'm1', { contextPackage: { json: '{"n":1}', ttlMs: 60_000 } }));
      // The journal is the fifth key the script touches: without the up-front type checks, the record,
      // the processed mark and the outbox would already have been written when LPUSH failed.
      await admin.del(keys.journal);
      await admin.set(keys.journal, 'not a list');
      const failed = store.commit(commitInput('c', 1, 'm2', { contextPackage: { json: '{"n":2}', ttlMs: 60_000 } }));
      await expect(failed).rejects.toBeInstanceOf(StoreCorruptError);
      await expect(failed).rejects.toMatchObject({ code: 'store_corrupt', retryable: true, key: keys.journal });

      expect((await store.load('c'))?.version).toBe(1);
      expect(await store.isProcessed('c', 'm2')).toBe(false);
      expect(await store.pendingEffects('c')).toHaveLength(1);
      expect(await store.transcript('c')).toHaveLength(1);
      expect(await store.contextPackage('c')).toBe('{"n":1}');

      await admin.del(keys.journal);
      expect(await store.commit(commitInput('c', 1, 'm2'))).toMatchObject({ status: 'committed', version: 2 });
    } finally {
      await store.close();
    }
  });

  it('reports a corrupted version field instead of overwriting the record', async () => {
    const prefix = redis.nextPrefix();
    const store = createRedisStore({ url: redis.url, prefix });
    const admin = redis.connect();
    const keys = contactKeys(prefix, 'c');
    try {
      await store.commit(commitInput('c', 0, 'm1'));
      await admin.set(keys.record, 'garbage');
      await expect(store.commit(commitInput('c', 1, 'm2'))).rejects.toBeInstanceOf(StoreCorruptError);
      expect(await admin.zscore(keys.seen, 'm2')).toBeNull();
      expect(await admin.llen(keys.journal)).toBe(1);
    } finally {
      await store.close();
    }
  });
});

describe('Redis unreachable', () => {
  let server: RedisServer;
  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterAll(async () => {
    await server.stop();
  });

  it('refuses a script Redis rejects (out of memory) with a retryable error and no partial write', async () => {
    const admin = createRedisClient(server.url);
    const store = createRedisStore({ url: server.url, prefix: 'oom:' });
    try {
      await store.commit(commitInput('c', 0, 'm1'));
      await admin.config('SET', 'maxmemory', '1');
      const failed = store.commit(commitInput('c', 1, 'm2'));
      await expect(failed).rejects.toBeInstanceOf(StoreScriptError);
      await expect(failed).rejects.toMatchObject({ retryable: true });
      await admin.config('SET', 'maxmemory', '0');
      expect((await store.load('c'))?.version).toBe(1);
      expect(await store.isProcessed('c', 'm2')).toBe(false);
    } finally {
      await admin.config('SET', 'maxmemory', '0');
      await store.close();
      await admin.quit();
    }
  });

  it('fails fast with StoreUnavailableError while Redis is down and reconnects by itself when it is back', async () => {
    const errors: Error[] = [];
    const client = createRedisClient(server.url, { onError: (error) => errors.push(error) });
    const store = createRedisStore({ client, prefix: 'down:' });
    try {
      expect(await store.commit(commitInput('c', 0, 'm1'))).toMatchObject({ status: 'committed', version: 1 });
      const closed = nextEvent(client, 'close');
      // A failed reconnect is reported as an 'error' event; the store's listener keeps it from being unhandled.
      const reconnectFailed = nextEvent(client, 'error');
      await server.stop();
      await closed;

      const started = performance.now();
      await expect(store.load('c')).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(store.commit(commitInput('c', 1, 'm2'))).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(store.acquireLock('c', { ttlMs: 1_000, waitMs: 1_000 })).rejects.toBeInstanceOf(StoreUnavailableError);
      expect(await store.ping()).toBe(false);
      expect(performance.now() - started).toBeLessThan(500);
      await reconnectFailed;

      const ready = nextEvent(client, 'ready');
      await server.start();
      await ready;
      expect(errors.some((error) => /ECONNREFUSED/.test(error.message))).toBe(true);
      expect(await store.ping()).toBe(true);
      // The restarted server has no persistence: the contact starts again at version 1.
      expect(await store.commit(commitInput('c', 0, 'm2'))).toMatchObject({ status: 'committed', version: 1 });
    } finally {
      await store.close();
      client.disconnect();
    }
  });

  it('gives up on the first connection after a bounded wait when Redis was never there', async () => {
    const port = await freePort();
    const store = createRedisStore({ url: `redis://127.0.0.1:${port}`, prefix: 'never:', firstConnectTimeoutMs: 300 });
    try {
      const started = performance.now();
      await expect(store.load('c')).rejects.toBeInstanceOf(StoreUnavailableError);
      expect(performance.now() - started).toBeLessThan(1_500);
      expect(await store.ping()).toBe(false);
    } finally {
      await store.close();
    }
  });
});
