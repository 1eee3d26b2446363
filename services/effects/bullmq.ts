// Effect delivery with Redis: a BullMQ queue (jobId = effect id) whose jobs start delivery runs (delivery-runs.ts), with backoff and Retry-After; fresh heads run inline.
import { createHash } from 'node:crypto';
import { DelayedError, Queue, UnrecoverableError, Worker, type Job } from 'bullmq';
import { Cluster } from 'ioredis';
import { DEFAULT_BULLMQ_PREFIX, EFFECTS_QUEUE_NAME } from '../store/keys';
import { reconnectDelay, type RedisTarget } from '../store/redis-client';
import type { Effect } from '../../domain/types';
import type { OutboxItem } from '../store/types';
import { attemptDelivery, markFailed, retryDelayMs, type AttemptOwner, type DeliveryDeps } from './deliver';
import { createDeliveryRuns, type JobRetry } from './delivery-runs';
import type { EffectDispatcher, RetryPolicy } from './types';

export interface BullmqDispatcherOptions extends DeliveryDeps {
  /** One Redis or a cluster; `redisUrl` is the older spelling of `{ kind: 'single', url }`. */
  redis?: RedisTarget;
  redisUrl?: string;
  policy: RetryPolicy;
  queueName?: string;
  /**
   * BullMQ key prefix; tests use a random one per run. Hash-tagged (`{baton-bull}` by default, as
   * BullMQ's docs ask for Redis Cluster) so every key of a queue, and each of its Lua scripts, lives
   * in one slot; an untagged prefix is wrapped in braces.
   */
  prefix?: string;
  concurrency?: number;
  /** How long a worker's lock on a job lasts before another worker may take it over (stall). */
  lockDurationMs?: number;
  /** Effects one job delivers at most (DEFAULT_RUN_LIMIT); 1: a job per effect. */
  runLimit?: number;
  /** Delivery runs a host starts at commit time without a job, at most at once (DEFAULT_INLINE_RUNS); 0: every head gets a job. */
  inlineRuns?: number;
}

interface EffectJobData {
  contactId: string;
  effectId: string;
  kind: Effect['kind'];
  /** Failed attempts a delivery run made before it handed the effect to this job. */
  attemptsBefore?: number;
}

/** Effects one job delivers at most, its own and the contact's next ones (a delivery run). */
export const DEFAULT_RUN_LIMIT = 32;
/** Inline runs at once per host: GoHighLevel calls take ~100–300 ms in production, so dozens are under way at a few hundred messages a second. */
export const DEFAULT_INLINE_RUNS = 64;
const DEFAULT_LOCK_DURATION_MS = 30_000;

/** Carries the server's Retry-After to the backoff strategy, which runs after the processor throws. */
class RetryableDeliveryError extends Error {
  readonly retryAfterMs: number | null;
  constructor(message: string, retryAfterMs: number | null) {
    super(message);
    this.name = 'RetryableDeliveryError';
    this.retryAfterMs = retryAfterMs;
  }
}

/** BullMQ ids must not contain ':'; an id outside a safe alphabet is hashed (still one id per effect). */
export function jobIdFor(effectId: string): string {
  return /^[A-Za-z0-9_.-]{1,128}$/.test(effectId) ? effectId : `h-${createHash('sha256').update(effectId).digest('hex')}`;
}

/** `{x}` stays as it is; anything else is wrapped, so BullMQ's keys `<prefix>:<queue>:...` share one slot. */
export function hashTagged(prefix: string): string {
  return /^\{[^{}]+\}$/.test(prefix) ? prefix : `{${prefix.replace(/[{}]/g, '')}}`;
}

export interface BullmqDispatcher extends EffectDispatcher {
  readonly queue: Queue<EffectJobData>;
}

