// The store interface: one contract, implemented by the in-memory, SQLite and Redis stores.
import type { Decision, Effect, FactKey, BotName } from '../../domain/types';
import type { DecisionInput } from './journal-input';

/** What is persisted per contact. `version` counts commits, starting at 1. */
export interface ContactRecord {
  machineVersion: number;
  version: number;
  /** The XState persisted snapshot (JSON-serialisable). */
  snapshot: unknown;
}

export interface TranscriptEntry {
  direction: 'inbound' | 'outbound';
  text: string;
  at: number;
  bot: BotName | null;
  asks: FactKey[];
  messageId: string | null;
}

export interface JournalEntry {
  version: number;
  messageId: string | null;
  decision: Decision;
  stateValue: unknown;
  /**
   * What the decision was computed from (event with its enrichment, bot reply), for `baton replay`.
   * Absent on entries written before it was recorded: replay rebuilds those from the transcript.
   */
  input?: DecisionInput;
}

export interface CommitInput {
  contactId: string;
  /** The version the caller loaded (0 for a new contact); the commit fails if it changed. */
  expectedVersion: number;
  record: ContactRecord;
  /** Marked processed atomically with the snapshot; null for admin events (takeover/release). */
  messageId: string | null;
  effects: Effect[];
  journal: JournalEntry;
  transcript: TranscriptEntry[];
  /** When the commit carries a fresh handoff package: its JSON and time-to-live. */
  contextPackage: { json: string; ttlMs: number } | null;
  /**
   * The GoHighLevel location the inbound message came from; absent or null (an admin event): the one kept stays. The
   * Redis store keeps the latest in the record, where the Redis GoHighLevel registry reads it; the other stores keep
   * none (their registry lives in the process).
   */
  location?: string | null;
  /**
   * The contact lock the caller holds and is done with once this commit lands: a store that can (Redis) releases it in
   * the commit's own step (compare-and-delete on the token) and tells the handle (releasedByCommit); others ignore it.
   */
  releaseLock?: LockHandle;
}

/**
 * `nextEffectId`: the contact's next pending effect after the commit, when the store knows it without a read (Redis: the
 * commit's first effect, queued into an empty outbox). Absent: unknown, the dispatcher reads it.
 */
export type CommitResult = { status: 'committed'; version: number; nextEffectId?: string } | { status: 'duplicate' };

export interface LockHandle {
  readonly contactId: string;
  readonly token: string;
  /** Resolves false when the lock had already been lost (expired and taken). */
  release(): Promise<boolean>;
  /**
   * The store released this lock in the same step as a commit (CommitInput.releaseLock): renewal stops, and release()
   * only ends this process's turn, with no round trip. Absent on locks no store releases that way.
   */
  releasedByCommit?(): void;
}

/** acquireAndLoad's answer: already processed, lock still busy after the wait, or held with the record read under it. */
export type LockedLoad = { status: 'duplicate' } | { status: 'busy' } | { status: 'locked'; lock: LockHandle; record: ContactRecord | null };

export interface LockOptions {
  /** Lock lifetime; renewed while held. */
  ttlMs: number;
  /** How long to wait for a busy lock before giving up (→ 429). */
  waitMs: number;
}

export interface OutboxItem {
  effect: Effect;
  attempts: number;
  status: 'pending' | 'delivered' | 'failed';
  lastError: string | null;
}

