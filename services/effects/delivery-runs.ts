// Delivery runs: one worker delivers a contact's effects one after another, each begun in the mark of the one before,
// started by a BullMQ job or inline on the committing host; what a run cannot finish now goes to the effect's own job.
import { randomUUID } from 'node:crypto';
import type { Effect } from '../../domain/types';
import type { OutboxItem } from '../store/types';
import { attemptDelivery, deliverBegunEffect, markFailed, retryDelayMs, type AttemptOwner, type DeliveryDeps, type DeliveryOutcome } from './deliver';
import type { RetryPolicy } from './types';

/** A job's later attempt: how long to wait first, and how many failed attempts a run already made. */
export interface JobRetry {
  delayMs: number;
  attemptsBefore: number;
}

/** What runs need from the queue. */
export interface RunQueue {
  /** The id of `effectId`'s own job (the owner a handed-over marker names). */
  jobIdFor(effectId: string): string;
  /** Queues the effect's own job, delayed (a no-op when that job is already on its way); may throw. */
  enqueue(contactId: string, effect: Effect, retry: JobRetry): Promise<void>;
  /** Queues the contact's next effect (`next` when just read); never throws (the sweep covers a failure). */
  releaseNext(contactId: string, next?: OutboxItem | null): Promise<void>;
}

export interface DeliveryRunsOptions {
  deps: DeliveryDeps;
  policy: RetryPolicy;
  queue: RunQueue;
  /** Another owner's attempt counts as under way this long after it began (the job lock's span). */
  liveMs: number;
  /** Effects one run delivers at most. */
  runLimit: number;
  /** Inline runs under way at most; 0: none. */
  inlineLimit: number;
}

export interface DeliveryRuns {
  /** Goes on from a delivered effect (a job's own, or an inline start's) to the contact's next ones. */
  continueRun(contactId: string, first: Extract<DeliveryOutcome, { kind: 'delivered' }>, owner: AttemptOwner): Promise<void>;
  /** Starts a run of a freshly committed head on this host, without a job; false at the bound or while closing. */
  startInline(contactId: string, effect: Effect): boolean;
  /** Refuses new inline runs and waits for those under way. */
  close(): Promise<void>;
}

export function createDeliveryRuns(options: DeliveryRunsOptions): DeliveryRuns {
  const { deps, policy, queue, liveMs, runLimit, inlineLimit } = options;
  /** Runs this host started at commit time, without a job: bounded, and awaited by close(). */
  const inline = new Set<Promise<void>>();
  /** Names this host's inline runs in markers: never a job's id, so a job of the same effect sees another owner. */
  const inlineOwner = `inline-${randomUUID()}`;
  let inlineRuns = 0;
  let closing = false;

  /**
   * Each next effect begun in the mark of the one before (one Redis step per effect, no job), up to `runLimit`. The run
   * stops at an effect it cannot deliver now (settle), or queues the next one at the limit.
   */
  async function continueRun(contactId: string, first: Extract<DeliveryOutcome, { kind: 'delivered' }>, owner: AttemptOwner): Promise<void> {
    let outcome: Exclude<DeliveryOutcome, { kind: 'skipped' }> = first;
    for (let delivered = 1; outcome.kind === 'delivered'; delivered += 1) {
      const { next, nextBegun } = outcome;
      if (next === undefined || next === null || nextBegun === undefined) {
        await queue.releaseNext(contactId, next);
        return;
      }
      outcome = await deliverBegunEffect(deps, contactId, next.effect, nextBegun, owner, delivered + 1 < runLimit);
    }
    await settle(contactId, outcome);
  }

  /**
   * An effect a run could not deliver now goes to a job of its own: delayed by the budget's wait, the other owner's span
   * or the backoff; after a failed attempt with the marker handed over, so that job reads back instead of waiting; a
   * permanent failure is marked and the chain moves on. If the effect's job exists, it is on its way.
   */
  async function settle(contactId: string, outcome: Exclude<DeliveryOutcome, { kind: 'skipped' | 'delivered' }>): Promise<void> {
    const { effect } = outcome;
    if (outcome.kind === 'busy') return handOver(contactId, effect, { delayMs: outcome.delayMs, attemptsBefore: 0 }, false);
    if (outcome.kind === 'throttled') return handOver(contactId, effect, { delayMs: outcome.delayMs, attemptsBefore: 0 }, true);
    if (!outcome.retryable || policy.attempts <= 1) {
      await markFailed(deps, contactId, effect, outcome.error, 1);
      await queue.releaseNext(contactId);
      return;
    }
    deps.metrics?.effectRetries.inc({ kind: effect.kind, reason: outcome.reason });
    deps.logger.warn({ effectId: effect.id, contactId, attempt: 1, reason: outcome.reason, retryAfterMs: outcome.retryAfterMs }, 'effect delivery will be retried');
    return handOver(contactId, effect, { delayMs: retryDelayMs(policy, 1, outcome.retryAfterMs), attemptsBefore: 1 }, true);
  }

  /** The run's unfinished effect becomes its own job's (marker included when asked); if it cannot be queued now, the sweep queues it. */
  async function handOver(contactId: string, effect: Effect, retry: JobRetry, marker: boolean): Promise<void> {
    try {
      if (marker) await deps.store.handOverEffectAttempt?.(contactId, effect.id, queue.jobIdFor(effect.id));
      await queue.enqueue(contactId, effect, retry);
    } catch (err) {
      deps.logger.warn({ contactId, effectId: effect.id, err: err instanceof Error ? err.message : String(err) }, 'effect not handed over; left for the sweep');
    }
  }

  /**
   * Delivers a freshly committed head at once, on this host, with no BullMQ job (add, fetch and finish are ~300 µs
   * inside Redis and three more round trips per message). A host that dies mid-run leaves the effect pending with its
   * marker: the start-up or periodic sweep queues it, and its job waits out the marker's span, then reads back.
   */
  function startInline(contactId: string, effect: Effect): boolean {
    if (closing || inline.size >= inlineLimit) return false;
    inlineRuns += 1;
    deps.metrics?.effectRuns.inc({ start: 'inline' });
    const owner: AttemptOwner = { id: `${inlineOwner}-${inlineRuns}`, liveMs };
    const run = (async () => {
      const outcome = await attemptDelivery(deps, contactId, effect.id, owner, runLimit > 1);
      if (outcome.kind === 'skipped') await queue.releaseNext(contactId, outcome.next);
      else if (outcome.kind === 'delivered') await continueRun(contactId, outcome, owner);
      else await settle(contactId, outcome);
    })().catch(async (err: unknown) => {
      // Nothing is lost: the effect is pending in the outbox, its marker (if written) names this run. Its own job, or the sweep, goes on.
      deps.logger.warn({ contactId, effectId: effect.id, err: err instanceof Error ? err.message : String(err) }, 'inline delivery stopped; handed to the queue');
      await queue.enqueue(contactId, effect, { delayMs: 0, attemptsBefore: 0 }).catch(() => undefined);
    });
    inline.add(run);
    void run.finally(() => inline.delete(run));
    return true;
  }

  return {
    continueRun,
    startInline,
    async close() {
      closing = true;
      await Promise.allSettled([...inline]);
    },
  };
}
