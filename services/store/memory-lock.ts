// In-process contact locks for the memory store: one holder per contact, waiters queued in FIFO order.
import { randomUUID } from 'node:crypto';
import type { LockHandle, LockOptions } from './types';

interface Waiter {
  grant: (token: string) => void;
}

interface Slot {
  token: string;
  waiters: Waiter[];
}

/**
 * The memory store lives and dies with its process, so a holder can only lose its lock by
 * releasing it: the lock is held until release (what renewal achieves in Redis) and `ttlMs`
 * needs no timer here. A waiter is woken by the release itself, never by polling.
 */
export function createMemoryLocks() {
  const slots = new Map<string, Slot>();

  function handle(contactId: string, token: string): LockHandle {
    return {
      contactId,
      token,
      release: async () => release(contactId, token),
    };
  }

  function release(contactId: string, token: string): boolean {
    const slot = slots.get(contactId);
    if (slot === undefined || slot.token !== token) return false;
    const next = slot.waiters.shift();
    if (next === undefined) {
      slots.delete(contactId);
      return true;
    }
    // Hand the lock straight to the next waiter so no newcomer can jump the queue.
    slot.token = randomUUID();
    next.grant(slot.token);
    return true;
  }

  async function acquire(contactId: string, options: LockOptions): Promise<LockHandle | null> {
    const slot = slots.get(contactId);
    if (slot === undefined) {
      const token = randomUUID();
      slots.set(contactId, { token, waiters: [] });
      return handle(contactId, token);
    }
    if (options.waitMs <= 0) return null;
    return new Promise<LockHandle | null>((resolve) => {
      const waiter: Waiter = {
        grant: (token) => {
          clearTimeout(timer);
          resolve(handle(contactId, token));
        },
      };
      const timer = setTimeout(() => {
        const index = slot.waiters.indexOf(waiter);
        if (index >= 0) slot.waiters.splice(index, 1);
        resolve(null);
      }, options.waitMs);
      slot.waiters.push(waiter);
    });
  }

  /** True while someone holds the contact's lock (a take would wait). */
  function held(contactId: string): boolean {
    return slots.has(contactId);
  }

  function clear(): void {
    slots.clear();
  }

  return { acquire, held, clear };
}
