// The effect-delivery contract shared by the BullMQ dispatcher and the in-process one.
import type { Effect } from '../../domain/types';

/** Sends one effect to the outside world (GoHighLevel, or the local sink). */
export interface EffectSender {
  readonly kind: 'ghl' | 'sink';
  send(effect: Effect): Promise<void>;
}

export interface RetryPolicy {
  /** Total tries per effect, the first included. */
  attempts: number;
  /** First retry delay; doubles per attempt (exponential backoff). */
  baseDelayMs: number;
  /** Upper bound for a computed delay (a server's Retry-After is honoured even above it). */
  maxDelayMs: number;
  /** While an earlier effect of the same contact is pending, a later one waits this long and looks again. */
  blockedDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { attempts: 8, baseDelayMs: 1_000, maxDelayMs: 5 * 60_000, blockedDelayMs: 250 };

/** What the engine calls after a commit; enqueueing the same effect id twice delivers it once. */
export interface EffectDispatcher {
  readonly kind: 'bullmq' | 'in-process';
  enqueue(contactId: string, effects: readonly Effect[]): Promise<void>;
  /** Re-enqueues every pending outbox effect (start-up sweep after a crash); resolves the count. */
  sweep(): Promise<number>;
  /** Stops taking work and waits for deliveries in flight. */
  close(): Promise<void>;
}
