// The in-memory ContactStore: the embedded default (no REDIS_URL) and the reference for the Redis store.
import type {
  CommitInput,
  CommitResult,
  ContactRecord,
  ContactStore,
  JournalEntry,
  LockHandle,
  LockOptions,
  OutboxItem,
  TranscriptEntry,
} from './types';
import { VersionConflictError } from './errors';
import { DEFAULT_POLICY, type RetentionRules } from '../../domain/policy';
import { createMemoryLocks } from './memory-lock';
import { historyCutoff } from './retention';

export interface MemoryStoreOptions {
  /** Epoch ms; drives processed-id retention and the package TTL. Defaults to Date.now. */
  clock?: () => number;
  /** How much history a contact keeps (the policy's retention). */
  retention?: RetentionRules;
}

/** A stored value as JSON (written once per commit, parsed on read: no deep copy on the commit path) and its time. */
interface Stored {
  at: number;
  json: string;
}

interface ContactData {
  record: { version: number; json: string } | null;
  /** Newest first, like the Redis list it mirrors. */
  journal: Stored[];
  /** Oldest first. */
  transcript: Stored[];
  /** Pending effects in commit order (a Map keeps insertion order, so the first is the next to deliver). Delivered ones are dropped. */
  pending: Map<string, OutboxItem>;
  /** Failed effects, kept for inspection. */
  failed: Map<string, OutboxItem>;
  contextPackage: { json: string; expiresAt: number } | null;
}

/**
 * Values go through JSON, as they do in Redis, so every store hands back equal, unshared objects. Records,
 * journal and transcript are kept as the JSON text itself: one serialisation per commit, one parse per read.
 */
function copy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function parsed<T>(json: string): T {
  return JSON.parse(json) as T;
}

