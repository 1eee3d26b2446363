// The contact lock on Redis: SET NX PX with a random token, bounded wait, renewal while held, compare-and-delete release.
import { randomUUID } from 'node:crypto';
import type { LockHandle, LockOptions } from './types';
import { runScript } from './redis-scripts';
import { toStoreError, type RedisConnection } from './redis-client';
import { createMemoryLocks } from './memory-lock';

/** First retry after 5 ms, doubling to 100 ms: a commit takes about a millisecond, so most waits are short. */
const MIN_BACKOFF_MS = 5;
const MAX_BACKOFF_MS = 100;

/** One attempt at the lock: taken (with what was read under it), busy, or finished without it. */
export type Take<T, D> = { kind: 'taken'; value: T } | { kind: 'busy' } | { kind: 'done'; value: D };
export type TakeAttempt<T, D> = (key: string, token: string, ttlMs: number) => Promise<Take<T, D>>;
export type Acquired<T, D> = { kind: 'taken'; lock: LockHandle; value: T } | { kind: 'busy' } | { kind: 'done'; value: D };

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

  /**
   * Runs `take` (one Redis round trip that tries to take the lock) with a jittered, doubling backoff
   * while it answers busy, until the deadline. `take` may also finish without the lock (`done`).
   */
  async function contend<T, D>(take: () => Promise<Take<T, D>>, deadline: number): Promise<Take<T, D>> {
    let backoff = MIN_BACKOFF_MS;
    for (;;) {
      await ready();
      let outcome: Take<T, D>;
      try {
        outcome = await take();
      } catch (error) {
        throw toStoreError(error);
      }
      if (outcome.kind !== 'busy') return outcome;
      const remaining = deadline - Date.now();
      if (remaining <= 0) return outcome;
      // Jitter keeps waiters in different processes from retrying in lockstep.
      await new Promise((resolve) => setTimeout(resolve, Math.min(remaining, backoff * (0.5 + Math.random()))));
      backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
    }
  }

  /**
   * Takes the contact's lock with `take(key, token, ttlMs)`, which either sets the lock (`taken`, with
   * whatever it read under it), finds it busy, or ends without it (`done`, e.g. a processed message).
   * Waiters of this process queue locally first, so one of them polls Redis.
   */
  async function acquireWith<T, D>(contactId: string, lockOptions: LockOptions, take: TakeAttempt<T, D>): Promise<Acquired<T, D>> {
    const deadline = Date.now() + Math.max(0, lockOptions.waitMs);
    const turn = await local.acquire(contactId, lockOptions);
    if (turn === null) return { kind: 'busy' };
    const key = lockKey(contactId);
    const token = randomUUID();
    let outcome: Take<T, D>;
    try {
      outcome = await contend(() => take(key, token, lockOptions.ttlMs), deadline);
    } catch (error) {
      await turn.release();
      throw error;
    }
    if (outcome.kind !== 'taken') {
      await turn.release();
      return outcome;
    }
    const stopRenewal = startRenewal(contactId, key, token, lockOptions.ttlMs);
    let releasedByCommit = false;
    const lock: LockHandle = {
      contactId,
      token,
      releasedByCommit() {
        releasedByCommit = true;
        stopRenewal();
      },
      async release() {
        stopRenewal();
        if (releasedByCommit) {
          await turn.release();
          return true;
        }
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
    return { kind: 'taken', lock, value: outcome.value };
  }

  async function acquire(contactId: string, lockOptions: LockOptions): Promise<LockHandle | null> {
    const setNx: TakeAttempt<null, never> = async (key, token, ttlMs) =>
      (await client.set(key, token, 'PX', ttlMs, 'NX')) === 'OK' ? { kind: 'taken', value: null } : { kind: 'busy' };
    const acquired = await acquireWith(contactId, lockOptions, setNx);
    return acquired.kind === 'taken' ? acquired.lock : null;
  }

  function stopAll(): void {
    for (const timer of renewals) clearInterval(timer);
    renewals.clear();
    local.clear();
  }

  return { acquire, acquireWith, stopAll };
}
