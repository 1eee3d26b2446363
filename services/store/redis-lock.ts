// The contact lock on Redis: SET NX PX with a random token, bounded wait, renewal while held, compare-and-delete release.
import { randomUUID } from 'node:crypto';
import type { LockHandle, LockOptions } from './types';
import { runScript } from './redis-scripts';
import { toStoreError, type RedisConnection } from './redis-client';
import { createMemoryLocks } from './memory-lock';

/** First retry after 5 ms, doubling to 100 ms: a commit takes about a millisecond, so most waits are short. */
const MIN_BACKOFF_MS = 5;
const MAX_BACKOFF_MS = 100;

export interface RedisLocksOptions {
  client: RedisConnection;
  lockKey: (contactId: string) => string;
  ready: () => Promise<void>;
  /** Called when a renewal finds the lock gone (expired and taken): the holder's commit will then be refused by the version check. */
  onLost?: (contactId: string) => void;
}

export function createRedisLocks(options: RedisLocksOptions) {
  const { client, lockKey, ready } = options;
  /**
   * Waiters in this process queue here first (FIFO), so only the head of the queue polls Redis:
   * a burst of messages for one contact costs one poller per process, and a local release hands
   * the lock on at once. Waiters in other processes rely on the backoff.
   */
  const local = createMemoryLocks();
  const renewals = new Set<NodeJS.Timeout>();

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

  /** Polls SET NX with a jittered, doubling backoff until it succeeds or the deadline passes. */
  async function contend(key: string, token: string, ttlMs: number, deadline: number): Promise<boolean> {
    let backoff = MIN_BACKOFF_MS;
    while (!(await trySet(key, token, ttlMs))) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) return false;
      // Jitter keeps waiters in different processes from retrying in lockstep.
      await new Promise((resolve) => setTimeout(resolve, Math.min(remaining, backoff * (0.5 + Math.random()))));
      backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
    }
    return true;
  }

  async function acquire(contactId: string, lockOptions: LockOptions): Promise<LockHandle | null> {
    const deadline = Date.now() + Math.max(0, lockOptions.waitMs);
    const turn = await local.acquire(contactId, lockOptions);
    if (turn === null) return null;
    const key = lockKey(contactId);
    const token = randomUUID();
    try {
      if (!(await contend(key, token, lockOptions.ttlMs, deadline))) {
        await turn.release();
        return null;
      }
    } catch (error) {
      await turn.release();
      throw error;
    }
    const stopRenewal = startRenewal(contactId, key, token, lockOptions.ttlMs);
    return {
      contactId,
      token,
      async release() {
        stopRenewal();
        try {
          await ready();
          return (await runScript(client, 'batonLockRelease', [key], [token])) === 1;
        } catch (error) {
          throw toStoreError(error);
        } finally {
          await turn.release();
        }
      },
    };
  }

  function stopAll(): void {
    for (const timer of renewals) clearInterval(timer);
    renewals.clear();
    local.clear();
  }

  return { acquire, stopAll };
}
