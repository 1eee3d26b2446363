// GoHighLevel's per-location limits: a 429 with X-RateLimit-* pauses that location only; every effect still arrives, once.
import request from 'supertest';
import { afterEach, describe, expect, inject, it } from 'vitest';
import type { Host } from '../../server/wiring';
import { contactOf, startFakeGhl, type FakeGhl, type RecordedRequest } from '../fakes/ghl-server';
import { eventually } from '../server/support';
import { inbound } from '../server/host';
import { freshRedisDatabase, startRedisHost } from '../support/redis-host';

const MAX = 4;
const INTERVAL_MS = 1_000;
const PAUSE_MS = 2_000;
const PER_LOCATION = 6;
/**
 * The budget is spent when a request is sent; GoHighLevel sees it when it lands, up to a few hundred
 * ms later on a loaded 2-core runner, so windows are checked this much shorter than the interval.
 */
const IN_FLIGHT_MS = 300;

let host: Host | null = null;
let fake: FakeGhl | null = null;

afterEach(async () => {
  await host?.close();
  await fake?.close();
  host = null;
  fake = null;
});

const locationOf = (r: RecordedRequest): 'A' | 'B' | null => {
  const contact = contactOf(r) ?? '';
  return contact.startsWith('rl-a') ? 'A' : contact.startsWith('rl-b') ? 'B' : null;
};

/** Most requests of one location seen by GoHighLevel within any window slightly shorter than the interval (see IN_FLIGHT_MS). */
function busiestWindow(requests: readonly RecordedRequest[]): number {
  const times = requests.map((r) => r.receivedAt).sort((a, b) => a - b);
  let most = 0;
  for (let i = 0; i < times.length; i += 1) {
    const start = times[i] ?? 0;
    most = Math.max(most, times.filter((t) => t >= start && t < start + INTERVAL_MS - IN_FLIGHT_MS).length);
  }
  return most;
}

const setups: Array<[string, () => Promise<Record<string, string>>]> = [
  ['BullMQ delayed jobs on Redis', async () => ({ REDIS_URL: await freshRedisDatabase(inject('redisUrl'), 10) })],
  ['the in-process dispatcher', async () => ({ STORE: 'memory' })],
];

describe.each(setups)("GoHighLevel's rate limits (%s)", (_name, storeEnv) => {
  it('slows one location down after its 429 with X-RateLimit-* headers, keeps the other flowing, keeps each within its budget, and delivers every effect once', async () => {
    fake = await startFakeGhl();
    const ghl = fake;
    const env = { ...(await storeEnv()), GHL_API_TOKEN: ghl.token, GHL_API_BASE_URL: ghl.url, GHL_RATE_MAX: String(MAX), GHL_RATE_INTERVAL_MS: String(INTERVAL_MS), EFFECT_ATTEMPTS: '2' };
    host = (await startRedisHost(env)).host;
    const h = host;
    ghl.failNext(1, { kind: 'rate_limit', headers: { 'X-RateLimit-Max': String(MAX), 'X-RateLimit-Remaining': '0', 'X-RateLimit-Interval-Milliseconds': String(PAUSE_MS) } }, (r) => locationOf(r) === 'A');

    const contacts = Array.from({ length: PER_LOCATION }, (_, i) => [`rl-a${i}`, `rl-b${i}`]).flat();
    await Promise.all(
      contacts.map((contactId, i) =>
        request(h.app)
          .post('/webhooks/ghl')
          .set('content-type', 'application/json')
          .send(JSON.stringify(inbound({ contactId, messageId: `rl-m-${i}`, locationId: contactId.startsWith('rl-a') ? 'loc-A' : 'loc-B', body: 'Hi, I saw your listing' })))
          .expect(200),
      ),
    );
    const expected = (await Promise.all(contacts.map(async (id) => (await h.engine.transcript(id)).filter((m) => m.direction === 'outbound').map((m) => m.messageId)))).flat();
    expect(expected.length).toBeGreaterThanOrEqual(contacts.length);

    await eventually(() => ghl.applied().length >= expected.length, 20_000, 'every effect delivered');
    const applied = ghl.applied().map((r) => r.idempotencyKey);
    expect(applied.filter((key) => key !== null && key.includes(':')).sort()).toEqual([...expected].sort());

    const limited = ghl.requests.find((r) => r.status === 429);
    expect(limited === undefined ? null : locationOf(limited)).toBe('A');
    const at429 = limited?.receivedAt ?? 0;
    // Requests the budget had already let go when the 429 came back still land (at most MAX − 1 of them, however slowly);
    // every other A request waits out the whole pause, longer than the budget's own interval would make it wait.
    const aDuringPause = ghl.requests.filter((r) => locationOf(r) === 'A' && r.receivedAt > at429 && r.receivedAt < at429 + PAUSE_MS - 20);
    const aAfterPause = ghl.requests.filter((r) => locationOf(r) === 'A' && r.receivedAt >= at429 + PAUSE_MS - 20);
    expect(aDuringPause.length).toBeLessThanOrEqual(MAX - 1);
    // A sent PER_LOCATION + 1 requests (the 429'd one is sent again): the 429, those in flight, the rest after the pause.
    expect(aAfterPause.length).toBe(PER_LOCATION - aDuringPause.length);
    const bDuringPause = ghl.applied().filter((r) => locationOf(r) === 'B' && r.receivedAt > at429 && r.receivedAt < at429 + PAUSE_MS);
    const bBefore = ghl.applied().filter((r) => locationOf(r) === 'B' && r.receivedAt <= at429);
    expect(bDuringPause.length + bBefore.length).toBe(PER_LOCATION);
    expect(bDuringPause.length).toBeGreaterThan(0);

    for (const location of ['A', 'B'] as const) expect(busiestWindow(ghl.requests.filter((r) => locationOf(r) === location))).toBeLessThanOrEqual(MAX);
  });
});
