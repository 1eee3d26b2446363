// The SQLite ContactStore (libsql): the durable embedded default, one host process per file, same contract as memory and Redis.
import { DEFAULT_POLICY, type RetentionRules } from '../../domain/policy';
import type { HealthSampleStore, SampleWindow } from '../health/samples';
import { createSqliteSampleStore, type SqliteSampleStore } from '../health/sqlite-samples';
import type { PatternCountsBackend } from '../learning/patterns';
import { createSqlitePatternCounts } from '../learning/sqlite-patterns';
import { StoreError, StoreUnavailableError } from './errors';
import { createMemoryLocks } from './memory-lock';
import { createWriteBatcher, type BatchStats } from './sqlite-batch';
import { startCheckpointer, type CheckpointStats } from './sqlite-checkpointer';
import { createSqliteCommit } from './sqlite-commit';
import { createSqliteLockLoad } from './sqlite-lock-load';
import { openDatabase, type SynchronousMode } from './sqlite-open';
import { claimOwnership } from './sqlite-owner';
import { createSqliteReads } from './sqlite-reads';
import { createSqliteWrites } from './sqlite-writes';
import type { ContactStore } from './types';

export interface SqliteStoreOptions {
  /** The database file; its folder is created. */
  path: string;
  /** Epoch ms; drives processed-id retention and the package TTL. Defaults to Date.now. */
  clock?: () => number;
  /** How much history a contact keeps (the policy's retention). */
  retention?: RetentionRules;
  /**
   * NORMAL (default): a commit survives a crash or kill -9 of the process as soon as it returns; after
   * an OS crash or power loss the commits since the last WAL sync can be lost, and a checkpoint every
   * `checkpointEveryMs` (default 1 s, in a worker thread) syncs it. FULL: every commit is synced
   * before it returns (no window, about 10× slower per commit on this project's VM; see the README).
   */
  synchronous?: SynchronousMode;
  checkpointEveryMs?: number;
  /** PRAGMA quick_check at open (default true). */
  integrityCheck?: boolean;
  /** Owner-row heartbeat period (default 2 s) and the age after which an owner is presumed gone (default 15 s). */
  heartbeatMs?: number;
  staleAfterMs?: number;
  /** How often expired processed marks and packages are deleted (default hourly; reads ignore them meanwhile). */
  pruneEveryMs?: number;
  /** Told when another process has taken the file over (this host then refuses every write). */
  onOwnershipLost?: () => void;
}

/** How far a commit may be from the disk (NORMAL): the measured gaps between WAL syncs. */
export interface DurabilityStats extends CheckpointStats {
  synchronous: SynchronousMode;
}

/** The writer checkpoints by itself only if the worker falls this far behind (pages of 4 KB: 80 MB of WAL). */
const BACKSTOP_CHECKPOINT_PAGES = 20_000;

export interface SqliteStore extends ContactStore {
  durability(): DurabilityStats;
  /** Write transactions and the writes grouped in them (sqlite-batch.ts). */
  writeBatches(): BatchStats;
  readonly path: string;
  /** Learned-pattern counts, kept in the same file. */
  readonly patternCounts: PatternCountsBackend;
  /** Bot-call samples (bot health), kept in the same file. */
  healthSamples(window: SampleWindow): HealthSampleStore;
  /** Schema migrations applied when this store opened the file. */
  readonly migrated: readonly number[];
}

/** A disk or lock failure mid-request is retryable (→ 429), like Redis being down; the store's own typed errors pass through. */
function toStoreError(error: unknown): unknown {
  if (error instanceof StoreError) return error;
  return new StoreUnavailableError(`sqlite: ${error instanceof Error ? error.message : String(error)}`);
}

function guarded<A extends unknown[], T>(fn: (...args: A) => T | Promise<T>): (...args: A) => Promise<T> {
  return async (...args: A) => {
    try {
      return await fn(...args);
    } catch (error) {
      throw toStoreError(error);
    }
  };
}

