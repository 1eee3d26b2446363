// Bot health shared by every host: a slow or failing remote bot makes handoffs to it defer on two hosts sharing Redis.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Redis } from 'ioredis';
import { policyFrom } from '../../domain/policy';
import type { BotName } from '../../domain/types';
import { bucketMsFor, createRedisSampleStore } from '../../services/health/samples';
import type { Host } from '../../server/wiring';
import { inbound } from '../server/host';
import { startFakeRemoteBot, type FakeRemoteBot } from '../fakes/remote-bot';
import { freshRedisDatabase, startRedisHost } from '../support/redis-host';

const WINDOW_MS = 60_000;
/** Room for a loaded CI runner: a fast local bot stays far under 1.2 × 250 ms, the slow one is always over it. */
const SLA_MS = 250;
const POLICY = policyFrom({ health: { slaMs: { buyer: SLA_MS }, windowMs: WINDOW_MS } });
const RULES = POLICY.health;
const SLOW_MS = 400;
const BUYER_TEXT = 'we want to buy, our budget is $450k and we are pre-approved';

let bot: FakeRemoteBot;
let hostA: Host;
let hostB: Host;
let redis: Redis;
let now = Date.UTC(2026, 10, 23, 9);
let contacts = 0;

beforeAll(async () => {
  const url = await freshRedisDatabase(inject('redisUrl'), 9);
  redis = new Redis(url);
  bot = await startFakeRemoteBot({ delayMs: SLOW_MS });
  const env = { REDIS_URL: url, BOT_URL_BUYER: bot.url, BOT_TIMEOUT_MS: '2000', BOT_HEALTH_CACHE_MS: '0', BOT_HEALTH_FLUSH_MS: '0' };
  hostA = (await startRedisHost(env, POLICY, { clock: () => now })).host;
  hostB = (await startRedisHost(env, POLICY, { clock: () => now })).host;
});

afterAll(async () => {
  await hostA.close();
  await hostB.close();
  await bot.close();
  await redis.quit();
});

/** A new contact asks to buy: a lead>buyer handoff attempt, whose buyer turn (if any) is one remote call. */
async function buyerAttempt(host: Host) {
  contacts += 1;
  const body = inbound({ contactId: `sh-${contacts}`, messageId: `sh-m-${contacts}`, body: BUYER_TEXT, dateAdded: new Date(now).toISOString() });
  const response = await request(host.app).post('/webhooks/ghl').set('content-type', 'application/json').send(JSON.stringify(body)).expect(200);
  return response.body as { bot: BotName; decision: { kind: string; reason: string; details: Record<string, unknown> } };
}

/** One after another, so each fast call's latency is the bot's own (20 at once would measure this process's queue). */
async function attempts(host: Host, count: number) {
  const results = [];
  for (let i = 0; i < count; i += 1) results.push(await buyerAttempt(host));
  return results;
}

async function buyerHealth(host: Host) {
  const response = await request(host.app).get('/v1/bots/health').expect(200);
  return (response.body as { bots: Record<BotName, { p95Ms: number; errorRate: number; samples: number; slaMs: number; healthy: boolean }> }).bots.buyer;
}

/** Moves the shared clock past the window: every sample so far has left it. */
function nextWindow(): void {
  now += WINDOW_MS + 2 * bucketMsFor(WINDOW_MS);
}

/** Samples written straight into the shared buckets, as a host with BOT_HEALTH_FLUSH_MS=0 records a bot call. */
async function recordBuyerCalls(calls: Array<{ latencyMs: number; ok: boolean }>): Promise<void> {
  const samples = createRedisSampleStore(redis, 'baton:', { windowMs: WINDOW_MS, bucketMs: bucketMsFor(WINDOW_MS) }, 0);
  for (const call of calls) await samples.record('buyer', { at: now, ...call });
}