export function createMemoryStore(options: MemoryStoreOptions = {}): ContactStore {
  const clock = options.clock ?? Date.now;
  const retention = options.retention ?? DEFAULT_POLICY.retention;
  const contacts = new Map<string, ContactData>();
  /**
   * `${contactId}\n${messageId}` → expiry; kept across erase so a redelivery cannot resurrect a deleted contact.
   * Every mark lives `processedIdsMs` and is (re)inserted at the end, so the Map is in expiry order and
   * pruning stops at the first live mark: O(expired) per commit, not O(marks).
   */
  const processed = new Map<string, number>();
  const locks = createMemoryLocks();

  function data(contactId: string): ContactData {
    let entry = contacts.get(contactId);
    if (entry === undefined) {
      entry = { record: null, journal: [], transcript: [], pending: new Map(), failed: new Map(), contextPackage: null };
      contacts.set(contactId, entry);
    }
    return entry;
  }

  function processedKey(contactId: string, messageId: string): string {
    return `${contactId}\n${messageId}`;
  }

  function isMarked(contactId: string, messageId: string): boolean {
    const expiresAt = processed.get(processedKey(contactId, messageId));
    return expiresAt !== undefined && expiresAt > clock();
  }

  function pruneProcessed(now: number): void {
    for (const [key, expiresAt] of processed) {
      if (expiresAt > now) return;
      processed.delete(key);
    }
  }

  function mark(contactId: string, messageId: string, now: number): void {
    const key = processedKey(contactId, messageId);
    processed.delete(key);
    processed.set(key, now + retention.processedIdsMs);
  }

  function outboxWith(contactId: string, status: 'pending' | 'failed'): OutboxItem[] {
    const entry = contacts.get(contactId);
    if (entry === undefined) return [];
    const items = [...entry[status].values()].map(copy);
    // Failed effects come oldest first by effect time, as the Redis and SQLite stores list them.
    return status === 'failed' ? items.sort((x, y) => x.effect.at - y.effect.at) : items;
  }

  return {
    kind: 'memory',

    async load(contactId: string): Promise<ContactRecord | null> {
      const record = contacts.get(contactId)?.record ?? null;
      return record === null ? null : parsed<ContactRecord>(record.json);
    },

    async isProcessed(contactId: string, messageId: string): Promise<boolean> {
      return isMarked(contactId, messageId);
    },

    async commit(input: CommitInput): Promise<CommitResult> {
      // Same order as commit.lua: a duplicate is reported as such even when the version moved on.
      if (input.messageId !== null && isMarked(input.contactId, input.messageId)) return { status: 'duplicate' };
      const entry = data(input.contactId);
      const current = entry.record?.version ?? 0;
      if (current !== input.expectedVersion) throw new VersionConflictError(input.contactId, input.expectedVersion, current);

      const now = clock();
      const version = current + 1;
      entry.record = { version, json: JSON.stringify({ ...input.record, version }) };
      if (input.messageId !== null) {
        pruneProcessed(now);
        mark(input.contactId, input.messageId, now);
      }
      // As commit.lua: the first effect queued into an empty outbox is the contact's next, and the result names it.
      const outboxWasEmpty = entry.pending.size === 0;
      let nextEffectId: string | null = null;
      for (const effect of input.effects) {
        // Like HSETNX in commit.lua: an effect id already queued is not queued (or reset) again.
        if (entry.pending.has(effect.id) || entry.failed.has(effect.id)) continue;
        // The committer hands its effects over (the engine never touches them again); reads hand back copies.
        entry.pending.set(effect.id, { effect, attempts: 0, status: 'pending', lastError: null });
        if (outboxWasEmpty && nextEffectId === null) nextEffectId = effect.id;
      }
      const cutoff = historyCutoff(input, retention);
      entry.journal.unshift({ at: input.journal.decision.at, json: JSON.stringify({ ...input.journal, version }) });
      entry.journal.length = Math.min(entry.journal.length, retention.journalEntries);
      while ((entry.journal.at(-1)?.at ?? cutoff) < cutoff) entry.journal.pop();
      for (const item of input.transcript) entry.transcript.push({ at: item.at, json: JSON.stringify(item) });
      const tooMany = entry.transcript.length - retention.transcriptEntries;
      const tooOld = entry.transcript.findIndex((item) => item.at >= cutoff);
      const drop = Math.max(tooMany, tooOld === -1 ? entry.transcript.length : tooOld);
      if (drop > 0) entry.transcript.splice(0, drop);
      if (input.contextPackage !== null) {
        entry.contextPackage = { json: input.contextPackage.json, expiresAt: now + input.contextPackage.ttlMs };
      }
      return nextEffectId === null ? { status: 'committed', version } : { status: 'committed', version, nextEffectId };
    },

    async acquireLock(contactId: string, lockOptions: LockOptions): Promise<LockHandle | null> {
      return locks.acquire(contactId, lockOptions);
    },

    async journal(contactId: string, limit: number): Promise<JournalEntry[]> {
      return (contacts.get(contactId)?.journal ?? []).slice(0, Math.max(0, limit)).map((item) => parsed<JournalEntry>(item.json));
    },

    async transcript(contactId: string): Promise<TranscriptEntry[]> {
      return (contacts.get(contactId)?.transcript ?? []).map((item) => parsed<TranscriptEntry>(item.json));
    },

    async contextPackage(contactId: string): Promise<string | null> {
      const stored = contacts.get(contactId)?.contextPackage ?? null;
      if (stored === null || stored.expiresAt <= clock()) return null;
      return stored.json;
    },

    async pendingEffects(contactId: string): Promise<OutboxItem[]> {
      return outboxWith(contactId, 'pending');
    },

    async nextEffect(contactId: string): Promise<OutboxItem | null> {
      const first = contacts.get(contactId)?.pending.values().next();
      return first === undefined || first.done === true ? null : copy(first.value);
    },

    async contactsWithPendingEffects(): Promise<string[]> {
      const ids: string[] = [];
      for (const [contactId, entry] of contacts) if (entry.pending.size > 0) ids.push(contactId);
      return ids;
    },

    async markEffect(contactId, effectId, outcome): Promise<void> {
      const entry = contacts.get(contactId);
      const item = entry?.pending.get(effectId) ?? entry?.failed.get(effectId);
      if (entry === undefined || item === undefined) return;
      entry.pending.delete(effectId);
      if (outcome.status === 'delivered') {
        entry.failed.delete(effectId);
        return;
      }
      entry.failed.set(effectId, { ...item, attempts: item.attempts + 1, status: 'failed', lastError: outcome.error });
    },

    async failedEffects(contactId: string): Promise<OutboxItem[]> {
      return outboxWith(contactId, 'failed');
    },

    async erase(contactId: string, markProcessed?: string): Promise<void> {
      contacts.delete(contactId);
      if (markProcessed !== undefined) mark(contactId, markProcessed, clock());
    },

    async ping(): Promise<boolean> {
      return true;
    },

    async close(): Promise<void> {
      locks.clear();
    },
  };
}