/** Opens (and if needed creates and migrates) the file; throws SqliteStartupError when the file cannot be used. */
export function createSqliteStore(options: SqliteStoreOptions): SqliteStore {
  const clock = options.clock ?? Date.now;
  const retention = options.retention ?? DEFAULT_POLICY.retention;
  const synchronous = options.synchronous ?? 'NORMAL';
  const { db, migrated } = openDatabase(options.path, {
    synchronous,
    ...(options.integrityCheck === undefined ? {} : { integrityCheck: options.integrityCheck }),
  });
  let owner;
  try {
    // Ownership is wall-clock time shared with other processes, never the injected clock.
    owner = claimOwnership(db, options.path, {
      heartbeatMs: options.heartbeatMs ?? 2_000,
      staleAfterMs: options.staleAfterMs ?? 15_000,
      clock: Date.now,
      ...(options.onOwnershipLost === undefined ? {} : { onLost: options.onOwnershipLost }),
    });
  } catch (error) {
    db.close();
    throw error;
  }
  const commit = createSqliteCommit(db, { clock, retention });
  const reads = createSqliteReads(db, clock);
  const writes = createSqliteWrites(db, { clock, processedIdsMs: retention.processedIdsMs });
  // Every write waits for the end of the turn and commits with the others asked for in it; the owner check opens each transaction.
  const batch = createWriteBatcher(db, { assertOwner: owner.assertOwner });
  let closed = false;
  /** A write in the next batch; refused once the store is closed. */
  const write = <T>(work: () => T): Promise<T> => (closed ? Promise.reject(new StoreUnavailableError('sqlite: the store is closed')) : batch.write(work));
  // One process per file, so the in-process locks of the memory store are the contact locks.
  const locks = createMemoryLocks();
  const prune = () => {
    try {
      writes.prune(clock());
    } catch {
      // A failed prune changes nothing readers see; the next one catches up.
    }
  };
  prune();
  const pruneTimer = setInterval(prune, options.pruneEveryMs ?? 3_600_000);
  pruneTimer.unref();
  // Checkpoints (and with NORMAL the WAL syncs) happen in a worker thread; the writer's own autocheckpoint stays as a backstop.
  db.exec(`PRAGMA wal_autocheckpoint = ${BACKSTOP_CHECKPOINT_PAGES}`);
  const checkpointer = startCheckpointer(options.path, options.checkpointEveryMs ?? 1_000);
  /** Bot-health sample stores on this file: each batches its writes, so closing flushes them. */
  const sampleStores: SqliteSampleStore[] = [];

  return {
    kind: 'sqlite',
    path: options.path,
    patternCounts: createSqlitePatternCounts(db),
    healthSamples: (window) => {
      const samples = createSqliteSampleStore(db, window);
      sampleStores.push(samples);
      return samples;
    },
    migrated,
    durability: () => ({ synchronous, ...checkpointer.stats() }),
    writeBatches: () => batch.stats(),
    load: guarded(reads.load),
    isProcessed: guarded(reads.isProcessed),
    commit: guarded((input) => write(() => commit(input))),
    acquireLock: async (contactId, lockOptions) => locks.acquire(contactId, lockOptions),
    acquireAndLoad: createSqliteLockLoad(locks, reads, toStoreError),
    journal: guarded(reads.journal),
    transcript: guarded(reads.transcript),
    contextPackage: guarded(reads.contextPackage),
    pendingEffects: guarded((contactId: string) => reads.outbox(contactId, 'pending')),
    nextEffect: guarded(reads.nextEffect),
    contactsWithPendingEffects: guarded(reads.contactsWithPendingEffects),
    failedEffects: guarded((contactId: string) => reads.outbox(contactId, 'failed')),
    markEffect: guarded((contactId, effectId, outcome) => write(() => writes.markEffect(contactId, effectId, outcome))),
    beginEffectAttempt: guarded((contactId, effectId, at) => write(() => writes.beginEffectAttempt(contactId, effectId, at))),
    clearEffectAttempt: guarded((contactId, effectId) => write(() => writes.clearEffectAttempt(contactId, effectId))),
    erase: guarded((contactId, markProcessed) => write(() => writes.erase(contactId, markProcessed ?? null))),
    async ping() {
      if (closed) return false;
      try {
        db.prepare('SELECT 1').raw().get();
        owner.assertOwner();
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      if (closed) return;
      // Writes already asked for are committed (their callers are waiting); later ones are refused.
      try {
        batch.flush();
      } finally {
        closed = true;
      }
      clearInterval(pruneTimer);
      for (const samples of sampleStores.splice(0)) {
        try {
          samples.close();
        } catch {
          // A failing disk at shutdown loses the last second of bot-health samples, nothing a conversation needs.
        }
      }
      locks.clear();
      await checkpointer.stop();
      try {
        owner.release();
      } finally {
        db.close();
      }
    },
  };
}
