// Bot-health samples on Redis are counted in the host and written in one pipeline per flush: nothing is lost on the
// way, another host sees them once written, the writing host sees its own at once, and a failed write is kept.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { bucketMsFor, createRedisSampleStore } from '../../services/health/samples';
import { healthBucketKey } from '../../services/store/keys';
import { summarise } from '../../services/health/window';

const WINDOW = { windowMs: 60_000, bucketMs: bucketMsFor(60_000) };
const AT = Date.UTC(2026, 11, 4, 20);
let redis: Redis;

beforeAll(() => {
  redis = new Redis(inject('redisUrl'));
});

afterAll(async () => {
  await redis.quit();
});

/** What any host reads for the buyer bot: a store that counted nothing itself. */
async function buyerSeenElsewhere(prefix: string) {
  const reader = createRedisSampleStore(redis, prefix, WINDOW, 0);
  return summarise((await reader.read(AT)).buyer, 1_000);
}

describe('bot-health samples written in batches (Redis)', () => {
  it('writes every counted call in one flush, errors and latency classes included; the writer reads its own before the flush', async () => {
    const prefix = `hb-${randomUUID()}:`;
    const writer = createRedisSampleStore(redis, prefix, WINDOW, 3_600_000);
    for (let i = 0; i < 40; i += 1) await writer.record('buyer', { at: AT - i * 10, latencyMs: i < 38 ? 100 : 2_500, ok: i % 10 !== 0 });
    expect((await buyerSeenElsewhere(prefix)).samples).toBe(0);
    // A read on the writing host writes first, so it sees its own calls.
    expect(summarise((await writer.read(AT)).buyer, 1_000)).toMatchObject({ samples: 40, errorRate: 0.1, p95Ms: 100 });
    expect(await buyerSeenElsewhere(prefix)).toMatchObject({ samples: 40, errorRate: 0.1, p95Ms: 100 });
    const key = healthBucketKey(prefix, 'buyer', Math.floor(AT / WINDOW.bucketMs) * WINDOW.bucketMs);
    expect(await redis.pttl(key)).toBeGreaterThan(WINDOW.windowMs);
    await writer.close();
  });

  it('flushes on its timer', async () => {
    const prefix = `hb-${randomUUID()}:`;
    const writer = createRedisSampleStore(redis, prefix, WINDOW, 20);
    await writer.record('buyer', { at: AT, latencyMs: 40, ok: true });
    await vi.waitFor(async () => expect((await buyerSeenElsewhere(prefix)).samples).toBe(1), { timeout: 5_000, interval: 10 });
    await writer.close();
  });

  it('keeps the counts of a write Redis refused and writes them with the next flush', async () => {
    const prefix = `hb-${randomUUID()}:`;
    const writer = createRedisSampleStore(redis, prefix, WINDOW, 3_600_000);
    const key = healthBucketKey(prefix, 'buyer', Math.floor(AT / WINDOW.bucketMs) * WINDOW.bucketMs);
    await redis.set(key, 'not a hash');
    await writer.record('buyer', { at: AT, latencyMs: 40, ok: false });
    await expect(writer.flush()).rejects.toThrow(/WRONGTYPE/);
    await redis.del(key);
    await writer.record('buyer', { at: AT, latencyMs: 40, ok: true });
    await writer.flush();
    expect(await buyerSeenElsewhere(prefix)).toMatchObject({ samples: 2, errorRate: 0.5 });
    await writer.close();
  });

  it('writes what it counted when it closes', async () => {
    const prefix = `hb-${randomUUID()}:`;
    const writer = createRedisSampleStore(redis, prefix, WINDOW, 3_600_000);
    await writer.record('lead', { at: AT, latencyMs: 5, ok: true });
    await writer.close();
    const reader = createRedisSampleStore(redis, prefix, WINDOW, 0);
    expect(summarise((await reader.read(AT)).lead, 1_000).samples).toBe(1);
  });
});
