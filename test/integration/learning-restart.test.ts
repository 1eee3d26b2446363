// Learned thresholds live in Redis: a restarted host and a host started later show them at once, and every host keeps up.
import { Redis } from 'ioredis';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEFAULT_POLICY } from '../../domain/policy';
import type { SettledOutcome } from '../../machines/outcomes';
import type { Host } from '../../server/wiring';
import { eventually } from '../server/support';
import { freshRedisDatabase, startRedisHost } from '../support/redis-host';

const RULES = DEFAULT_POLICY.learning;
const BUY_DEFAULT = DEFAULT_POLICY.thresholds['lead>buyer'];
const SELL_DEFAULT = DEFAULT_POLICY.thresholds['lead>seller'];
/** Thresholds are shown rounded to 3 decimals (0.7 − 0.05 is 0.65, not 0.6499999…). */
const round = (value: number) => Math.round(value * 1000) / 1000;
let url: string;
const hosts: Host[] = [];

beforeAll(async () => {
  url = await freshRedisDatabase(inject('redisUrl'), 11);
});
afterAll(async () => {
  for (const host of hosts) await host.close();
});

async function start(): Promise<Host> {
  const { host } = await startRedisHost({ REDIS_URL: url, LEARNING_REFRESH_MS: '100' });
  hosts.push(host);
  return host;
}

interface Pattern {
  route: string;
  pattern: string;
  outcomes: number;
  successes: number;
  threshold: number;
  learned: boolean;
}
async function patterns(host: Host): Promise<Pattern[]> {
  const response = await request(host.app).get('/v1/patterns').expect(200);
  return (response.body as { patterns: Pattern[] }).patterns.sort((a, b) => a.pattern.localeCompare(b.pattern));
}

async function record(host: Host, count: number, outcome: SettledOutcome): Promise<void> {
  for (let i = 0; i < count; i += 1) await host.engine.learning.record(outcome);
}

describe('learned thresholds across restarts and hosts', () => {
  it('shows the thresholds already in Redis at GET /v1/patterns right after a restart, and on a host started later', async () => {
    const first = await start();
    await record(first, 50, { route: 'lead>buyer', pattern: 'buy.preapproved', outcome: 'successful' });
    const learnedBuy = { route: 'lead>buyer', pattern: 'buy.preapproved', outcomes: 50, successes: 50, threshold: round(BUY_DEFAULT - RULES.lowerBy), learned: true };
    expect(await patterns(first)).toEqual([expect.objectContaining(learnedBuy)]);
    await first.close();
    hosts.splice(hosts.indexOf(first), 1);

    const restarted = await start();
    expect(await patterns(restarted)).toEqual([expect.objectContaining(learnedBuy)]);

    await record(restarted, RULES.minOutcomes, { route: 'lead>seller', pattern: 'sell.thinking', outcome: 'reverted' });
    const later = await start();
    const learnedSell = { route: 'lead>seller', pattern: 'sell.thinking', outcomes: RULES.minOutcomes, successes: 0, threshold: round(SELL_DEFAULT + RULES.raiseBy), learned: true };
    expect(await patterns(later)).toEqual([expect.objectContaining(learnedBuy), expect.objectContaining(learnedSell)]);
    // The engine applies them too: the thresholds the next message of that pattern is judged against.
    expect(later.engine.learning.thresholdsFor('buy.preapproved')).toEqual({ 'lead>buyer': round(BUY_DEFAULT - RULES.lowerBy) });
  });

  it('loads the thresholds again when its Redis connection comes back (reconnect), even with no periodic refresh', async () => {
    const { host } = await startRedisHost({ REDIS_URL: url, LEARNING_REFRESH_MS: '0' });
    hosts.push(host);
    const pattern = 'sell.reconnect';
    const admin = new Redis(url);
    // Outcomes another host recorded while this one was not looking.
    await admin.hincrby('baton:learning:patterns', `lead>seller|${pattern}|n`, RULES.minOutcomes);
    await admin.hincrby('baton:learning:patterns', `lead>seller|${pattern}|ok`, RULES.minOutcomes);
    expect((await patterns(host)).some((p) => p.pattern === pattern)).toBe(false);
    // Drop the connection learning reads through (the one whose last command was the HGETALL of the hash).
    const list = String(await admin.client('LIST'));
    const ids = list.split('\n').filter((line) => / cmd=hgetall /.test(line)).map((line) => /(?:^| )id=(\d+)/.exec(line)?.[1]);
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) if (id !== undefined) await admin.client('KILL', 'ID', id);
    await eventually(async () => (await patterns(host)).some((p) => p.pattern === pattern && p.learned), 10_000, 'thresholds reloaded after the reconnect');
    await admin.quit();
  });

  it("keeps every running host's view fresh: outcomes one host records reach the other within LEARNING_REFRESH_MS", async () => {
    const a = await start();
    const b = await start();
    await record(a, RULES.minOutcomes, { route: 'buyer>seller', pattern: 'sell.also', outcome: 'successful' });
    await eventually(async () => (await patterns(b)).some((p) => p.pattern === 'sell.also' && p.outcomes === RULES.minOutcomes && p.learned), 5_000, 'host b sees host a outcomes');
  });
});
