// The SQLite store's start of an inbound message (acquireAndLoad): the same answers as Redis's lock-acquire.lua, with one processed read when the lock is free.
import Database from 'libsql';
import { afterAll, describe, expect, it } from 'vitest';
import { sqliteFiles } from '../support/sqlite-files';
import { createEngine } from '../../services/engine/engine';
import { StoreCorruptError } from '../../services/store/errors';
import { createSqliteStore, type SqliteStore } from '../../services/store/sqlite';
import type { LockedLoad } from '../../services/store/types';
import { commitInput } from '../contract/fixtures';

const freshPath = sqliteFiles('sqlite-lock-load');
const opened: SqliteStore[] = [];
function open(): { store: SqliteStore; path: string; acquireAndLoad: NonNullable<SqliteStore['acquireAndLoad']> } {
  const path = freshPath();
  const store = createSqliteStore({ path });
  opened.push(store);
  const { acquireAndLoad } = store;
  if (acquireAndLoad === undefined) throw new Error('the SQLite store has acquireAndLoad');
  return { store, path, acquireAndLoad };
}
afterAll(async () => {
  await Promise.all(opened.map((store) => store.close()));
});

const LOCK = { ttlMs: 5_000, waitMs: 0 };

function locked(result: LockedLoad) {
  if (result.status !== 'locked') throw new Error(`expected the lock, got ${result.status}`);
  return result;
}

describe('sqlite acquireAndLoad', () => {
  it('takes the lock and reads the committed record under it; a new contact reads null', async () => {
    const { store, acquireAndLoad } = open();
    await store.commit(commitInput('c', 0, 'm1'));
    const first = locked(await acquireAndLoad('c', 'm2', LOCK));
    expect(first.record?.version).toBe(1);
    expect(await store.acquireLock('c', LOCK)).toBeNull();
    expect(await first.lock.release()).toBe(true);
    const fresh = locked(await acquireAndLoad('new-contact', 'm1', LOCK));
    expect(fresh.record).toBeNull();
    await fresh.lock.release();
  });

  it('answers duplicate for a processed messageId and leaves the lock free, or held by its holder, without waiting', async () => {
    const { store, acquireAndLoad } = open();
    await store.commit(commitInput('c', 0, 'm1'));
    expect(await acquireAndLoad('c', 'm1', LOCK)).toEqual({ status: 'duplicate' });
    const holder = locked(await acquireAndLoad('c', 'm2', LOCK));
    const started = Date.now();
    expect(await acquireAndLoad('c', 'm1', { ttlMs: 5_000, waitMs: 5_000 })).toEqual({ status: 'duplicate' });
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(await holder.lock.release()).toBe(true);
    const after = await store.acquireLock('c', LOCK);
    expect(after).not.toBeNull();
    await after?.release();
  });

  it('answers busy past the wait while the lock is held, and leaves that lock alone', async () => {
    const { acquireAndLoad } = open();
    const holder = locked(await acquireAndLoad('c', 'm1', LOCK));
    expect(await acquireAndLoad('c', 'm2', { ttlMs: 5_000, waitMs: 50 })).toEqual({ status: 'busy' });
    expect(await holder.lock.release()).toBe(true);
  });

  it("gives a waiter the lock once the holder commits and releases, with the holder's version, and finds the holder's message processed", async () => {
    const { store, acquireAndLoad } = open();
    const holder = locked(await acquireAndLoad('c', 'm1', LOCK));
    const waiting = acquireAndLoad('c', 'm2', { ttlMs: 5_000, waitMs: 5_000 });
    const redelivery = acquireAndLoad('c', 'm1', { ttlMs: 5_000, waitMs: 5_000 });
    await store.commit(commitInput('c', 0, 'm1'));
    await holder.lock.release();
    const waiter = locked(await waiting);
    expect(waiter.record?.version).toBe(1);
    await waiter.lock.release();
    expect(await redelivery).toEqual({ status: 'duplicate' });
  });

  it('refuses a record that does not parse and releases the lock it took', async () => {
    const { store, path, acquireAndLoad } = open();
    await store.commit(commitInput('c', 0, 'm1'));
    const raw = new Database(path);
    raw.prepare("UPDATE contacts SET record = '{\"machineVersion\":' WHERE contact_id = 'c'").run();
    raw.close();
    await expect(acquireAndLoad('c', 'm2', LOCK)).rejects.toBeInstanceOf(StoreCorruptError);
    const lock = await store.acquireLock('c', LOCK);
    expect(lock).not.toBeNull();
    await lock?.release();
  });

  it('lets the engine process each of many concurrent deliveries exactly once', async () => {
    const { store } = open();
    const engine = createEngine({ store, clock: () => Date.now() });
    const at = Date.now();
    const deliveries = ['m1', 'm2', 'm3'].flatMap((messageId, i) =>
      Array.from({ length: 4 }, () => ({ contactId: 'c', messageId, text: ['I want to sell my house', 'ok sounds good', 'next month'][i] ?? 'ok', at: at + i, locationId: 'loc', conversationId: null })),
    );
    const results = await Promise.all(deliveries.map((message) => engine.handleInbound(message)));
    expect(results.filter((result) => result.status === 'processed')).toHaveLength(3);
    expect(results.filter((result) => result.status === 'duplicate')).toHaveLength(9);
    expect((await store.load('c'))?.version).toBe(3);
    expect((await store.journal('c', 10)).map((entry) => entry.messageId).sort()).toEqual(['m1', 'm2', 'm3']);
  });
});
