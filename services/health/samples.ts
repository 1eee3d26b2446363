// Where bot-call samples live: one Redis hash per (bot, time bucket) shared by every host, or memory for one process.
import { healthBucketKey } from '../store/keys';
import type { RedisConnection } from '../store/redis-client';
import { BOT_NAMES, type BotName } from '../../domain/types';
import { createPendingCounts, type PendingCount } from './pending-counts';
import { addSample, bucketStart, bucketsInWindow, emptyBucket, type HealthBucket, type HealthSample } from './window';

export interface HealthSampleStore {
  readonly kind: 'memory' | 'sqlite' | 'redis';
  /** O(1): one bucket of one bot is updated. */
  record(bot: BotName, sample: HealthSample): Promise<void>;
  /** Every bot's buckets overlapping (at − windowMs, at]. */
  read(at: number): Promise<Record<BotName, HealthBucket[]>>;
}

export interface SampleWindow {
  windowMs: number;
  bucketMs: number;
}

/** 30 buckets per window (10 s buckets over the default 5 min), never under a second. */
export function bucketMsFor(windowMs: number): number {
  return Math.max(1_000, Math.floor(windowMs / 30));
}

export function createMemorySampleStore(window: SampleWindow): HealthSampleStore {
  const buckets: Record<BotName, Map<number, HealthBucket>> = { lead: new Map(), buyer: new Map(), seller: new Map() };
  return {
    kind: 'memory',
    async record(bot, sample) {
      const start = bucketStart(sample.at, window.bucketMs);
      const own = buckets[bot];
      const bucket = own.get(start) ?? emptyBucket();
      own.set(start, bucket);
      addSample(bucket, sample);
      for (const old of own.keys()) if (old + window.bucketMs <= sample.at - window.windowMs - window.bucketMs) own.delete(old);
    },
    async read(at) {
      const starts = bucketsInWindow(at, window.windowMs, window.bucketMs);
      const pick = (bot: BotName) => starts.flatMap((start) => buckets[bot].get(start) ?? []);
      return { lead: pick('lead'), buyer: pick('buyer'), seller: pick('seller') };
    },
  };
}

// Redis keys: healthBucketKey (services/store/keys.ts), one HASH per bot and bucket, all under the {health} tag;
// PEXPIRE window + 2 buckets, so old buckets vanish by themselves.

function parseBucket(hash: Record<string, string>): HealthBucket {
  const bucket = emptyBucket();
  for (const [field, value] of Object.entries(hash)) {
    const count = Number(value);
    if (!Number.isFinite(count)) continue;
    if (field === 'calls') bucket.calls = count;
    else if (field === 'errors') bucket.errors = count;
    else if (field.startsWith('l:')) bucket.histogram.set(Number(field.slice(2)), count);
  }
  return bucket;
}

/** How often a Redis host writes the calls it counted (BOT_HEALTH_FLUSH_MS); 0 writes each call as it is recorded. */
export const DEFAULT_REDIS_SAMPLE_FLUSH_MS = 1_000;

export interface RedisSampleStore extends HealthSampleStore {
  /** Writes the counts recorded since the last write, in one pipeline; a failed write keeps them for the next one. */
  flush(): Promise<void>;
  /** Writes what is counted and stops the timer. */
  close(): Promise<void>;
}

/**
 * A call is counted in the process and written with every other counted call at most `flushMs` later: one pipeline
 * of HINCRBYs and a PEXPIRE per bucket touched, instead of a MULTI of five commands per bot call (about a quarter
 * of the Redis calls a message made). Another host sees a call within flushMs + its report cache; this host's own
 * reads write first, so it sees its calls at once. A kill -9 loses at most the last flushMs of samples, as on SQLite.
 */
export function createRedisSampleStore(client: RedisConnection, prefix: string, window: SampleWindow, flushMs = DEFAULT_REDIS_SAMPLE_FLUSH_MS): RedisSampleStore {
  const ttlMs = window.windowMs + 2 * window.bucketMs;
  const pending = createPendingCounts();
  /** The write under way: a read or a close waits for it, so what it carries is in Redis by then. */
  let writing: Promise<void> = Promise.resolve();

  async function write(counts: readonly PendingCount[]): Promise<void> {
    const pipeline = client.pipeline();
    const keys = new Set<string>();
    for (const { bot, start, field, count } of counts) {
      const key = healthBucketKey(prefix, bot, start);
      keys.add(key);
      pipeline.hincrby(key, field, count);
    }
    for (const key of keys) pipeline.pexpire(key, ttlMs);
    const replies = (await pipeline.exec()) ?? [];
    const failed = replies.find(([error]) => error !== null);
    if (failed !== undefined) throw failed[0];
  }

  function flush(): Promise<void> {
    writing = writing.then(async () => {
      if (pending.size === 0) return;
      const counts = pending.take();
      try {
        await write(counts);
      } catch (error) {
        pending.restore(counts);
        throw error;
      }
    });
    const done = writing;
    writing = writing.catch(() => undefined);
    return done;
  }

  // A refused write keeps its counts for the next tick; nothing is waiting on the timer's flush.
  const timer =
    flushMs > 0
      ? setInterval(() => {
          flush().catch(() => undefined);
        }, flushMs)
      : null;
  timer?.unref();

  return {
    kind: 'redis',
    async record(bot, sample) {
      pending.add(bot, sample, window.bucketMs);
      if (timer === null) await flush();
    },
    async read(at) {
      // This host's own calls first; a failed write leaves them counted and the read goes on with what Redis has.
      await flush().catch(() => undefined);
      const starts = bucketsInWindow(at, window.windowMs, window.bucketMs);
      const pipeline = client.pipeline();
      for (const bot of BOT_NAMES) for (const start of starts) pipeline.hgetall(healthBucketKey(prefix, bot, start));
      const replies = (await pipeline.exec()) ?? [];
      const result: Record<BotName, HealthBucket[]> = { lead: [], buyer: [], seller: [] };
      replies.forEach(([error, hash], index) => {
        if (error !== null) throw error;
        const bot = BOT_NAMES[Math.floor(index / starts.length)];
        if (bot === undefined || typeof hash !== 'object' || hash === null) return;
        const bucket = parseBucket(hash as Record<string, string>);
        if (bucket.calls > 0) result[bot].push(bucket);
      });
      return result;
    },
    flush,
    async close() {
      if (timer !== null) clearInterval(timer);
      await flush();
    },
  };
}
