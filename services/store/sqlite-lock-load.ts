// The inbound message's lock + processed check + record read on SQLite (ContactStore.acquireAndLoad): one statement call where there were three.
import type { createMemoryLocks } from './memory-lock';
import type { SqliteReads } from './sqlite-reads';
import type { LockedLoad, LockOptions } from './types';

/**
 * The same answers as Redis's lock-acquire.lua. A free lock is taken at once and processed and the record
 * are read under it in one statement (a duplicate releases the lock again); only when the lock is busy is
 * processed read first, so a redelivery of a message being processed is answered without waiting, and
 * again after the wait. Without this the engine read processed before the lock, again under it, then the record.
 */
export function createSqliteLockLoad(
  locks: ReturnType<typeof createMemoryLocks>,
  reads: Pick<SqliteReads, 'isProcessed' | 'processedOrLoad'>,
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
      const found = reads.processedOrLoad(contactId, messageId);
      if (found.processed) {
        await lock.release();
        return { status: 'duplicate' };
      }
      return { status: 'locked', lock, record: found.record };
    } catch (error) {
      // A failed read or a record that does not parse ends the message here, without keeping the lock.
      await lock.release();
      throw toStoreError(error);
    }
  };
}
