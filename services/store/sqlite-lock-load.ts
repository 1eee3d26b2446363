// The inbound message's lock + processed check + record read on SQLite (ContactStore.acquireAndLoad): one processed read where there were two.
import type { createMemoryLocks } from './memory-lock';
import type { SqliteReads } from './sqlite-reads';
import type { LockedLoad, LockOptions } from './types';

/**
 * The same answers as Redis's lock-acquire.lua. A free lock is taken at once and processed is read under
 * it (a duplicate releases it again); only when the lock is busy is processed read first, so a redelivery
 * of a message being processed is answered without waiting, and again after the wait. Without this the
 * engine read processed before the lock and again under it, on every message.
 */
export function createSqliteLockLoad(
  locks: ReturnType<typeof createMemoryLocks>,
  reads: Pick<SqliteReads, 'isProcessed' | 'load'>,
  toStoreError: (error: unknown) => unknown,
): (contactId: string, messageId: string, options: LockOptions) => Promise<LockedLoad> {
  return async (contactId, messageId, options) => {
    try {
      if (locks.held(contactId) && reads.isProcessed(contactId, messageId)) return { status: 'duplicate' };
    } catch (error) {
      throw toStoreError(error);
    }
    const lock = await locks.acquire(contactId, options);
    if (lock === null) return { status: 'busy' };
    try {
      if (reads.isProcessed(contactId, messageId)) {
        await lock.release();
        return { status: 'duplicate' };
      }
      return { status: 'locked', lock, record: reads.load(contactId) };
    } catch (error) {
      // A failed read or a record that does not parse ends the message here, without keeping the lock.
      await lock.release();
      throw toStoreError(error);
    }
  };
}
