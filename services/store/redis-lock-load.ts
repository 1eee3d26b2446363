// The inbound message's first round trip on Redis: processed check, contact lock and record read in one Lua call (lock-acquire.lua).
import { z } from 'zod';
import { StoreCorruptError } from './errors';
import { processedMember, type ContactKeys } from './keys';
import type { RedisConnection } from './redis-client';
import type { createRedisLocks, Take } from './redis-lock';
import { runScript } from './redis-scripts';
import type { ContactRecord, LockedLoad, LockOptions } from './types';

/** What lock-acquire.lua answers: `{1, data|nil}` taken, `{0}` duplicate, `{-1}` busy, `{-2, type}` corrupt record key, `{-3, type}` corrupt seen key. */
const bytes = z.instanceof(Buffer);
const lockAcquireReplySchema = z.union([
  z.tuple([z.literal(1)]),
  z.tuple([z.literal(1), bytes.nullable()]),
  z.tuple([z.literal(0)]),
  z.tuple([z.literal(-1)]),
  z.tuple([z.literal(-2), bytes]),
  z.tuple([z.literal(-3), bytes]),
]);

export interface LockLoadDeps {
  client: RedisConnection;
  locks: ReturnType<typeof createRedisLocks>;
  keys: (contactId: string) => ContactKeys;
  /** How long a messageId stays processed (the policy's retention.processedIdsMs). */
  processedMs: number;
  /** The store's record parser (malformed JSON or shape → StoreCorruptError); the record is bytes (record-codec.ts). */
  parseRecord: (stored: Buffer, contactId: string, key: string) => ContactRecord;
}

export function createLockLoad(deps: LockLoadDeps) {
  return async function acquireAndLoad(contactId: string, messageId: string, options: LockOptions): Promise<LockedLoad> {
    const k = deps.keys(contactId);
    const take = async (key: string, token: string, ttlMs: number): Promise<Take<Buffer | null, 'duplicate'>> => {
      const args = [token, ttlMs, processedMember(messageId), Date.now() - deps.processedMs];
      const reply = lockAcquireReplySchema.safeParse(await runScript(deps.client, 'batonLockAcquire', [key, k.seen, k.record, k.legacyProcessed(messageId)], args, 'bytes'));
      if (!reply.success) throw new StoreCorruptError(contactId, k.lock, 'lock-acquire.lua answered an unexpected reply');
      const [code, detail] = reply.data;
      if (code === 1) return { kind: 'taken', value: detail ?? null };
      if (code === 0) return { kind: 'done', value: 'duplicate' };
      if (code === -1) return { kind: 'busy' };
      throw new StoreCorruptError(contactId, code === -3 ? k.seen : k.record, `value of the wrong type (${detail?.toString() ?? 'unknown'})`);
    };
    const acquired = await deps.locks.acquireWith(contactId, options, take);
    if (acquired.kind === 'busy') return { status: 'busy' };
    if (acquired.kind === 'done') return { status: 'duplicate' };
    try {
      return { status: 'locked', lock: acquired.lock, record: acquired.value === null ? null : deps.parseRecord(acquired.value, contactId, k.record) };
    } catch (error) {
      // A record that does not parse ends the message here: the lock is not kept until its TTL.
      await acquired.lock.release().catch(() => undefined);
      throw error;
    }
  };
}
