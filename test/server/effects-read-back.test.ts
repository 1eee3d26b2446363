// The read-back before a resend, against the fake GoHighLevel over HTTP: an effect whose earlier attempt landed is not sent again.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Effect } from '../../domain/types';
import { attemptDelivery, type DeliveryDeps } from '../../services/effects/deliver';
import { createGhlSender } from '../../services/effects/senders';
import { createGhlClient, type GhlClient } from '../../services/ghl/client';
import { createMemoryGhlRegistry } from '../../services/ghl/registry';
import { createRedisStore } from '../../services/store/redis';
import { createSqliteStore } from '../../services/store/sqlite';
import type { ContactStore } from '../../services/store/types';
import { startFakeGhl, type FakeGhl } from '../fakes/ghl-server';
import { useTestRedis } from '../setup/redis';
import { commitEffects, crmFields, memoryLogger, sms } from './support';

const redis = useTestRedis();
const root = mkdtempSync(join(tmpdir(), 'baton-read-back-'));
let files = 0;
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Each store with a way to open it again over the same data (the host after kill -9). */
const stores: Array<[string, () => () => ContactStore]> = [
  [
    'sqlite',
    () => {
      const path = join(root, `store-${++files}`, 'baton.db');
      return () => createSqliteStore({ path });
    },
  ],
  [
    'redis',
    () => {
      const prefix = redis.nextPrefix();
      return () => createRedisStore({ url: redis.url, prefix });
    },
  ],
];

