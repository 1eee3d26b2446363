// kill -9 of the host between commit and delivery, then a restart: every committed effect is delivered exactly once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisStore } from '../../services/store/redis';
import type { ContactStore } from '../../services/store/types';
import { startFakeGhl, type FakeGhl } from '../fakes/ghl-server';
import { eventually } from '../server/support';
import { freePort, startRedisServer, type RedisServer } from '../setup/redis-server';
import { startHost, type HostProcess } from './host-process';

const CONTACTS = ['k9-a', 'k9-b', 'k9-c', 'k9-d'];
const MESSAGES = ['Hi, is the house on Elm St still available?', 'I want to sell my house, what is it worth?'];
/** Answered normally before the outage: these must never be sent again after the restart. */
const DELIVERED_BEFORE_KILL = 2;

describe('kill -9 between commit and delivery', () => {
  let redis: RedisServer;
  let fake: FakeGhl;
  let store: ContactStore;
  const hosts: HostProcess[] = [];

  beforeAll(async () => {
    redis = await startRedisServer();
    fake = await startFakeGhl();
    store = createRedisStore({ url: redis.url });
  });
  afterAll(async () => {
    for (const host of hosts) if (host.child.exitCode === null && host.child.signalCode === null) host.child.kill('SIGKILL');
    await store.close();
    await fake.close();
    await redis.stop();
  });

  const env = () => ({
    REDIS_URL: redis.url,
    GHL_API_TOKEN: fake.token,
    GHL_API_BASE_URL: fake.url,
    GHL_API_TIMEOUT_MS: '2500',
    EFFECT_BACKOFF_MS: '50',
    MAX_CLOCK_SKEW_MS: '0',
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
  });

  async function committedEffectIds(): Promise<Set<string>> {
    const ids = new Set<string>();
    for (const contactId of CONTACTS) {
      for (const entry of await store.transcript(contactId)) if (entry.direction === 'outbound' && entry.messageId !== null) ids.add(entry.messageId);
      for (const item of await store.pendingEffects(contactId)) ids.add(item.effect.id);
    }
    for (const request of fake.applied()) if (request.idempotencyKey !== null) ids.add(request.idempotencyKey);
    return ids;
  }

  it('delivers every effect committed before the kill exactly once after the restart, and never resends one already delivered', async () => {
    const first = await startHost(env(), await freePort());
    hosts.push(first);
    // GoHighLevel answers the first requests, then hangs: the host dies with deliveries in flight.
    fake.failNext(DELIVERED_BEFORE_KILL, { kind: 'pass' });
    fake.failNext(1_000, { kind: 'hang' });

    for (const text of MESSAGES) {
      await Promise.all(
        CONTACTS.map(async (contactId, index) => {
          const res = await fetch(`${first.url}/webhooks/ghl`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({
              type: 'InboundMessage',
              locationId: 'loc-k9',
              contactId,
              body: text,
              messageType: 'SMS',
              direction: 'inbound',
              dateAdded: new Date(Date.UTC(2024, 5, 1, 12, MESSAGES.indexOf(text), index)).toISOString(),
            }),
          });
          expect(res.status).toBe(200);
        }),
      );
    }
    // Wait until deliveries are stuck in flight (received, never answered), then kill without warning.
    await fake.waitFor((requests) => requests.filter((r) => r.status === null).length >= 2, 20_000);
    const deliveredBefore = fake.applied().map((r) => r.idempotencyKey);
    expect(deliveredBefore).toHaveLength(DELIVERED_BEFORE_KILL);
    // The kill lands between commit and delivery for the hung effects. For the two answered ones it
    // lands after their outbox mark: a kill between GoHighLevel's answer and that mark is the
    // documented at-least-once window (the resend carries the same Idempotency-Key).
    const isPending = async (key: string | null) => {
      for (const contactId of CONTACTS) if ((await store.pendingEffects(contactId)).some((item) => item.effect.id === key)) return true;
      return false;
    };
    await eventually(async () => !(await Promise.all(deliveredBefore.map(isPending))).includes(true), 10_000, 'answered effects marked delivered');
    first.child.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');

    const committed = await committedEffectIds();
    const pendingAtKill = new Set<string>();
    for (const contactId of CONTACTS) for (const item of await store.pendingEffects(contactId)) pendingAtKill.add(item.effect.id);
    expect(pendingAtKill.size).toBeGreaterThan(0);
    expect(committed.size).toBe(pendingAtKill.size + DELIVERED_BEFORE_KILL);

    // GoHighLevel is healthy again; a fresh process sweeps the outbox.
    fake.clearFaults();
    const requestsBeforeRestart = fake.requests.length;
    const second = await startHost(env(), await freePort());
    hosts.push(second);
    await eventually(async () => (await store.contactsWithPendingEffects()).length === 0, 60_000, 'every outbox drained after the restart');

    const appliedKeys = fake.applied().map((r) => r.idempotencyKey ?? '');
    for (const id of committed) expect(appliedKeys.filter((key) => key === id), `effect ${id}`).toHaveLength(1);
    expect(new Set(appliedKeys)).toEqual(committed);
    const resent = fake.requests.slice(requestsBeforeRestart).map((r) => r.idempotencyKey);
    for (const key of deliveredBefore) expect(resent).not.toContain(key);
    for (const contactId of CONTACTS) expect(await store.failedEffects(contactId)).toEqual([]);

    // And a SIGTERM lets the second process finish and exit cleanly.
    second.child.kill('SIGTERM');
    expect((await second.exited).code).toBe(0);
  });
});
