// One delivery attempt of one outbox effect: only the contact's next pending effect is sent (one O(1) outbox read), at most once per success;
// an effect whose earlier attempt may have reached GoHighLevel is read back before it is sent again.
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
  /** Epoch ms for the in-flight marker; Date.now by default. */
  now?: () => number;
  /** How long a read-back may take before the effect is sent anyway (default READ_BACK_TIMEOUT_MS). */
  readBackTimeoutMs?: number;
}

/** A read-back that has not answered by then counts as failed: the effect is sent (a duplicate beats a lost reply). */
export const READ_BACK_TIMEOUT_MS = 5_000;

/** Who attempts: a job, by id, and how long after its start another owner's unmarked attempt still counts as under way. */
export interface AttemptOwner {
  id: string;
  liveMs: number;
}

/** An attempt's in-flight marker as the store began it: the time and owner of an attempt that began before, if any. */
export interface BegunAttempt {
  earlier: number | null;
  earlierBy: string | null;
}

export type DeliveryOutcome =
  /**
   * `next`: the contact's next pending effect when the store read it with the mark (undefined: not read); `nextBegun`:
   * the store also began `next`'s attempt for the same owner (a delivery run asked for it), so it is the run's to deliver.
   */
  | { kind: 'delivered'; effect: Effect; next?: OutboxItem | null; nextBegun?: BegunAttempt }
  /**
   * Not the contact's next effect: no longer pending (delivered, failed or erased by an earlier run), or a
   * later one (its turn comes when `next` is done). Nothing is sent; `next` is what to deliver now, if any.
   */
  | { kind: 'skipped'; next: OutboxItem | null }
  /** Over GoHighLevel's budget for the location (ours or its 429): delayed, never counted as a failed attempt. */
  | { kind: 'throttled'; effect: Effect; delayMs: number }
  /** Another owner's attempt of this effect began less than its liveMs ago and may be sending now: nothing is sent; look again then. */
  | { kind: 'busy'; effect: Effect; delayMs: number }
  | { kind: 'error'; effect: Effect; error: Error; retryable: boolean; retryAfterMs: number | null; reason: string };

/** A 429 that named no delay at all waits one GoHighLevel interval. */
const THROTTLE_FALLBACK_MS = DEFAULT_GHL_RATE_LIMITS.intervalMs;

/**
 * One attempt of `effectId` if it is its contact's next effect. With an `owner` (a job, on a store that names owners),
 * the marker names it, and `beginNext` asks the mark to begin the next effect for it too (a delivery run goes on).
 */
export async function attemptDelivery(deps: DeliveryDeps, contactId: string, effectId: string, owner?: AttemptOwner, beginNext = false): Promise<DeliveryOutcome> {
  if (deps.store.beginNextEffect !== undefined) {
    // The head read and the in-flight marker in one step (see deliverNext for the marker).
    const begun = await deps.store.beginNextEffect(contactId, effectId, (deps.now ?? Date.now)(), owner?.id);
    return begun.began ? deliverBegunEffect(deps, contactId, begun.next.effect, begun, owner, beginNext) : skipped(deps, begun.next);
  }
  const next = await deps.store.nextEffect(contactId);
  if (next === null || next.effect.id !== effectId) return skipped(deps, next);
  return deliverNext(deps, contactId, next.effect);
}

function skipped(deps: DeliveryDeps, next: OutboxItem | null): DeliveryOutcome {
  deps.metrics?.effectDeliveries.inc({ kind: 'unknown', outcome: 'skipped' });
  return { kind: 'skipped', next };
}

/** Sends `effect`, which the caller has just read as the contact's next pending effect, and marks it delivered. */
export async function deliverNext(deps: DeliveryDeps, contactId: string, effect: Effect): Promise<Exclude<DeliveryOutcome, { kind: 'skipped' }>> {
  // The in-flight marker, before the send: a marker left by an earlier attempt means that attempt may
  // have reached GoHighLevel (a crash before the mark below, or a timeout), so look before resending.
  // A store error here propagates: nothing was sent, and the caller retries without spending an attempt.
  const earlier = (await deps.store.beginEffectAttempt?.(contactId, effect.id, (deps.now ?? Date.now)())) ?? null;
  return deliverBegunEffect(deps, contactId, effect, { earlier, earlierBy: null });
}

/**
 * The attempt once its marker is written: `begun.earlier` is the time of an attempt that began before it and was never
 * marked. An earlier attempt by another owner that began less than `owner.liveMs` ago may be sending right now (a
 * delivery run on another worker): nothing is sent (busy). Older, or this owner's own, it is read back before a resend.
 */