describe.each(stores)('delivery read-back (%s store)', (_name, place) => {
  let fake: FakeGhl;
  let opened: ContactStore[] = [];
  let openStore: () => ContactStore;

  beforeEach(async () => {
    fake = await startFakeGhl();
    openStore = place();
  });
  afterEach(async () => {
    await Promise.all(opened.map((store) => store.close()));
    opened = [];
    await fake.close();
  });

  function open(): ContactStore {
    const store = openStore();
    opened.push(store);
    return store;
  }

  /** The host killed and started again: the store is closed and opened over the same data. */
  async function restart(store: ContactStore): Promise<ContactStore> {
    opened = opened.filter((other) => other !== store);
    await store.close();
    return open();
  }

  function client(timeoutMs = 2_000): GhlClient {
    return createGhlClient({ baseUrl: fake.url, token: fake.token, version: '2021-07-28', timeoutMs });
  }

  function deps(store: ContactStore, options: { timeoutMs?: number; readBackTimeoutMs?: number; now?: () => number } = {}): DeliveryDeps {
    return {
      store,
      sender: createGhlSender(client(options.timeoutMs)),
      logger: memoryLogger('silent').logger,
      metrics: null,
      ...(options.now === undefined ? {} : { now: options.now }),
      ...(options.readBackTimeoutMs === undefined ? {} : { readBackTimeoutMs: options.readBackTimeoutMs }),
    };
  }

  /** An earlier attempt that began now and was killed before its mark; `landed` says whether its request reached GoHighLevel. */
  async function killedAttempt(store: ContactStore, effect: Effect, landed: boolean): Promise<void> {
    expect(await store.beginEffectAttempt?.(effect.contactId, effect.id, Date.now())).toBeNull();
    if (!landed) return;
    if (effect.kind === 'send_sms') await client().sendSms({ contactId: effect.contactId, message: effect.text, idempotencyKey: effect.id });
    else await client().updateCustomFields({ contactId: effect.contactId, fields: effect.fields, idempotencyKey: effect.id });
  }

  const writes = (): Array<string | null> => fake.applied().map((r) => r.idempotencyKey);
  const pending = async (store: ContactStore, contactId: string) => (await store.pendingEffects(contactId)).map((item) => item.effect.id);

  it('marks an SMS delivered without resending it when the attempt killed before its mark had reached GoHighLevel', async () => {
    const before = open();
    const effect = sms('c1', 'c1:m1:0');
    await commitEffects(before, 'c1', [effect]);
    await killedAttempt(before, effect, true);

    const restarted = await restart(before);
    expect(await attemptDelivery(deps(restarted), 'c1', effect.id)).toMatchObject({ kind: 'delivered', effect });
    expect(writes()).toEqual([effect.id]);
    expect(fake.reads().map((r) => r.path)).toEqual(['/conversations/search', '/conversations/conv-c1/messages']);
    expect(fake.reads()[0]?.query).toEqual({ contactId: 'c1' });
    expect(fake.reads().map((r) => r.headers.version)).toEqual(['2021-04-15', '2021-04-15']);
    expect(await pending(restarted, 'c1')).toEqual([]);
  });

  it('sends an SMS once when the killed attempt never reached GoHighLevel', async () => {
    const store = open();
    const effect = sms('c2', 'c2:m1:0');
    await commitEffects(store, 'c2', [effect]);
    await killedAttempt(store, effect, false);
    expect(await attemptDelivery(deps(store), 'c2', effect.id)).toMatchObject({ kind: 'delivered', effect });
    expect(writes()).toEqual([effect.id]);
    expect(fake.reads().map((r) => r.path)).toEqual(['/conversations/search']);
  });

  it('does not take an earlier identical SMS, sent before the attempt began, for the attempt', async () => {
    const store = open();
    const text = 'Are you still there?';
    const earlier = sms('c3', 'c3:m1:0', text);
    await client().sendSms({ contactId: 'c3', message: text, idempotencyKey: earlier.id });
    const effect = sms('c3', 'c3:m2:0', text);
    await commitEffects(store, 'c3', [effect]);
    // The killed attempt began a minute after the earlier SMS went out.
    const later = Date.now() + 60_000;
    expect(await store.beginEffectAttempt?.('c3', effect.id, later)).toBeNull();
    expect(await attemptDelivery(deps(store), 'c3', effect.id)).toMatchObject({ kind: 'delivered', effect });
    expect(writes()).toEqual([earlier.id, effect.id]);
    expect(fake.reads().map((r) => r.path)).toEqual(['/conversations/search', '/conversations/conv-c3/messages']);
  });

  it('marks a custom-field write delivered without resending it when GoHighLevel already holds the fields, and rewrites them when not', async () => {
    const store = open();
    const applied = crmFields('c4', 'c4:m1:0');
    const missing: Effect = { kind: 'write_crm_fields', id: 'c4:m2:0', contactId: 'c4', fields: { baton_owner: 'seller' }, at: 1_700_000_000_000 };
    await commitEffects(store, 'c4', [applied, missing]);
    await killedAttempt(store, applied, true);
    expect(await attemptDelivery(deps(store), 'c4', applied.id)).toMatchObject({ kind: 'delivered', effect: applied });
    expect(writes()).toEqual([applied.id]);

    await killedAttempt(store, missing, false);
    expect(await attemptDelivery(deps(store), 'c4', missing.id)).toMatchObject({ kind: 'delivered', effect: missing });
    expect(writes()).toEqual([applied.id, missing.id]);
    expect(fake.reads().map((r) => r.path)).toEqual(['/contacts/c4', '/contacts/c4']);
  });

  it("does not take the contact's previous effect's identical SMS, delivered and remembered just before the attempt began, for the attempt", async () => {
    const store = open();
    const text = "What's your budget?";
    const registry = createMemoryGhlRegistry();
    const sender = createGhlSender(client(), { registry });
    const previous = sms('c9', 'c9:m1:0', text);
    const effect = sms('c9', 'c9:m2:0', text);
    await commitEffects(store, 'c9', [previous, effect]);
    expect(await attemptDelivery({ ...deps(store), sender }, 'c9', previous.id)).toMatchObject({ kind: 'delivered', effect: previous });
    // The next attempt begins in the same millisecond GoHighLevel stamped the previous SMS, then is killed before reaching it.
    const stamped = fake.applied()[0]?.receivedAt ?? 0;
    expect(stamped).toBeGreaterThan(0);
    expect(await store.beginEffectAttempt?.('c9', effect.id, stamped)).toBeNull();
    expect(await attemptDelivery({ ...deps(store), sender }, 'c9', effect.id)).toMatchObject({ kind: 'delivered', effect });
    expect(writes()).toEqual([previous.id, effect.id]);
  });

  it('marks an SMS delivered without resending it when the attempt was killed after its id was remembered but before its mark', async () => {
    const store = open();
    const registry = createMemoryGhlRegistry();
    const sender = createGhlSender(client(), { registry });
    const effect = sms('c11', 'c11:m1:0');
    await commitEffects(store, 'c11', [effect]);
    expect(await store.beginEffectAttempt?.('c11', effect.id, Date.now())).toBeNull();
    // The killed attempt: GoHighLevel took the SMS and Baton remembered its id; the host died before markEffect.
    await sender.send(effect);
    expect(await attemptDelivery({ ...deps(store), sender }, 'c11', effect.id)).toMatchObject({ kind: 'delivered', effect });
    expect(writes()).toEqual([effect.id]);
    expect(await pending(store, 'c11')).toEqual([]);
  });

  it('rewrites custom fields that already hold its values when the contact last changed before the attempt began (an earlier effect wrote them)', async () => {
    const store = open();
    const earlier = crmFields('c10', 'c10:m1:0');
    const same = crmFields('c10', 'c10:m2:0');
    if (earlier.kind !== 'write_crm_fields') throw new Error('crmFields() builds a custom-field write');
    await client().updateCustomFields({ contactId: 'c10', fields: earlier.fields, idempotencyKey: earlier.id });
    await commitEffects(store, 'c10', [same]);
    expect(await store.beginEffectAttempt?.('c10', same.id, Date.now() + 60_000)).toBeNull();
    expect(await attemptDelivery(deps(store), 'c10', same.id)).toMatchObject({ kind: 'delivered', effect: same });
    expect(writes()).toEqual([earlier.id, same.id]);
    expect(fake.reads().map((r) => r.path)).toEqual(['/contacts/c10']);
  });

  it('still sends when the read-back answers 500', async () => {
    const store = open();
    const effect = sms('c5', 'c5:m1:0');
    await commitEffects(store, 'c5', [effect]);
    await killedAttempt(store, effect, false);
    fake.failNext(1, { kind: 'server_error' }, (r) => r.method === 'GET');
    expect(await attemptDelivery(deps(store), 'c5', effect.id)).toMatchObject({ kind: 'delivered', effect });
    expect(fake.reads().map((r) => r.status)).toEqual([500]);
    expect(writes()).toEqual([effect.id]);
  });

  it('still sends when the read-back never answers', async () => {
    const store = open();
    const effect = sms('c6', 'c6:m1:0');
    await commitEffects(store, 'c6', [effect]);
    await killedAttempt(store, effect, false);
    fake.failNext(1, { kind: 'hang' }, (r) => r.method === 'GET');
    expect(await attemptDelivery(deps(store, { readBackTimeoutMs: 200 }), 'c6', effect.id)).toMatchObject({ kind: 'delivered', effect });
    expect(fake.reads().map((r) => r.status)).toEqual([null]);
    expect(writes()).toEqual([effect.id]);
  });

  it('makes no read-back call for a fresh effect', async () => {
    const store = open();
    const effects = [sms('c7', 'c7:m1:0'), crmFields('c7', 'c7:m1:1')];
    await commitEffects(store, 'c7', effects);
    for (const effect of effects) expect((await attemptDelivery(deps(store), 'c7', effect.id)).kind).toBe('delivered');
    expect(fake.reads()).toEqual([]);
    expect(writes()).toEqual(effects.map((effect) => effect.id));
  });

  it('sends an SMS once when its first attempt landed but timed out (the answer was lost)', async () => {
    const store = open();
    const effect = sms('c8', 'c8:m1:0');
    await commitEffects(store, 'c8', [effect]);
    fake.failNext(1, { kind: 'apply_then_hang' });
    const first = await attemptDelivery(deps(store, { timeoutMs: 300 }), 'c8', effect.id);
    expect(first).toMatchObject({ kind: 'error', reason: 'timeout', retryable: true });
    expect(await attemptDelivery(deps(store), 'c8', effect.id)).toMatchObject({ kind: 'delivered', effect });
    expect(writes()).toEqual([effect.id]);
    expect(await pending(store, 'c8')).toEqual([]);
  });
});
