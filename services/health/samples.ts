// Where bot-call samples live: one Redis hash per (bot, time bucket) shared by every host, or memory for one process.
import { healthBucketKey } from '../store/keys';
import type { RedisConnection } from '../store/redis-client';
import { BOT_NAMES, type BotName } from '../../domain/types';
import { addSample, bucketStart, bucketsInWindow, emptyBucket, latencyEdge, type HealthBucket, type HealthSample } from './window';

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

export function createRedisSampleStore(client: RedisConnection, prefix: string, window: SampleWindow): HealthSampleStore {
  const ttlMs = window.windowMs + 2 * window.bucketMs;
  return {
    kind: 'redis',
    async record(bot, sample) {
      const key = healthBucketKey(prefix, bot, bucketStart(sample.at, window.bucketMs));
      await client
        .multi()
        .hincrby(key, 'calls', 1)
        .hincrby(key, 'errors', sample.ok ? 0 : 1)
        .hincrby(key, `l:${latencyEdge(sample.latencyMs)}`, 1)
        .pexpire(key, ttlMs)
        .exec();
    },
    async read(at) {
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
  };
}