export async function deliverBegunEffect(
  deps: DeliveryDeps,
  contactId: string,
  effect: Effect,
  begun: BegunAttempt,
  owner?: AttemptOwner,
  beginNext = false,
): Promise<Exclude<DeliveryOutcome, { kind: 'skipped' }>> {
  const effectId = effect.id;
  const { earlier, earlierBy } = begun;
  if (owner !== undefined && earlier !== null && earlierBy !== null && earlierBy !== owner.id) {
    const sinceMs = (deps.now ?? Date.now)() - earlier;
    if (sinceMs < owner.liveMs) {
      deps.metrics?.effectDeliveries.inc({ kind: effect.kind, outcome: 'busy' });
      return { kind: 'busy', effect, delayMs: owner.liveMs - sinceMs };
    }
  }
  const mark = (): Promise<Marked> => markDelivered(deps, contactId, effectId, owner !== undefined && beginNext ? owner.id : null);
  if (earlier !== null && (await landedEarlier(deps, contactId, effect, earlier))) {
    const next = await mark();
    deps.metrics?.effectDeliveries.inc({ kind: effect.kind, outcome: 'read_back' });
    deps.logger.info({ effectId, contactId, kind: effect.kind, attemptedAt: earlier }, 'effect already in GoHighLevel: marked delivered, not resent');
    return delivered(effect, next);
  }
  try {
    await deps.sender.send(effect);
  } catch (err) {
    const error = err instanceof Error ? err : new Error(String(err));
    if (err instanceof GhlApiError && err.reason === 'rate_limited') {
      // Refused before it went out (our budget) or by GoHighLevel (429): nothing landed, so the next attempt need not read back.
      if (earlier === null) await deps.store.clearEffectAttempt?.(contactId, effectId).catch(() => undefined);
      deps.metrics?.effectRetries.inc({ kind: effect.kind, reason: 'rate_limited' });
      return { kind: 'throttled', effect, delayMs: err.retryAfterMs ?? THROTTLE_FALLBACK_MS };
    }
    if (err instanceof GhlApiError) {
      return { kind: 'error', effect, error, retryable: err.retryable, retryAfterMs: err.retryAfterMs, reason: err.reason };
    }
    // An unclassified failure (a bug or an unexpected runtime error) is retried: losing a reply is worse.
    return { kind: 'error', effect, error, retryable: true, retryAfterMs: null, reason: 'unexpected' };
  }
  // A crash between send and this mark leaves the marker: the next attempt reads back instead of
  // resending blindly. A Redis blip here is ridden out rather than resending.
  const next = await mark();
  deps.metrics?.effectDeliveries.inc({ kind: effect.kind, outcome: 'delivered' });
  deps.logger.info({ effectId, contactId, kind: effect.kind }, 'effect delivered');
  return delivered(effect, next);
}

/** What the mark brought: nothing read (undefined), the next effect, and whether its attempt began for the same owner. */
type Marked = { next: OutboxItem | null; nextBegun?: BegunAttempt } | undefined;

function delivered(effect: Effect, marked: Marked): Extract<DeliveryOutcome, { kind: 'delivered' }> {
  if (marked === undefined) return { kind: 'delivered', effect };
  return marked.nextBegun === undefined ? { kind: 'delivered', effect, next: marked.next } : { kind: 'delivered', effect, next: marked.next, nextBegun: marked.nextBegun };
}

/** The read-back, bounded in time; any failure (an error, a timeout, an unexpected answer) means "not found". */
async function landedEarlier(deps: DeliveryDeps, contactId: string, effect: Effect, since: number): Promise<boolean> {
  const readBack = deps.sender.alreadyApplied;
  if (readBack === undefined) return false;
  const timeoutMs = deps.readBackTimeoutMs ?? READ_BACK_TIMEOUT_MS;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`read-back took longer than ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([readBack.call(deps.sender, effect, since), timeout]);
  } catch (err) {
    deps.logger.warn({ effectId: effect.id, contactId, err: err instanceof Error ? err.message : String(err) }, 'effect read-back failed: sending');
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/** A store outage of up to MARK_ATTEMPTS × MARK_RETRY_MS (5 s) is waited out: the send already happened. */
const MARK_ATTEMPTS = 20;
const MARK_RETRY_MS = 250;

/**
 * Marks the effect delivered; resolves the contact's next pending effect when the store reads it in the same step, else
 * undefined. With `beginFor` (an owner's id), the store also begins the next effect's attempt for that owner.
 */
async function markDelivered(deps: DeliveryDeps, contactId: string, effectId: string, beginFor: string | null): Promise<Marked> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      // Each is idempotent, so a retry after an answer lost on the way is harmless (a repeated begin finds its own marker).
      if (beginFor !== null && deps.store.markDeliveredAndBeginNext !== undefined) {
        const begun = await deps.store.markDeliveredAndBeginNext(contactId, effectId, (deps.now ?? Date.now)(), beginFor);
        return begun.began ? { next: begun.next, nextBegun: { earlier: begun.earlier, earlierBy: begun.earlierBy } } : { next: begun.next };
      }
      if (deps.store.markDeliveredAndNext !== undefined) return { next: await deps.store.markDeliveredAndNext(contactId, effectId) };
      await deps.store.markEffect(contactId, effectId, { status: 'delivered', error: null });
      return undefined;
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