describe('bot health shared by two hosts', () => {
  it('defers handoffs to a bot whose P95 passed 1.2 × SLA after 20 calls on both hosts, with P95, SLA and error rate in the decision; recovery lifts it', async () => {
    // At once: each call takes at least SLOW_MS whatever else the process is doing.
    const warmups = await Promise.all(Array.from({ length: RULES.minSamples }, () => buyerAttempt(hostA)));
    expect(warmups.every((result) => result.decision.kind === 'handoff')).toBe(true);
    expect(bot.requests).toHaveLength(RULES.minSamples);

    const seenByB = await buyerHealth(hostB);
    expect(seenByB).toMatchObject({ samples: RULES.minSamples, errorRate: 0, slaMs: SLA_MS, healthy: false });
    expect(seenByB.p95Ms).toBeGreaterThanOrEqual(RULES.p95Factor * SLA_MS);

    for (const host of [hostB, hostA]) {
      const deferred = await buyerAttempt(host);
      expect(deferred.bot).toBe('lead');
      expect(deferred.decision).toMatchObject({ kind: 'defer', reason: 'target_unhealthy', details: { slaMs: SLA_MS, errorRate: 0, samples: RULES.minSamples } });
      expect(deferred.decision.details['p95Ms']).toBeGreaterThanOrEqual(RULES.p95Factor * SLA_MS);
    }

    bot.behave({ delayMs: 0 });
    nextWindow();
    const recovered = await attempts(hostB, RULES.minSamples);
    expect(recovered.every((result) => result.decision.kind === 'handoff')).toBe(true);
    expect(await buyerHealth(hostA)).toMatchObject({ samples: RULES.minSamples, healthy: true });
    expect((await buyerAttempt(hostA)).decision).toMatchObject({ kind: 'handoff', details: { targetErrorRate: 0 } });
  });

  it('defers at exactly 120 % of the SLA and hands off just below it', async () => {
    nextWindow();
    await recordBuyerCalls(Array.from({ length: RULES.minSamples }, () => ({ latencyMs: RULES.p95Factor * SLA_MS, ok: true })));
    expect(await buyerHealth(hostB)).toMatchObject({ p95Ms: 300, healthy: false });
    expect((await buyerAttempt(hostB)).decision).toMatchObject({ kind: 'defer', reason: 'target_unhealthy', details: { p95Ms: 300, slaMs: SLA_MS } });

    nextWindow();
    await recordBuyerCalls(Array.from({ length: RULES.minSamples }, () => ({ latencyMs: RULES.p95Factor * SLA_MS - 1, ok: true })));
    expect(await buyerHealth(hostA)).toMatchObject({ p95Ms: 299, healthy: true });
    expect((await buyerAttempt(hostA)).decision.kind).toBe('handoff');
  });

  it('defers at exactly 10 % errors and hands off just below it', async () => {
    nextWindow();
    const calls = (errors: number, total: number) => Array.from({ length: total }, (_, i) => ({ latencyMs: 10, ok: i >= errors }));
    await recordBuyerCalls(calls(2, 20));
    expect(await buyerHealth(hostA)).toMatchObject({ errorRate: RULES.maxErrorRate, healthy: false });
    expect((await buyerAttempt(hostB)).decision).toMatchObject({ kind: 'defer', reason: 'target_unhealthy', details: { errorRate: 0.1 } });

    nextWindow();
    await recordBuyerCalls(calls(2, 21));
    expect((await buyerHealth(hostB)).healthy).toBe(true);
    expect((await buyerAttempt(hostA)).decision.kind).toBe('handoff');
  });

  it('shows the shared figures in /metrics', async () => {
    const metrics = await request(hostB.app).get('/metrics').expect(200);
    expect(metrics.text).toMatch(/baton_bot_healthy\{bot="buyer"\} [01]/);
    expect(metrics.text).toMatch(new RegExp(`baton_bot_sla_ms\\{bot="buyer"\\} ${SLA_MS}`));
  });
});
