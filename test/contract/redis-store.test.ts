// Runs the store contract against the Redis store (real redis-server), plus what only Redis can show.
import { describe, expect, it } from 'vitest';
import { createRedisStore } from '../../services/store/redis';
import { contactKeys } from '../../services/store/keys';
import { DEFAULT_POLICY } from '../../domain/policy';

const PROCESSED_RETENTION_MS = DEFAULT_POLICY.retention.processedIdsMs;
import { useTestRedis } from '../setup/redis';
import { describeStoreContract } from './store.contract';
import { commitInput, smsEffect } from './fixtures';

const redis = useTestRedis();

/** Redis Cluster's rule: the slot is computed from the text between the first `{` and the next `}`. */
function hashTag(key: string): string {
  const open = key.indexOf('{');
  const close = key.indexOf('}', open + 1);
  return open >= 0 && close > open + 1 ? key.slice(open + 1, close) : key;
}

describeStoreContract('redis', () => createRedisStore({ url: redis.url, prefix: redis.nextPrefix() }));

describe('redis store', () => {
  it('keeps a processed mark for seven days and every key of a contact in one hash slot', async () => {
    const prefix = redis.nextPrefix();
    const store = createRedisStore({ url: redis.url, prefix });
    const admin = redis.connect();
    try {
      await store.commit(commitInput('c', 0, 'm1', { contextPackage: { json: '{}', ttlMs: 60_000 } }));
      const keys = contactKeys(prefix, 'c');
      const ttl = await admin.pttl(keys.seen);
      expect(ttl).toBeGreaterThan(PROCESSED_RETENTION_MS - 60_000);
      expect(ttl).toBeLessThanOrEqual(PROCESSED_RETENTION_MS);
      expect(await admin.zrange(keys.seen, '0', '-1')).toEqual(['m1']);
      const all = [keys.record, keys.seen, keys.outbox, keys.effects, keys.journal, keys.transcript, keys.package, keys.lock, keys.legacyProcessed('m1')];
      expect(new Set(all.map(hashTag))).toEqual(new Set(['c']));
      expect(await admin.exists(...all.slice(0, 6))).toBe(6);
      // The package lives in the record (record-codec.ts); the package key is only read, from older hosts.
      expect(await admin.exists(keys.package)).toBe(0);
      expect(await store.contextPackage('c')).toBe('{}');
    } finally {
      await store.close();
    }
  });

  it('excludes a second store on another connection from a held lock until it is released', async () => {
    const prefix = redis.nextPrefix();
    const a = createRedisStore({ url: redis.url, prefix });
    const b = createRedisStore({ url: redis.url, prefix });
    try {
      const held = await a.acquireLock('c', { ttlMs: 5_000, waitMs: 0 });
      expect(held).not.toBeNull();
      expect(await b.acquireLock('c', { ttlMs: 5_000, waitMs: 50 })).toBeNull();
      const waiting = b.acquireLock('c', { ttlMs: 5_000, waitMs: 3_000 });
      await held?.release();
      const next = await waiting;
      expect(next).not.toBeNull();
      await next?.release();
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('refuses a release after the lock expired and was taken by another holder', async () => {
    const prefix = redis.nextPrefix();
    const store = createRedisStore({ url: redis.url, prefix });
    const admin = redis.connect();
    try {
      const held = await store.acquireLock('c', { ttlMs: 5_000, waitMs: 0 });
      // Simulates a holder paused past its TTL: the key is gone and someone else sets it.
      await admin.set(contactKeys(prefix, 'c').lock, 'someone-else', 'PX', 5_000);
      expect(await held?.release()).toBe(false);
      expect(await admin.get(contactKeys(prefix, 'c').lock)).toBe('someone-else');
    } finally {
      await store.close();
    }
  });
});

describe('redis store: the next effect in one script', () => {
  it('passes over outbox ids whose item is gone, more of them than one read takes, and answers in a single call to Redis', async () => {
    const prefix = redis.nextPrefix();
    const store = createRedisStore({ url: redis.url, prefix });
    const admin = redis.connect();
    try {
      await store.commit(commitInput('c', 0, 'm1', { effects: [smsEffect('c', 'e-live')] }));
      const keys = contactKeys(prefix, 'c');
      // Ten ids ahead of it with no item (as a partial write of an older host could leave them): read four at a time.
      await admin.lpush(keys.outbox, ...Array.from({ length: 10 }, (_, i) => `gone-${i}`));
      await store.nextEffect('other');
      const monitor = await admin.duplicate().monitor();
      const seen: string[] = [];
      const done = new Promise<void>((resolve) =>
        monitor.on('monitor', (_time: string, args: string[], source: string) => {
          const command = (args[0] ?? '').toLowerCase();
          if (command === 'echo') resolve();
          else if (!source.includes('lua')) seen.push(command);
        }),
      );
      expect((await store.nextEffect('c'))?.effect.id).toBe('e-live');
      await store.markEffect('c', 'e-live', { status: 'delivered', error: null });
      expect(await store.nextEffect('c')).toBeNull();
      await admin.echo('done');
      await done;
      monitor.disconnect();
      // The next effect, its mark (which reads the next one too) and the next again: one script each.
      expect(seen).toEqual(['evalsha', 'evalsha', 'evalsha']);
    } finally {
      admin.disconnect();
      await store.close();
    }
  });

  it('marks an effect delivered and answers the next pending one in one script, the same again when repeated, null at the end', async () => {
    const prefix = redis.nextPrefix();
    const store = createRedisStore({ url: redis.url, prefix });
    try {
      await store.commit(commitInput('c', 0, 'm1', { effects: [smsEffect('c', 'e1'), smsEffect('c', 'e2')] }));
      await store.beginEffectAttempt?.('c', 'e1', 1_000);
      expect((await store.markDeliveredAndNext?.('c', 'e1'))?.effect.id).toBe('e2');
      expect((await store.markDeliveredAndNext?.('c', 'e1'))?.effect.id).toBe('e2');
      expect((await store.pendingEffects('c')).map((item) => item.effect.id)).toEqual(['e2']);
      // The marker went with the mark: a new attempt of e1 would find no earlier one.
      expect(await store.beginEffectAttempt?.('c', 'e1', 2_000)).toBeNull();
      expect(await store.markDeliveredAndNext?.('c', 'e2')).toBeNull();
      expect(await store.nextEffect('c')).toBeNull();
    } finally {
      await store.close();
    }
  });

  it("begins an attempt only of the contact's next effect, reading it and writing its marker in one script, and hands back an earlier attempt's time", async () => {
    const prefix = redis.nextPrefix();
    const store = createRedisStore({ url: redis.url, prefix });
    try {
      expect(await store.beginNextEffect?.('c', 'e1', 1_000)).toEqual({ began: false, next: null });
      await store.commit(commitInput('c', 0, 'm1', { effects: [smsEffect('c', 'e1'), smsEffect('c', 'e2')] }));
      const notNext = await store.beginNextEffect?.('c', 'e2', 1_000);
      expect(notNext).toMatchObject({ began: false, next: { effect: { id: 'e1' } } });
      expect(await store.beginNextEffect?.('c', 'e1', 2_000)).toMatchObject({ began: true, next: { effect: { id: 'e1' } }, earlier: null });
      expect(await store.beginNextEffect?.('c', 'e1', 3_000)).toMatchObject({ began: true, earlier: 2_000 });
      await store.markDeliveredAndNext?.('c', 'e1');
      // e2 was asked for before its turn: no marker was left for it then.
      expect(await store.beginNextEffect?.('c', 'e2', 4_000)).toMatchObject({ began: true, next: { effect: { id: 'e2' } }, earlier: null });
    } finally {
      await store.close();
    }
  });

  it('names the commit\'s first effect as the next one when nothing was pending before it, and nothing otherwise', async () => {
    const store = createRedisStore({ url: redis.url, prefix: redis.nextPrefix() });
    try {
      expect(await store.commit(commitInput('c', 0, 'm1', { effects: [smsEffect('c', 'e1'), smsEffect('c', 'e2')] }))).toEqual({ status: 'committed', version: 1, nextEffectId: 'e1' });
      expect(await store.commit(commitInput('c', 1, 'm2', { effects: [smsEffect('c', 'e3')] }))).toEqual({ status: 'committed', version: 2 });
      expect(await store.commit(commitInput('c', 2, 'm3', { effects: [] }))).toEqual({ status: 'committed', version: 3 });
      for (const id of ['e1', 'e2', 'e3']) await store.markEffect('c', id, { status: 'delivered', error: null });
      // An id queued before is not queued again: the next one is the first effect the commit did queue.
      await store.commit(commitInput('d', 0, 'm1', { effects: [smsEffect('d', 'd1')] }));
      await store.markEffect('d', 'd1', { status: 'failed', error: 'HTTP 422' });
      expect(await store.commit(commitInput('d', 1, 'm2', { effects: [smsEffect('d', 'd1'), smsEffect('d', 'd2')] }))).toEqual({ status: 'committed', version: 2, nextEffectId: 'd2' });
      expect((await store.nextEffect('d'))?.effect.id).toBe('d2');
      expect(await store.commit(commitInput('c', 3, 'm4', { effects: [smsEffect('c', 'e4')] }))).toEqual({ status: 'committed', version: 4, nextEffectId: 'e4' });
    } finally {
      await store.close();
    }
  });
});