export interface ContactStore {
  readonly kind: 'memory' | 'sqlite' | 'redis';
  load(contactId: string): Promise<ContactRecord | null>;
  isProcessed(contactId: string, messageId: string): Promise<boolean>;
  /** Atomic: version check, snapshot, processed mark, outbox, journal, transcript, package. */
  commit(input: CommitInput): Promise<CommitResult>;
  /** Resolves null when the lock stays busy past `waitMs`. */
  acquireLock(contactId: string, options: LockOptions): Promise<LockHandle | null>;
  /**
   * The inbound message's fast path where a store has one (Redis: one round trip): refuse a processed
   * messageId, take the lock, read the record under it. Without it the engine calls isProcessed,
   * acquireLock and load; the guarantees are the same (commit still checks processed and version).
   */
  acquireAndLoad?(contactId: string, messageId: string, options: LockOptions): Promise<LockedLoad>;
  journal(contactId: string, limit: number): Promise<JournalEntry[]>;
  transcript(contactId: string): Promise<TranscriptEntry[]>;
  contextPackage(contactId: string): Promise<string | null>;
  /** Effects committed for a contact and not yet delivered, in commit order (inspection and tests: reads them all). */
  pendingEffects(contactId: string): Promise<OutboxItem[]>;
  /** The contact's oldest pending effect, the only one that may be delivered now; null when none. O(1): the delivery path's outbox read. */
  nextEffect(contactId: string): Promise<OutboxItem | null>;
  /** Contacts that have pending effects (for the dispatcher's sweep after a restart). */
  contactsWithPendingEffects(): Promise<string[]>;
  markEffect(contactId: string, effectId: string, outcome: { status: 'delivered' | 'failed'; error: string | null }): Promise<void>;
  /**
   * markEffect(delivered) and then nextEffect, as one step (one round trip on Redis): the chain's next effect comes with
   * the mark. Optional: without it the dispatcher marks and reads separately.
   */
  markDeliveredAndNext?(contactId: string, effectId: string): Promise<OutboxItem | null>;
  /**
   * The in-flight marker, written before each send of a pending effect: records `at` unless an earlier
   * attempt left one, and resolves that earlier time (null: no attempt of this effect began before).
   * A marker that is still there on a later attempt means an earlier send may have reached GoHighLevel
   * without being marked delivered (a crash, a timeout), so delivery reads back before resending.
   * markEffect and erase drop it. Stores whose outbox cannot outlive the process may leave it out.
   */
  beginEffectAttempt?(contactId: string, effectId: string, at: number): Promise<number | null>;
  /**
   * nextEffect and, when the next effect is `effectId`, beginEffectAttempt for it, as one step (one round trip on Redis).
   * Optional: without it the dispatcher reads and marks separately.
   */
  beginNextEffect?(contactId: string, effectId: string, at: number, owner?: string): Promise<BegunEffect>;
  /**
   * markDeliveredAndNext, then the marker of whichever effect is next, begun by `owner` (a job id), as one step: a
   * delivery run goes on to the contact's next effect without a job of its own. Optional (Redis).
   */
  markDeliveredAndBeginNext?(contactId: string, effectId: string, at: number, owner: string): Promise<BegunEffect>;
  /**
   * Names `owner` (a job id) in the effect's in-flight marker, keeping its time; no marker, nothing to do. An attempt that
   * ended unmarked in a delivery run hands its effect to that effect's own job, which then reads back instead of waiting.
   */
  handOverEffectAttempt?(contactId: string, effectId: string, owner: string): Promise<void>;
  /** Drops the marker of an attempt that certainly did not reach GoHighLevel (throttled before or by it), so the next one sends without a read-back. */
  clearEffectAttempt?(contactId: string, effectId: string): Promise<void>;
  failedEffects(contactId: string): Promise<OutboxItem[]>;
  /**
   * ContactDelete: erase snapshot, journal, transcript, package, outbox. With `markProcessed`, that id
   * is marked processed in the same step (kept like a messageId, across the erase), so a replayed
   * delete is recognised.
   */
  erase(contactId: string, markProcessed?: string): Promise<void>;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

/** What beginNextEffect found: the effect asked for is next and its attempt began (with an earlier attempt's time and owner, if any), or not. */
export type BegunEffect =
  /** `earlierBy`: who began the earlier attempt (a job id), when its marker names one. */
  | { began: true; next: OutboxItem; earlier: number | null; earlierBy: string | null }
  | { began: false; next: OutboxItem | null };
