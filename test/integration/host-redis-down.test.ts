// The host on Redis while Redis goes away and comes back: 429 with Retry-After, not ready, nothing lost, no crash.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app';
import { createEngine } from '../../services/engine/engine';
import { createMetrics } from '../../services/observability/metrics';
import { createRedisStore } from '../../services/store/redis';
import type { ContactStore } from '../../services/store/types';
import { memoryLogger } from '../server/support';
import { inbound } from '../server/host';
import { startRedisServer, type RedisServer } from '../setup/redis-server';

let redis: RedisServer;
let store: ContactStore;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  redis = await startRedisServer();
  store = createRedisStore({ url: redis.url, prefix: 'down:', firstConnectTimeoutMs: 500 });
  const engine = createEngine({ store, window: { maxClockSkewMs: 0, maxMessageAgeMs: 0 }, lock: { ttlMs: 5_000, waitMs: 200 } });
  app = createApp({ engine, store, config: {}, logger: memoryLogger().logger, metrics: createMetrics({ defaultMetrics: false }) });
});

afterAll(async () => {
  await store.close();
  await redis.stop();
});

const send = (messageId: string, body: string) =>
  request(app).post('/webhooks/ghl').set('content-type', 'application/json').send(JSON.stringify(inbound({ contactId: 'down-1', messageId, body })));

describe('Redis unreachable', () => {
  it('answers 429 with Retry-After and reports not ready while Redis is down, then processes the retried message once it is back', async () => {
    await send('before', 'hi there').expect(200);
    await request(app).get('/readyz').expect(200);

    await redis.stop();
    const refused = await send('during', "We're pre-approved and looking to buy");
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(refused.body).toEqual({ error: { code: expect.any(String), message: expect.any(String) } });
    expect(JSON.stringify(refused.body)).not.toMatch(/at .*\.ts:\d+/);
    await request(app).get('/readyz').expect(503);

    await redis.start();
    await expect.poll(async () => (await request(app).get('/readyz')).status, { timeout: 10_000, interval: 100 }).toBe(200);
    // GoHighLevel's retry of the refused delivery: processed now, nothing was lost.
    const retried = await send('during', "We're pre-approved and looking to buy").expect(200);
    expect(retried.body).toMatchObject({ bot: 'buyer', decision: { kind: 'handoff' } });
    expect(await store.isProcessed('down-1', 'during')).toBe(true);
    await send('during', "We're pre-approved and looking to buy").expect(200, { contactId: 'down-1', duplicate: true });
  });
});
