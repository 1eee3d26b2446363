// The contact lock on Redis: SET NX PX with a random token, bounded wait, renewal while held, compare-and-delete release.
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { LockHandle, LockOptions } from './types';
import { runScript } from './redis-scripts';
import { toStoreError } from './redis-client';

/** First retry after 5 ms, doubling to 100 ms: a commit takes about a millisecond, so most waits are short. */
const MIN_BACKOFF_MS = 5;
const MAX_BACKOFF_MS = 100;

export interface RedisLocksOptions {
  client: Redis;
  lockKey: (contactId: string) => string;
  ready: () => Promise<void>;
  /** Called when a renewal finds the lock gone (expired and taken): the holder's commit will then be refused by the version check. */
  onLost?: (contactId: string) => void;
}

export function createRedisLocks(options: RedisLocksOptions) {
  const { client, lockKey, ready } = options;
  /** Waiters in this process, woken at once by a local release; waiters elsewhere rely on the backoff. */
  const wakers = new Map<string, Set<() => void>>();
  const renewals = new Set<NodeJS.Timeout>();

  function wake(contactId: string): void {
    const set = wakers.get(contactId);
    if (set === undefined) return;
    wakers.delete(contactId);
    for (const fn of set) fn();
  }

  function pause(contactId: string, ms: number): Promise<void> {
    return new Promise((resolve) => {
      let set = wakers.get(contactId);
      if (set === undefined) {
        set = new Set();
        wakers.set(contactId, set);
      }
      const done = () => {
        clearTimeout(timer);
        set.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      set.add(done);
    });
  }

  async function trySet(key: string, token: string, ttlMs: number): Promise<boolean> {
    await ready();
    try {
      return (await client.set(key, token, 'PX', ttlMs, 'NX')) === 'OK';
    } catch (error) {
      throw toStoreError(error);
    }
  }

  function startRenewal(contactId: string, key: string, token: string, ttlMs: number): () => void {
    const timer = setInterval(() => {
      runScript(client, 'batonLockRenew', [key], [token, ttlMs])
        .then((reply) => {
          if (reply === 1) return;
          stop();
          options.onLost?.(contactId);
        })
        // Redis down: keep trying; if the lock expires meanwhile, the version check still protects the commit.
        .catch(() => undefined);
    }, Math.max(1, Math.floor(ttlMs / 3)));
    timer.unref();
    renewals.add(timer);
    const stop = () => {
      clearInterval(timer);
      renewals.delete(timer);
    };
    return stop;
  }

  async function acquire(contactId: string, lockOptions: LockOptions): Promise<LockHandle | null> {
    const key = lockKey(contactId);
    const token = randomUUID();
    const deadline = Date.now() + Math.max(0, lockOptions.waitMs);
    let backoff = MIN_BACKOFF_MS;
    while (!(await trySet(key, token, lockOptions.ttlMs))) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) return null;
      // Jitter keeps waiters in different processes from retrying in lockstep.
      await pause(contactId, Math.min(remaining, backoff * (0.5 + Math.random())));
      backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
    }
    const stopRenewal = startRenewal(contactId, key, token, lockOptions.ttlMs);
    return {
      contactId,
      token,
      async release() {
        stopRenewal();
        await ready();
        try {
          return (await runScript(client, 'batonLockRelease', [key], [token])) === 1;
        } catch (error) {
          throw toStoreError(error);
        } finally {
          wake(contactId);
        }
      },
    };
  }

  function stopAll(): void {
    for (const timer of renewals) clearInterval(timer);
    renewals.clear();
  }

  return { acquire, stopAll };
}
