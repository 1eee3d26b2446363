// The effect-delivery contract shared by the BullMQ dispatcher and the in-process one.
import type { Effect } from '../../domain/types';

/** Sends one effect to the outside world (GoHighLevel, or the local sink). */
export interface EffectSender {
  readonly kind: 'ghl' | 'sink';
  send(effect: Effect): Promise<void>;
  /**
   * Whether an attempt of `effect` that began at `since` (epoch ms) already landed, read back from the
   * receiver; throws when it cannot tell. Absent: nothing to read back (the sink).
   */
  alreadyApplied?(effect: Effect, since: number): Promise<boolean>;
}

export interface RetryPolicy {
  /** Total tries per effect, the first included. */
  attempts: number;
  /** First retry delay; doubles per attempt (exponential backoff). */
  baseDelayMs: number;
  /** Upper bound for a computed delay (a server's Retry-After is honoured even above it). */
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { attempts: 8, baseDelayMs: 1_000, maxDelayMs: 5 * 60_000 };

/**
 * What the engine calls after a commit. A contact's effects form a chain: only its next pending effect
 * is queued, and delivering (or failing) it queues the one after, so a contact's backlog costs nothing
 * while it waits and one outbox read per delivery. Enqueueing twice delivers once.
 */
export interface EffectDispatcher {
  readonly kind: 'bullmq' | 'in-process';
  /** The contact committed `effects`: make sure its next pending effect is on its way. */
  /** `nextEffectId`: the contact's next pending effect when the commit knew it (CommitResult), so it need not be read. */
  enqueue(contactId: string, effects: readonly Effect[], nextEffectId?: string): Promise<void>;
  /** Restarts the chain of every contact with pending effects (start-up sweep after a crash); resolves the number of contacts. */
  sweep(): Promise<number>;
  /** Stops taking work and waits for deliveries in flight. */
  close(): Promise<void>;
}