export function createBullmqDispatcher(options: BullmqDispatcherOptions): BullmqDispatcher {
  const { policy } = options;
  const target: RedisTarget | null = options.redis ?? (options.redisUrl === undefined ? null : { kind: 'single', url: options.redisUrl });
  if (target === null) throw new Error('createBullmqDispatcher needs redis or redisUrl');
  // BullMQ builds a plain Redis from options; a cluster is handed over as a Cluster instance it duplicates
  // for the worker's blocking connection (and does not close: close() below does).
  const cluster =
    target.kind === 'cluster'
      ? new Cluster(target.nodes, { redisOptions: { maxRetriesPerRequest: null, connectTimeout: 2_000 }, clusterRetryStrategy: reconnectDelay })
      : null;
  cluster?.on('error', () => undefined);
  const connection = cluster ?? { url: target.kind === 'single' ? target.url : '', maxRetriesPerRequest: null };
  const queueName = options.queueName ?? EFFECTS_QUEUE_NAME;
  const prefix = hashTagged(options.prefix ?? DEFAULT_BULLMQ_PREFIX);
  const queue = new Queue<EffectJobData>(queueName, { connection, prefix });

  /** Another worker's attempt counts as under way this long after it began: the job lock's span, after which BullMQ gives a dead worker's job to another. */
  const liveMs = options.lockDurationMs ?? DEFAULT_LOCK_DURATION_MS;
  /** Delivery runs need a store that names each attempt's owner and begins the next effect with the mark (Redis). */
  const runs = options.store.markDeliveredAndBeginNext !== undefined && options.store.beginNextEffect !== undefined;

  const runLimit = options.runLimit ?? DEFAULT_RUN_LIMIT;
  const delivery = createDeliveryRuns({
    deps: options,
    policy,
    liveMs,
    runLimit,
    inlineLimit: runs ? (options.inlineRuns ?? DEFAULT_INLINE_RUNS) : 0,
    queue: {
      jobIdFor,
      enqueue: (contactId, effect, retry) => enqueueOne(contactId, effect, false, retry),
      releaseNext: (contactId, next) => releaseNext(contactId, next),
    },
  });

  async function process(job: Job<EffectJobData>, token?: string): Promise<string> {
    const { contactId, effectId } = job.data;
    const owner: AttemptOwner = { id: job.id ?? jobIdFor(effectId), liveMs };
    options.metrics?.effectRuns.inc({ start: 'job' });
    const outcome = await attemptDelivery(options, contactId, effectId, runs ? owner : undefined, runs && runLimit > 1);
    if (outcome.kind === 'skipped') {
      // Not this contact's next effect (done already, or a job queued before its turn): make sure the
      // next one is on its way; this one is queued again when its turn comes.
      await releaseNext(contactId, outcome.next);
      return outcome.kind;
    }
    if (outcome.kind === 'delivered') {
      await delivery.continueRun(contactId, outcome, owner);
      return outcome.kind;
    }
    if (outcome.kind === 'throttled' || outcome.kind === 'busy') {
      // Waiting for the location's GoHighLevel budget, or for another worker's attempt of this effect to end, is not a
      // failed attempt: the job is delayed (other locations' jobs keep flowing), never dropped; the contact's later effects wait unqueued.
      await job.moveToDelayed(Date.now() + outcome.delayMs, token);
      throw new DelayedError();
    }
    const failedAttempts = job.attemptsMade + 1 + (job.data.attemptsBefore ?? 0);
    if (!outcome.retryable || failedAttempts >= policy.attempts) {
      await markFailed(options, contactId, outcome.effect, outcome.error, failedAttempts);
      await releaseNext(contactId);
      throw new UnrecoverableError(outcome.error.message);
    }
    options.metrics?.effectRetries.inc({ kind: outcome.effect.kind, reason: outcome.reason });
    options.logger.warn({ effectId, contactId, attempt: failedAttempts, reason: outcome.reason, retryAfterMs: outcome.retryAfterMs }, 'effect delivery will be retried');
    throw new RetryableDeliveryError(outcome.error.message, outcome.retryAfterMs);
  }

  const worker = new Worker<EffectJobData>(queueName, process, {
    connection,
    prefix,
    concurrency: options.concurrency ?? 8,
    lockDuration: liveMs,
    // A job whose worker died (kill -9) is taken over once its lock expires; check that as often.
    stalledInterval: liveMs,
    settings: {
      backoffStrategy: (attemptsMade, _type, err) =>
        retryDelayMs(policy, attemptsMade, err instanceof RetryableDeliveryError ? err.retryAfterMs : null),
    },
  });
  worker.on('error', (err) => options.logger.error({ err: err.message }, 'effect worker error'));

  /**
   * Queues `effect`'s job. `fresh`: the effect was committed a moment ago, so no job of it can have finished (a
   * duplicate add of a waiting or running one is a no-op) and the look-up below is skipped: one round trip per message.
   */
  async function enqueueOne(contactId: string, effect: Effect, fresh = false, retry?: JobRetry): Promise<void> {
    const jobId = jobIdFor(effect.id);
    const existing = fresh ? null : await queue.getJob(jobId);
    if (existing !== undefined && existing !== null) {
      // The effect is its contact's next and still pending, yet its job is finished: it died of stalls
      // (worker killed mid-send: failed), or (jobs added by older hosts, which kept completed ones) it
      // ran before its turn and completed as skipped. Run it again. Any other state is already on its way.
      const state = await existing.getState();
      if (state === 'failed' || state === 'completed') await existing.retry(state);
      return;
    }
    await queue.add(
      effect.kind,
      retry === undefined || retry.attemptsBefore === 0 ? { contactId, effectId: effect.id, kind: effect.kind } : { contactId, effectId: effect.id, kind: effect.kind, attemptsBefore: retry.attemptsBefore },
      {
        jobId,
        ...(retry === undefined || retry.delayMs <= 0 ? {} : { delay: retry.delayMs }),
        attempts: policy.attempts,
        backoff: { type: 'baton' },
        // A finished job is gone at once: a completed job hash is about 1.2 KB, and at 500 messages/s
        // an hour of kept jobs is over 2 million of them. Nothing reads them: a job added again for a
        // still-pending effect just runs and finds whether it is the head.
        removeOnComplete: true,
        removeOnFail: { age: 7 * 24 * 3600 },
      },
    );
  }

  /** Queues the contact's next pending effect (`next` when the caller has just read it); none: nothing to do. */
  async function queueNext(contactId: string, next?: OutboxItem | null): Promise<boolean> {
    const item = next === undefined ? await options.store.nextEffect(contactId) : next;
    if (item === null) return false;
    await enqueueOne(contactId, item.effect);
    return true;
  }

  /**
   * The chain moves on after a delivery or a permanent failure. It never fails the job that delivered:
   * if the next effect cannot be queued now, the contact's next commit or the periodic sweep queues it.
   */
  async function releaseNext(contactId: string, next?: OutboxItem | null): Promise<void> {
    try {
      await queueNext(contactId, next);
    } catch (err) {
      options.logger.warn({ contactId, err: err instanceof Error ? err.message : String(err) }, 'next effect not queued; left for the sweep');
    }
  }

  return {
    kind: 'bullmq',
    queue,
    async enqueue(contactId, effects, nextEffectId) {
      // Never rejects: the engine calls this after the commit without awaiting it. An effect that
      // cannot be queued now stays pending in the outbox and the next sweep queues it.
      if (effects.length === 0) return;
      try {
        // The commit said which effect is next (one of its own, queued into an empty outbox): no outbox read,
        // and no job look-up (fresh). Otherwise the head is an older effect, whose job may have finished.
        const known = nextEffectId === undefined ? undefined : effects.find((effect) => effect.id === nextEffectId);
        if (known !== undefined) {
          if (!delivery.startInline(contactId, known)) await enqueueOne(contactId, known, true);
        } else await queueNext(contactId);
      } catch (err) {
        options.logger.error({ contactId, err: err instanceof Error ? err.message : String(err) }, 'effect enqueue failed; left for the sweep');
      }
    },
    async sweep() {
      let count = 0;
      for (const contactId of await options.store.contactsWithPendingEffects()) {
        if (await queueNext(contactId)) count += 1;
      }
      return count;
    },
    async close() {
      await delivery.close();
      await worker.close();
      await queue.close();
      cluster?.disconnect();
    },
  };
}
