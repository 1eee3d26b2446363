// The Redis store's one-round-trip start of an inbound message (lock-acquire.lua): processed check, lock, record read — and what it refuses.
import { afterAll, describe, expect, it } from 'vitest';
import { createRedisStore } from '../../services/store/redis';
import { contactKeys } from '../../services/store/keys';
import { StoreCorruptError } from '../../services/store/errors';
import type { ContactStore, LockedLoad } from '../../services/store/types';
import { useTestRedis } from '../setup/redis';
import { commitInput } from '../contract/fixtures';

const redis = useTestRedis();
const opened: ContactStore[] = [];
afterAll(async () => {
  await Promise.all(opened.map((store) => store.close()));
});

function storeWithPrefix(): { store: ContactStore; prefix: string; acquireAndLoad: NonNullable<ContactStore['acquireAndLoad']> } {
  const prefix = redis.nextPrefix();
  const store = createRedisStore({ url: redis.url, prefix });
  opened.push(store);
  const { acquireAndLoad } = store;
  if (acquireAndLoad === undefined) throw new Error('the Redis store has acquireAndLoad');
  return { store, prefix, acquireAndLoad };
}

const LOCK = { ttlMs: 5_000, waitMs: 0 };

function locked(result: LockedLoad) {
  if (result.status !== 'locked') throw new Error(`expected the lock, got ${result.status}`);
  return result;
}

describe('redis acquireAndLoad', () => {
  it('takes the lock and reads the committed record under it; a new contact reads null', async () => {
    const { store, prefix, acquireAndLoad } = storeWithPrefix();
    await store.commit(commitInput('c', 0, 'm1'));
    const first = locked(await acquireAndLoad('c', 'm2', LOCK));
    expect(first.record?.version).toBe(1);
    expect(await redis.connect().get(contactKeys(prefix, 'c').lock)).toBe(first.lock.token);
    expect(await first.lock.release()).toBe(true);
    const fresh = locked(await acquireAndLoad('new-contact', 'm1', LOCK));
    expect(fresh.record).toBeNull();
    await fresh.lock.release();
  });

  it('answers duplicate for a processed messageId without taking the lock, even while another process holds it', async () => {
    const { store, prefix, acquireAndLoad } = storeWithPrefix();
    const other = createRedisStore({ url: redis.url, prefix });
    opened.push(other);
    await store.commit(commitInput('c', 0, 'm1'));
    expect(await acquireAndLoad('c', 'm1', LOCK)).toEqual({ status: 'duplicate' });
    expect(await redis.connect().exists(contactKeys(prefix, 'c').lock)).toBe(0);
    const holder = locked((await other.acquireAndLoad?.('c', 'm2', LOCK)) ?? { status: 'busy' });
    expect(await acquireAndLoad('c', 'm1', LOCK)).toEqual({ status: 'duplicate' });
    await holder.lock.release();
  });

  it('answers busy past the wait while another process holds the lock, and leaves that lock alone', async () => {
    const { prefix, acquireAndLoad } = storeWithPrefix();
    const other = createRedisStore({ url: redis.url, prefix });
    opened.push(other);
    const holder = locked(await acquireAndLoad('c', 'm1', LOCK));
    expect(await other.acquireAndLoad?.('c', 'm2', { ttlMs: 5_000, waitMs: 50 })).toEqual({ status: 'busy' });
    expect(await redis.connect().get(contactKeys(prefix, 'c').lock)).toBe(holder.lock.token);
    await holder.lock.release();
  });

  it('gives a waiter the lock once the holder commits and releases, with the holder\'s version, and sees the holder\'s message as processed', async () => {
    const { store, prefix, acquireAndLoad } = storeWithPrefix();
    const [other, third] = [createRedisStore({ url: redis.url, prefix }), createRedisStore({ url: redis.url, prefix })];
    opened.push(other, third);
    const holder = locked(await acquireAndLoad('c', 'm1', LOCK));
    const waiting = other.acquireAndLoad?.('c', 'm2', { ttlMs: 5_000, waitMs: 5_000 });
    // A redelivery of the holder's message, on a third process: it polls until the holder is done, then finds it processed.
    const redelivery = third.acquireAndLoad?.('c', 'm1', { ttlMs: 5_000, waitMs: 5_000 });
    await store.commit(commitInput('c', 0, 'm1'));
    await holder.lock.release();
    const waiter = locked((await waiting) ?? { status: 'busy' });
    expect(waiter.record?.version).toBe(1);
    await waiter.lock.release();
    expect(await redelivery).toEqual({ status: 'duplicate' });
  });

  it('refuses a record key of the wrong type as corrupt without taking the lock', async () => {
    const { prefix, acquireAndLoad } = storeWithPrefix();
    const admin = redis.connect();
    await admin.rpush(contactKeys(prefix, 'c').record, 'a list');
    await expect(acquireAndLoad('c', 'm1', LOCK)).rejects.toBeInstanceOf(StoreCorruptError);
    expect(await admin.exists(contactKeys(prefix, 'c').lock)).toBe(0);
    await admin.del(contactKeys(prefix, 'c').record);
    await admin.set(contactKeys(prefix, 'c').record, 'a string without its version');
    await expect(acquireAndLoad('c', 'm1', LOCK)).rejects.toBeInstanceOf(StoreCorruptError);
    expect(await admin.exists(contactKeys(prefix, 'c').lock)).toBe(0);
  });

  it('refuses a record that does not parse and releases the lock it took', async () => {
    const { prefix, acquireAndLoad } = storeWithPrefix();
    const admin = redis.connect();
    await admin.set(contactKeys(prefix, 'c').record, '1:{"machineVersion":');
    await expect(acquireAndLoad('c', 'm1', LOCK)).rejects.toBeInstanceOf(StoreCorruptError);
    expect(await admin.exists(contactKeys(prefix, 'c').lock)).toBe(0);
  });
});

