// Faults under load: 2-3 real hosts, thousands of messages over hundreds of contacts, while a host or Redis is killed or a lock holder frozen.
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createRedisStore } from '../../services/store/redis';
import type { ContactStore } from '../../services/store/types';
import { startFakeGhl, type FakeGhl } from '../fakes/ghl-server';
import { startFakeBot } from './load/fake-bot';
import { fleetEnv, startFleet, type Fleet } from './load/fleet';
import type { Reconciliation } from './load/reconcile';
import { startDurableRedis, type DurableRedis } from './load/redis-aof';
import { runScenario } from './load/scenario';
import { loadMessages, payloadOf, type LoadMessage, type SentRecord } from './load/sender';

const T0 = Date.UTC(2026, 3, 1, 9);
const CONTACTS = 200;
const PER_CONTACT = 10;

/** What must hold after every fault; `maxTwice` bounds effects delivered twice (0: the read-back before a resend must catch every one). */
function expectReconciled(row: Reconciliation, maxTwice: number): void {
  expect({ lost: row.lost, duplicated: row.duplicated, versionGaps: row.versionGaps, effectsMissing: row.effectsMissing, effectsLeft: row.effectsLeft }).toEqual({
    lost: 0,
    duplicated: 0,
    versionGaps: 0,
    effectsMissing: 0,
    effectsLeft: 0,
  });
  expect(row.effectsTwice).toBeLessThanOrEqual(maxTwice);
  // GoHighLevel never retries a 5xx: nothing that could succeed later may answer one.
  expect(row.notOkKinds).not.toMatch(/(^|\s)5\d\d:/);
  expect(row.ok200).toBeGreaterThan(row.sent * 0.9);
}

/** A loaded 2-core CI box runs one of these in 1-2 minutes; vitest's default for the suite is 120 s. */
const LOAD_TEST_TIMEOUT_MS = 300_000;

describe('faults under load', () => {
  const cleanup: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step().catch(() => undefined);
  });

  async function setUp(hostCount: number, extraEnv: Record<string, string> = {}): Promise<{ redis: DurableRedis; fake: FakeGhl; fleet: Fleet; store: ContactStore }> {
    const redis = await startDurableRedis();
    cleanup.push(() => redis.stop());
    const fake = await startFakeGhl();
    cleanup.push(() => fake.close());
    const fleet = await startFleet(hostCount, fleetEnv({ REDIS_URL: redis.url }, fake, extraEnv));
    cleanup.push(() => fleet.stopAll());
    const store = createRedisStore({ url: redis.url });
    cleanup.push(() => store.close());
    return { redis, fake, fleet, store };
  }

  it('loses nothing, commits nothing twice and delivers no effect twice when one of three hosts is killed with kill -9 and restarted', async () => {
    const { fake, fleet, store } = await setUp(3);
    const messages = loadMessages('k9', CONTACTS, PER_CONTACT, T0);
    const row = await runScenario({
      name: 'host kill -9 + restart',
      messages,
      hosts: () => fleet.urls,
      store,
      fake,
      faultAfter: Math.floor(messages.length / 3),
      fault: async () => {
        await fleet.kill9(0);
        await fleet.restart(0);
      },
    });
    expectReconciled(row, 0);
  }, LOAD_TEST_TIMEOUT_MS);

  it('loses nothing when redis-server (AOF, appendfsync everysec) is killed with kill -9 and restarted on the same directory', async () => {
    const { redis, fake, fleet, store } = await setUp(2);
    const messages = loadMessages('aof', CONTACTS, PER_CONTACT, T0);
    const row = await runScenario({
      name: 'redis kill -9 + restart (AOF)',
      messages,
      hosts: () => fleet.urls,
      store,
      fake,
      faultAfter: Math.floor(messages.length / 3),
      fault: async () => {
        await redis.kill9();
        await new Promise((resolve) => setTimeout(resolve, 500));
        await redis.start();
      },
    });
    expect(row.retried429).toBeGreaterThan(0);
    expectReconciled(row, 16);
  }, LOAD_TEST_TIMEOUT_MS);

  it('refuses the late commit of a lock holder frozen past its lock TTL after another host took the contact', async () => {
    const bot = await startFakeBot();
    cleanup.push(() => bot.close());
    const { fake, fleet, store } = await setUp(2, { BOT_URL_LEAD: bot.url, LOCK_TTL_MS: '1000', BOT_TIMEOUT_MS: '15000' });
    const frozenHost = fleet.hosts[0];
    if (frozenHost === undefined) throw new Error('no host');
    const target = (n: number): LoadMessage => ({ contactId: 'frozen-1', messageId: `frozen-1-m${n}`, text: n === 1 ? 'Hi there' : 'hello?', at: T0 + n * 60_000 });
    const frozen: { firstAnswer: number | null } = { firstAnswer: null };

    const lockScenario = async (): Promise<SentRecord[]> => {
      const hold = bot.holdNext('frozen-1');
      // Host A takes the lock and waits on the bot; it is frozen there, past the lock TTL.
      const first = postUntilNot429(fleet.urls[0] ?? '', target(1), (status) => {
        frozen.firstAnswer ??= status;
      });
      await hold.arrived;
      frozenHost.child.kill('SIGSTOP');
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      // Host B takes the contact (the lock expired) and commits version 1.
      const second = await postUntilNot429(fleet.urls[1] ?? '', target(2), () => undefined);
      frozenHost.child.kill('SIGCONT');
      hold.release();
      return [second, await first];
    };

    const messages = loadMessages('stop', 100, PER_CONTACT, T0);
    const row = await runScenario({
      name: 'lock holder SIGSTOP past TTL',
      messages,
      hosts: () => fleet.urls,
      store,
      fake,
      faultAfter: -1,
      fault: async () => undefined,
      extra: lockScenario,
    });
    expectReconciled(row, 0);
    // The frozen host's commit (expected version 0) was refused: its first answer was a 429, and
    // the journal has the other host's message as version 1, the retried one as version 2.
    expect(frozen.firstAnswer).toBe(429);
    const journal = await store.journal('frozen-1', 10);
    expect(journal.map((entry) => [entry.version, entry.messageId])).toEqual([
      [2, 'frozen-1-m1'],
      [1, 'frozen-1-m2'],
    ]);
  }, LOAD_TEST_TIMEOUT_MS);
});

/** Posts one message to one host, retrying 429s as GoHighLevel does; `onFirst` hears the first status. */
async function postUntilNot429(url: string, message: LoadMessage, onFirst: (status: number) => void): Promise<SentRecord> {
  let retried429 = 0;
  for (let first = true; ; first = false) {
    const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(`${url}/webhooks/ghl`, { method: 'POST', headers: { 'content-type': 'application/json' }, agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      });
      req.on('error', reject);
      req.end(payloadOf(message));
    });
    if (first) onFirst(status);
    if (status !== 429) return { message, answer: { kind: 'status', status, body }, retried429, answeredAt: Date.now() };
    retried429 += 1;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
