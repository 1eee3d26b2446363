// One delivery attempt of one outbox effect: only the contact's next pending effect is sent (one O(1) outbox read), at most once per success.
import type { Effect } from '../../domain/types';
import type { ContactStore, OutboxItem } from '../store/types';
import { StoreError } from '../store/errors';
import { GhlApiError } from '../ghl/errors';
import { DEFAULT_GHL_RATE_LIMITS } from '../ghl/rate-budget';
import type { Logger } from '../observability/logger';
import type { Metrics } from '../observability/metrics';
import type { EffectSender, RetryPolicy } from './types';

export interface DeliveryDeps {
  store: ContactStore;
  sender: EffectSender;
  logger: Logger;
  metrics: Metrics | null;
}

export type DeliveryOutcome =
  | { kind: 'delivered'; effect: Effect }
  /**
   * Not the contact's next effect: no longer pending (delivered, failed or erased by an earlier run), or a
   * later one (its turn comes when `next` is done). Nothing is sent; `next` is what to deliver now, if any.
   */
  | { kind: 'skipped'; next: OutboxItem | null }
  /** Over GoHighLevel's budget for the location (ours or its 429): delayed, never counted as a failed attempt. */
  | { kind: 'throttled'; effect: Effect; delayMs: number }
  | { kind: 'error'; effect: Effect; error: Error; retryable: boolean; retryAfterMs: number | null; reason: string };

/** A 429 that named no delay at all waits one GoHighLevel interval. */
const THROTTLE_FALLBACK_MS = DEFAULT_GHL_RATE_LIMITS.intervalMs;

export async function attemptDelivery(deps: DeliveryDeps, contactId: string, effectId: string): Promise<DeliveryOutcome> {
  const next = await deps.store.nextEffect(contactId);
  if (next === null || next.effect.id !== effectId) {
    deps.metrics?.effectDeliveries.inc({ kind: 'unknown', outcome: 'skipped' });
    return { kind: 'skipped', next };
  }
  return deliverNext(deps, contactId, next.effect);
}

/** Sends `effect`, which the caller has just read as the contact's next pending effect, and marks it delivered. */
export async function deliverNext(deps: DeliveryDeps, contactId: string, effect: Effect): Promise<Exclude<DeliveryOutcome, { kind: 'skipped' }>> {
  const effectId = effect.id;
  try {
    await deps.sender.send(effect);
  } catch (err) {
    const error = err instanceof Error ? err : new Error(String(err));
    if (err instanceof GhlApiError && err.reason === 'rate_limited') {
      deps.metrics?.effectRetries.inc({ kind: effect.kind, reason: 'rate_limited' });
      return { kind: 'throttled', effect, delayMs: err.retryAfterMs ?? THROTTLE_FALLBACK_MS };
    }
    if (err instanceof GhlApiError) {
      return { kind: 'error', effect, error, retryable: err.retryable, retryAfterMs: err.retryAfterMs, reason: err.reason };
    }
    // An unclassified failure (a bug or an unexpected runtime error) is retried: losing a reply is worse.
    return { kind: 'error', effect, error, retryable: true, retryAfterMs: null, reason: 'unexpected' };
  }
  // The at-least-once window: a crash between send and this mark resends the effect after restart,
  // with the same Idempotency-Key. A Redis blip here is ridden out rather than resending.
  await markDelivered(deps, contactId, effectId);
  deps.metrics?.effectDeliveries.inc({ kind: effect.kind, outcome: 'delivered' });
  deps.logger.info({ effectId, contactId, kind: effect.kind }, 'effect delivered');
  return { kind: 'delivered', effect };
}

/** A store outage of up to MARK_ATTEMPTS × MARK_RETRY_MS (5 s) is waited out: the send already happened. */
const MARK_ATTEMPTS = 20;
const MARK_RETRY_MS = 250;

async function markDelivered(deps: DeliveryDeps, contactId: string, effectId: string): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await deps.store.markEffect(contactId, effectId, { status: 'delivered', error: null });
      return;
    } catch (err) {
      if (!(err instanceof StoreError) || !err.retryable || attempt >= MARK_ATTEMPTS) throw err;
      await new Promise((resolve) => setTimeout(resolve, MARK_RETRY_MS));
    }
  }
}

export async function markFailed(deps: DeliveryDeps, contactId: string, effect: Effect, error: Error, attempts: number): Promise<void> {
  await deps.store.markEffect(contactId, effect.id, { status: 'failed', error: `${error.message} (after ${attempts} attempts)` });
  deps.metrics?.effectDeliveries.inc({ kind: effect.kind, outcome: 'failed' });
  deps.logger.error({ effectId: effect.id, contactId, kind: effect.kind, attempts, err: error.message }, 'effect failed permanently');
}

/** Exponential backoff from `baseDelayMs`, with up to 10 % jitter; a Retry-After wins when given. */
export function retryDelayMs(policy: RetryPolicy, failedAttempts: number, retryAfterMs: number | null, random: () => number = Math.random): number {
  if (retryAfterMs !== null) return retryAfterMs;
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, failedAttempts - 1));
  return Math.round(exponential * (1 + 0.1 * random()));
}
