// SIGTERM with Redis down and a full outbox: the real host exits within SHUTDOWN_GRACE_MS.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeGhl, type FakeGhl } from '../fakes/ghl-server';
import { freePort, startRedisServer, type RedisServer } from '../setup/redis-server';
import { startHost, type HostProcess } from './host-process';

const GRACE_MS = 3_000;
const CONTACTS = 40;

describe('shutdown with Redis down', () => {
  let redis: RedisServer;
  let fake: FakeGhl;
  let host: HostProcess | null = null;

  beforeAll(async () => {
    redis = await startRedisServer();
    fake = await startFakeGhl();
  });
  afterAll(async () => {
    if (host !== null && host.child.exitCode === null && host.child.signalCode === null) host.child.kill('SIGKILL');
    await fake.close();
    await redis.stop();
  });

  it('exits within SHUTDOWN_GRACE_MS after SIGTERM while Redis is gone and deliveries hang', async () => {
    host = await startHost(
      {
        REDIS_URL: redis.url,
        GHL_API_TOKEN: fake.token,
        GHL_API_BASE_URL: fake.url,
        GHL_API_TIMEOUT_MS: '30000',
        SHUTDOWN_GRACE_MS: String(GRACE_MS),
        MAX_CLOCK_SKEW_MS: '0',
        NODE_ENV: 'test',
        LOG_LEVEL: 'info',
      },
      await freePort(),
    );
    // GoHighLevel never answers: every worker is stuck mid-delivery and the outbox stays full.
    fake.failNext(100_000, { kind: 'hang' });
    const url = host.url;
    await Promise.all(
      Array.from({ length: CONTACTS }, async (_, i) => {
        const res = await fetch(`${url}/webhooks/ghl`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ type: 'InboundMessage', locationId: 'loc-sd', contactId: `sd-${i}`, body: 'I want to sell my house', messageType: 'SMS', dateAdded: new Date(Date.UTC(2026, 0, 1, 9, 0, i)).toISOString() }),
        });
        expect(res.status).toBe(200);
      }),
    );
    await fake.waitFor((requests) => requests.filter((r) => r.status === null).length >= 4, 20_000);
    await redis.stop();

    const started = performance.now();
    host.child.kill('SIGTERM');
    const exit = await host.exited;
    const elapsed = performance.now() - started;
    expect(exit.signal).toBeNull();
    expect(elapsed, `exited after ${Math.round(elapsed)} ms:\n${host.output.join('').slice(-2000)}`).toBeLessThan(GRACE_MS);
    expect(host.output.join('')).toContain('grace period');
  });
});