describe('redis commit releasing the lock in its own step', () => {
  it('deletes the lock with the commit, so the next message takes it at once, and release() then only ends the turn', async () => {
    const { store, prefix, acquireAndLoad } = storeWithPrefix();
    const first = locked(await acquireAndLoad('c', 'm1', LOCK));
    const lockKey = contactKeys(prefix, 'c').lock;
    const monitor = await redis.connect().duplicate().monitor();
    const commands: string[] = [];
    monitor.on('monitor', (_time: string, args: string[]) => commands.push(args.join(' ')));
    try {
      await store.commit({ ...commitInput('c', 0, 'm1'), releaseLock: first.lock });
      expect(await redis.connect().exists(lockKey)).toBe(0);
      const callsAfterCommit = commands.length;
      expect(await first.lock.release()).toBe(true);
      // No script, no command: the commit released it.
      expect(commands.slice(callsAfterCommit).filter((line) => !line.startsWith('exists'))).toEqual([]);
    } finally {
      monitor.disconnect();
    }
    const next = locked(await acquireAndLoad('c', 'm2', LOCK));
    expect(next.record?.version).toBe(1);
    await next.lock.release();
  });

  it('leaves a lock that is no longer ours (expired and taken) to its holder, and keeps ours when the commit is a duplicate', async () => {
    const { store, prefix, acquireAndLoad } = storeWithPrefix();
    const lockKey = contactKeys(prefix, 'c').lock;
    const lost = locked(await acquireAndLoad('c', 'm1', LOCK));
    await redis.connect().set(lockKey, 'another-holder');
    await store.commit({ ...commitInput('c', 0, 'm1'), releaseLock: lost.lock });
    expect(await redis.connect().get(lockKey)).toBe('another-holder');
    // Not released by the commit: release() looks, finds it lost, and leaves it.
    expect(await lost.lock.release()).toBe(false);
    expect(await redis.connect().get(lockKey)).toBe('another-holder');
    await redis.connect().del(lockKey);

    const held = locked(await acquireAndLoad('c', 'm2', LOCK));
    // m1 again: the commit is a duplicate, writes nothing, and the lock stays until release().
    expect(await store.commit({ ...commitInput('c', 1, 'm1'), releaseLock: held.lock })).toEqual({ status: 'duplicate' });
    expect(await redis.connect().get(lockKey)).toBe(held.lock.token);
    expect(await held.lock.release()).toBe(true);
    expect(await redis.connect().exists(lockKey)).toBe(0);
  });
});
