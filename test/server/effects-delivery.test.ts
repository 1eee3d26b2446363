// Effect delivery to a real HTTP server playing GoHighLevel: exactly once under retries, Retry-After, order, sweep.
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { createBullmqDispatcher, type BullmqDispatcher } from '../../services/effects/bullmq';
import { createInProcessDispatcher } from '../../services/effects/in-process';
import { createGhlSender } from '../../services/effects/senders';
import type { EffectDispatcher, RetryPolicy } from '../../services/effects/types';
import { createGhlClient } from '../../services/ghl/client';
import { createMetrics, type Metrics } from '../../services/observability/metrics';
import { createMemoryStore } from '../../services/store/memory';
import { createRedisStore } from '../../services/store/redis';
import type { ContactStore } from '../../services/store/types';
import { startFakeGhl, type FakeGhl } from '../fakes/ghl-server';
import { commitEffects, crmFields, eventually, memoryLogger, sms } from './support';

const POLICY: RetryPolicy = { attempts: 4, baseDelayMs: 20, maxDelayMs: 200 };

interface Harness {
  dispatcher: EffectDispatcher;
  store: ContactStore;
}

type Factory = (store: ContactStore, fake: FakeGhl, options?: { token?: string; timeoutMs?: number }) => EffectDispatcher;

function senderFor(fake: FakeGhl, options: { token?: string; timeoutMs?: number } = {}) {
  const client = createGhlClient({ baseUrl: fake.url, token: options.token ?? fake.token, version: '2021-07-28', timeoutMs: options.timeoutMs ?? 2_000 });
  return createGhlSender(client);
}

const bullmq: Factory = (store, fake, options) =>
  createBullmqDispatcher({
    store,
    sender: senderFor(fake, options),
    logger: memoryLogger().logger,
    metrics: createMetrics(),
    policy: POLICY,
    redisUrl: inject('redisUrl'),
    prefix: `test-${randomUUID()}`,
  });

const memoryStore = (): ContactStore => createMemoryStore();
/** The store BullMQ runs with in production: it names each attempt's owner, so one job delivers a run of a contact's effects. */
const redisStore = (): ContactStore => createRedisStore({ url: inject('redisUrl'), prefix: `test-${randomUUID()}` });

const factories: Array<[string, () => ContactStore, Factory]> = [
  [
    'in-process',
    memoryStore,
    (store, fake, options) =>
      createInProcessDispatcher({ store, sender: senderFor(fake, options), logger: memoryLogger().logger, metrics: createMetrics(), policy: POLICY }),
  ],
  ['bullmq, a job per effect', memoryStore, bullmq],
  ['bullmq on the Redis store, delivery runs', redisStore, bullmq],
];

describe.each(factories)('effect delivery (%s)', (_name, makeStore, create) => {
  let fake: FakeGhl;
  let harness: Harness | null = null;

  beforeEach(async () => {
    fake = await startFakeGhl();
  });
  afterEach(async () => {
    await harness?.dispatcher.close();
    await harness?.store.close();
    harness = null;
    await fake.close();
  });

  function start(options?: { token?: string; timeoutMs?: number }): Harness {
    const store = makeStore();
    harness = { store, dispatcher: create(store, fake, options) };
    return harness;
  }

  const keysApplied = (): Array<string | null> => fake.applied().map((r) => r.idempotencyKey);
  /** The sends, without the read-backs a store with in-flight markers makes before a resend. */
  const writes = () => fake.requests.filter((request) => request.method !== 'GET');
  const noPending = (store: ContactStore, contactId: string) => async () => (await store.pendingEffects(contactId)).length === 0;

  it('delivers each reply and custom-field write exactly once when GoHighLevel answers 500 twice and the effects are enqueued twice', async () => {
    const { store, dispatcher } = start();
    const effects = [crmFields('c1', 'e-crm-1'), sms('c1', 'e-sms-1')];
    await commitEffects(store, 'c1', effects);
    fake.failNext(2, { kind: 'server_error' });
    await dispatcher.enqueue('c1', effects);
    await dispatcher.enqueue('c1', effects);
    await eventually(noPending(store, 'c1'), 10_000, 'outbox drained');
    expect(keysApplied()).toEqual(['e-crm-1', 'e-sms-1']);
    expect(fake.requests.filter((r) => r.status === 500)).toHaveLength(2);
    const [crm, reply] = fake.applied();
    expect(crm?.method).toBe('PUT');
    expect(crm?.path).toBe('/contacts/c1');
    expect(crm?.body).toEqual({ customFields: [{ key: 'handoff_context', field_value: '{"from":"lead","to":"buyer"}' }] });
    expect(reply?.body).toEqual({ type: 'SMS', contactId: 'c1', message: 'What price range are you looking at?' });
    expect(reply?.headers.authorization).toBe(`Bearer ${fake.token}`);
    expect(reply?.headers.version).toBe('2021-07-28');
  });

  it("retries a 429 only after its Retry-After has passed", async () => {
    const { store, dispatcher } = start();
    await commitEffects(store, 'c2', [sms('c2', 'e-429')]);
    fake.failNext(1, { kind: 'rate_limit', retryAfterSeconds: 1 });
    await dispatcher.enqueue('c2', [sms('c2', 'e-429')]);
    await eventually(noPending(store, 'c2'), 10_000, 'outbox drained');
    const [limited, retried] = fake.requests;
    expect(limited?.status).toBe(429);
    expect(retried?.status).toBe(200);
    // The computed backoff would be ~20 ms; only the Retry-After explains a 1 s gap.
    expect((retried?.receivedAt ?? 0) - (limited?.receivedAt ?? 0)).toBeGreaterThanOrEqual(950);
    expect(keysApplied()).toEqual(['e-429']);
  });

  it("keeps a contact's messages in commit order while the first one is being retried", async () => {
    const { store, dispatcher } = start();
    const effects = [sms('c3', 'e-first', 'first'), sms('c3', 'e-second', 'second'), sms('c3', 'e-third', 'third')];
    await commitEffects(store, 'c3', effects);
    fake.failNext(2, { kind: 'server_error' });
    await dispatcher.enqueue('c3', effects);
    await eventually(noPending(store, 'c3'), 10_000, 'outbox drained');
    expect(keysApplied()).toEqual(['e-first', 'e-second', 'e-third']);
  });

  it('retries a request that hangs past the client timeout and delivers it once', async () => {
    const { store, dispatcher } = start({ timeoutMs: 300 });
    await commitEffects(store, 'c4', [sms('c4', 'e-hang')]);
    fake.failNext(1, { kind: 'hang' });
    await dispatcher.enqueue('c4', [sms('c4', 'e-hang')]);
    await eventually(noPending(store, 'c4'), 10_000, 'outbox drained');
    // Two sends (a store that keeps in-flight markers also reads back before the second).
    expect(writes()).toHaveLength(2);
    expect(writes()[0]?.status).toBeNull();
    expect(keysApplied()).toEqual(['e-hang']);
  });

  it('marks an effect failed after a permanent 4xx, without retrying, and lists it as failed', async () => {
    const { store, dispatcher } = start({ token: 'wrong-token' });
    await commitEffects(store, 'c5', [sms('c5', 'e-401')]);
    await dispatcher.enqueue('c5', [sms('c5', 'e-401')]);
    await eventually(async () => (await store.failedEffects('c5')).length === 1, 10_000, 'effect failed');
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]?.status).toBe(401);
    const [failed] = await store.failedEffects('c5');
    expect(failed?.effect.id).toBe('e-401');
    expect(failed?.lastError).toContain('401');
  });

  it('gives up after the configured number of attempts when GoHighLevel keeps failing', async () => {
    const { store, dispatcher } = start();
    await commitEffects(store, 'c6', [sms('c6', 'e-5xx')]);
    fake.failNext(POLICY.attempts, { kind: 'server_error' }, (request) => request.method !== 'GET');
    await dispatcher.enqueue('c6', [sms('c6', 'e-5xx')]);
    await eventually(async () => (await store.failedEffects('c6')).length === 1, 10_000, 'effect failed');
    expect(writes()).toHaveLength(POLICY.attempts);
    expect(fake.applied()).toHaveLength(0);
  });

  it("drains a contact's backlog of 300 effects in commit order reading only its next effect, one or two reads per delivery", async () => {
    const { store, dispatcher } = start();
    const reads = { next: 0, all: 0 };
    const nextEffect = store.nextEffect.bind(store);
    const pendingEffects = store.pendingEffects.bind(store);
    store.nextEffect = async (contactId) => {
      reads.next += 1;
      return nextEffect(contactId);
    };
    store.pendingEffects = async (contactId) => {
      reads.all += 1;
      return pendingEffects(contactId);
    };
    const ids = Array.from({ length: 300 }, (_, i) => `e-backlog-${i}`);
    for (let i = 0; i < ids.length; i += 3) {
      const batch = ids.slice(i, i + 3).map((id) => sms('c9', id, id));
      await commitEffects(store, 'c9', batch);
      await dispatcher.enqueue('c9', batch);
    }
    await eventually(async () => (await pendingEffects('c9')).length === 0, 30_000, 'backlog drained');
    expect(keysApplied()).toEqual(ids);
    // No delivery scans the outbox, and no waiting effect polls it: the reads grow with the deliveries, not their square.
    expect(reads.all).toBe(0);
    expect(reads.next).toBeLessThanOrEqual(2 * ids.length + 100 + 2);
  });

  it("delivers a later effect whose job ran before its turn once the earlier one is done, still in commit order", async () => {
    const { store, dispatcher } = start();
    const effects = [sms('c10', 'e-early-1', 'first'), sms('c10', 'e-early-2', 'second')];
    await commitEffects(store, 'c10', effects);
    fake.failNext(2, { kind: 'server_error' });
    if ('queue' in dispatcher) {
      // A job for the second effect queued ahead of its turn (as an older host queued every effect): it must not go first.
      const queue = (dispatcher as BullmqDispatcher).queue;
      await queue.add('send_sms', { contactId: 'c10', effectId: 'e-early-2', kind: 'send_sms' }, { jobId: 'e-early-2' });
      await eventually(async () => (await queue.getJob('e-early-2'))?.finishedOn !== undefined, 10_000, 'early job finished');
    }
    await dispatcher.enqueue('c10', effects);
    await eventually(noPending(store, 'c10'), 10_000, 'outbox drained');
    expect(keysApplied()).toEqual(['e-early-1', 'e-early-2']);
  });

  it('delivers effects that were committed but never enqueued when the start-up sweep runs, and a second sweep sends nothing more', async () => {
    const { store, dispatcher } = start();
    await commitEffects(store, 'c7', [sms('c7', 'e-swept-1'), crmFields('c7', 'e-swept-2')]);
    await commitEffects(store, 'c8', [sms('c8', 'e-swept-3')]);
    // Two contacts with pending effects: each one's chain is restarted (three effects in all).
    expect(await dispatcher.sweep()).toBe(2);
    await eventually(async () => (await store.contactsWithPendingEffects()).length === 0, 10_000, 'all outboxes drained');
    expect(await dispatcher.sweep()).toBe(0);
    expect([...keysApplied()].sort()).toEqual(['e-swept-1', 'e-swept-2', 'e-swept-3']);
  });
});

/** A BullMQ dispatcher of its own (a fresh queue prefix) over `store`, sending to `fake`. */
function bullmqOn(store: ContactStore, fake: FakeGhl, options: { lockDurationMs?: number; timeoutMs?: number; inlineRuns?: number; metrics?: Metrics } = {}): BullmqDispatcher {
  return createBullmqDispatcher({
    store,
    ...(options.inlineRuns === undefined ? {} : { inlineRuns: options.inlineRuns }),
    sender: senderFor(fake, options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(options.lockDurationMs === undefined ? {} : { lockDurationMs: options.lockDurationMs }),
    logger: memoryLogger().logger,
    metrics: options.metrics ?? createMetrics(),
    policy: POLICY,
    redisUrl: inject('redisUrl'),
    prefix: `test-${randomUUID()}`,
  });
}

/** A counter's value for one label set (0 when never incremented). */
async function counterValue(counter: Metrics['effectRuns'] | Metrics['effectDeliveries'], labels: Record<string, string>): Promise<number> {
  const { values } = await counter.get();
  const matches = (set: Record<string, string | number | undefined>) => Object.entries(labels).every(([name, label]) => set[name] === label);
  return values.find((value) => matches(value.labels))?.value ?? 0;
}

describe('effect delivery (bullmq dispatcher): finished jobs', () => {
  it('keeps no job in Redis once its effect is delivered, and still delivers an effect enqueued again afterwards only once', async () => {
    const fake = await startFakeGhl();
    const store = createMemoryStore();
    const dispatcher = bullmqOn(store, fake);
    try {
      const effects = [sms('c20', 'e-gone-1', 'first'), sms('c20', 'e-gone-2', 'second'), crmFields('c20', 'e-gone-3')];
      await commitEffects(store, 'c20', effects);
      await dispatcher.enqueue('c20', effects);
      await eventually(async () => (await store.pendingEffects('c20')).length === 0, 10_000, 'outbox drained');
      await eventually(async () => (await dispatcher.queue.getJobCounts('active', 'completed')).active === 0, 10_000, 'no job active');
      expect(await dispatcher.queue.getJobCounts('completed', 'failed', 'wait', 'delayed')).toEqual({ completed: 0, failed: 0, wait: 0, delayed: 0 });
      // A late enqueue of the same effects (an older host, a sweep that read the outbox before the mark) sends nothing again.
      await dispatcher.enqueue('c20', effects);
      expect(await dispatcher.sweep()).toBe(0);
      expect(fake.applied().map((r) => r.idempotencyKey)).toEqual(['e-gone-1', 'e-gone-2', 'e-gone-3']);
    } finally {
      await dispatcher.close();
      await fake.close();
    }
  });
});

describe('the BullMQ dispatcher queues a freshly committed effect without looking its job up first', () => {
  it('looks up only the job of an effect that was pending before the commit (one that may have finished), and still delivers each effect once, in order', async () => {
    const fake = await startFakeGhl();
    const store = createMemoryStore();
    const dispatcher = bullmqOn(store, fake);
    const lookedUp: string[] = [];
    const getJob = dispatcher.queue.getJob.bind(dispatcher.queue);
    dispatcher.queue.getJob = async (jobId) => {
      lookedUp.push(jobId);
      return getJob(jobId);
    };
    try {
      // A fresh commit whose first effect is the head: queued as it is. Its second effect is looked up when its turn comes.
      // The engine passes the commit's nextEffectId; a second enqueue of the same commit is a no-op.
      const first = [sms('f1', 'e-fresh-1'), crmFields('f1', 'e-fresh-2')];
      const committed = await commitEffects(store, 'f1', first);
      const nextEffectId = committed.status === 'committed' ? committed.nextEffectId : undefined;
      expect(nextEffectId).toBe('e-fresh-1');
      await dispatcher.enqueue('f1', first, nextEffectId);
      await dispatcher.enqueue('f1', first, nextEffectId);
      await eventually(async () => (await store.pendingEffects('f1')).length === 0, 10_000, 'f1 drained');
      expect(lookedUp).toEqual(['e-fresh-2']);
      // A commit behind an effect that was already pending (never queued): the head is not the commit's, so it is looked up.
      await commitEffects(store, 'f2', [sms('f2', 'e-old-1')]);
      const later = [sms('f2', 'e-new-1')];
      await commitEffects(store, 'f2', later);
      await dispatcher.enqueue('f2', later);
      await eventually(async () => (await store.pendingEffects('f2')).length === 0, 10_000, 'f2 drained');
      expect(lookedUp).toEqual(['e-fresh-2', 'e-old-1', 'e-new-1']);
      expect(fake.applied().map((r) => r.idempotencyKey)).toEqual(['e-fresh-1', 'e-fresh-2', 'e-old-1', 'e-new-1']);
    } finally {
      await dispatcher.close();
      await fake.close();
    }
  });

  /** A Redis store and a dispatcher over it whose head reads, begins, marks and BullMQ job adds are counted. */
  function counted(fake: FakeGhl, options: { inlineRuns?: number } = {}) {
    const store = createRedisStore({ url: inject('redisUrl'), prefix: `test-${randomUUID()}` });
    const metrics = createMetrics();
    const dispatcher = bullmqOn(store, fake, { ...options, metrics });
    const reads = { next: 0, begin: 0, markAndBegin: 0 };
    const added: string[] = [];
    const nextEffect = store.nextEffect.bind(store);
    store.nextEffect = async (contactId) => {
      reads.next += 1;
      return nextEffect(contactId);
    };
    const beginNextEffect = store.beginNextEffect?.bind(store);
    const markDeliveredAndBeginNext = store.markDeliveredAndBeginNext?.bind(store);
    if (beginNextEffect === undefined || markDeliveredAndBeginNext === undefined) throw new Error('the Redis store begins attempts in one step');
    store.beginNextEffect = async (contactId, effectId, at, owner) => {
      reads.begin += 1;
      return beginNextEffect(contactId, effectId, at, owner);
    };
    store.markDeliveredAndBeginNext = async (contactId, effectId, at, owner) => {
      reads.markAndBegin += 1;
      return markDeliveredAndBeginNext(contactId, effectId, at, owner);
    };
    const add = dispatcher.queue.add.bind(dispatcher.queue);
    dispatcher.queue.add = async (name, data, opts) => {
      added.push(opts?.jobId ?? '?');
      return add(name, data, opts);
    };
    return { store, dispatcher, reads, added, metrics };
  }

  it('delivers a fresh commit of three effects at once on the committing host, with no BullMQ job: each next effect begun in the mark of the one before', async () => {
    const fake = await startFakeGhl();
    const { store, dispatcher, reads, added, metrics } = counted(fake);
    try {
      const effects = [sms('r1', 'e-chain-1'), crmFields('r1', 'e-chain-2'), sms('r1', 'e-chain-3')];
      const committed = await commitEffects(store, 'r1', effects);
      if (committed.status !== 'committed' || committed.nextEffectId === undefined) throw new Error('the Redis commit names the next effect');
      await dispatcher.enqueue('r1', effects, committed.nextEffectId);
      await eventually(async () => (await store.pendingEffects('r1')).length === 0, 10_000, 'r1 drained');
      expect(fake.applied().map((r) => r.idempotencyKey)).toEqual(['e-chain-1', 'e-chain-2', 'e-chain-3']);
      // The head begun with its read, each later effect in the mark of the one before, the last mark finding none.
      expect(added).toEqual([]);
      expect(reads).toEqual({ next: 0, begin: 1, markAndBegin: 3 });
      expect(await counterValue(metrics.effectRuns, { start: 'inline' })).toBe(1);
      expect(await counterValue(metrics.effectRuns, { start: 'job' })).toBe(0);
    } finally {
      await dispatcher.close();
      await store.close();
      await fake.close();
    }
  });

  it('with inline runs off, delivers the same commit with one BullMQ job', async () => {
    const fake = await startFakeGhl();
    const { store, dispatcher, reads, added, metrics } = counted(fake, { inlineRuns: 0 });
    try {
      const effects = [sms('r4', 'e-job-1'), crmFields('r4', 'e-job-2'), sms('r4', 'e-job-3')];
      const committed = await commitEffects(store, 'r4', effects);
      await dispatcher.enqueue('r4', effects, committed.status === 'committed' ? committed.nextEffectId : undefined);
      await eventually(async () => (await store.pendingEffects('r4')).length === 0, 10_000, 'r4 drained');
      expect(fake.applied().map((r) => r.idempotencyKey)).toEqual(['e-job-1', 'e-job-2', 'e-job-3']);
      expect(added).toEqual(['e-job-1']);
      expect(reads).toEqual({ next: 0, begin: 1, markAndBegin: 3 });
      expect(await counterValue(metrics.effectRuns, { start: 'job' })).toBe(1);
      expect(await counterValue(metrics.effectRuns, { start: 'inline' })).toBe(0);
    } finally {
      await dispatcher.close();
      await store.close();
      await fake.close();
    }
  });

  it('queues a job for a fresh head once the host has its bound of inline runs under way', async () => {
    const fake = await startFakeGhl();
    const { store, dispatcher, added, metrics } = counted(fake, { inlineRuns: 1 });
    try {
      fake.failNext(1, { kind: 'hold' }, (request) => request.idempotencyKey === 'e-bound-1');
      const first = [sms('r7', 'e-bound-1')];
      const firstCommit = await commitEffects(store, 'r7', first);
      await dispatcher.enqueue('r7', first, firstCommit.status === 'committed' ? firstCommit.nextEffectId : undefined);
      await fake.waitFor((requests) => requests.some((request) => request.idempotencyKey === 'e-bound-1'));
      // The one inline run is held at GoHighLevel: another contact's fresh head goes to a job, and is delivered meanwhile.
      const second = [sms('r8', 'e-bound-2')];
      const secondCommit = await commitEffects(store, 'r8', second);
      await dispatcher.enqueue('r8', second, secondCommit.status === 'committed' ? secondCommit.nextEffectId : undefined);
      await eventually(async () => (await store.pendingEffects('r8')).length === 0, 10_000, 'r8 drained while r7 is held');
      expect(added).toEqual(['e-bound-2']);
      fake.releaseHeld();
      await eventually(async () => (await store.pendingEffects('r7')).length === 0, 10_000, 'r7 drained');
      // Each once (the list is in arrival order: the held request came first).
      expect(fake.applied().map((r) => r.idempotencyKey)).toEqual(['e-bound-1', 'e-bound-2']);
      expect(await counterValue(metrics.effectRuns, { start: 'inline' })).toBe(1);
      expect(await counterValue(metrics.effectRuns, { start: 'job' })).toBe(1);
    } finally {
      await dispatcher.close();
      await store.close();
      await fake.close();
    }
  });

  it("hands an inline run's throttled effect to a delayed job that sends it once after the Retry-After, then the rest in order", async () => {
    const fake = await startFakeGhl();
    const { store, dispatcher, added } = counted(fake);
    try {
      const effects = [sms('r5', 'e-wait-1', 'first'), sms('r5', 'e-wait-2', 'second'), sms('r5', 'e-wait-3', 'third')];
      fake.failNext(1, { kind: 'rate_limit', retryAfterSeconds: 1 }, (request) => request.idempotencyKey === 'e-wait-2');
      const committed = await commitEffects(store, 'r5', effects);
      await dispatcher.enqueue('r5', effects, committed.status === 'committed' ? committed.nextEffectId : undefined);
      await eventually(async () => (await store.pendingEffects('r5')).length === 0, 10_000, 'r5 drained');
      expect(fake.applied().map((r) => r.idempotencyKey)).toEqual(['e-wait-1', 'e-wait-2', 'e-wait-3']);
      expect(added).toEqual(['e-wait-2']);
      const [limited, retried] = fake.requests.filter((request) => request.idempotencyKey === 'e-wait-2');
      expect(limited?.status).toBe(429);
      expect((retried?.receivedAt ?? 0) - (limited?.receivedAt ?? 0)).toBeGreaterThanOrEqual(950);
      // Refused before it landed: no read-back.
      expect(fake.reads()).toHaveLength(0);
    } finally {
      await dispatcher.close();
      await store.close();
      await fake.close();
    }
  });

  it("closes while an inline run is sending without losing or repeating its effect: the send lands and is marked", async () => {
    const fake = await startFakeGhl();
    const { store, dispatcher } = counted(fake);
    try {
      const effects = [sms('r6', 'e-close-1', 'first'), sms('r6', 'e-close-2', 'second')];
      fake.failNext(1, { kind: 'hold' }, (request) => request.idempotencyKey === 'e-close-2');
      const committed = await commitEffects(store, 'r6', effects);
      await dispatcher.enqueue('r6', effects, committed.status === 'committed' ? committed.nextEffectId : undefined);
      await fake.waitFor((requests) => requests.some((request) => request.idempotencyKey === 'e-close-2'));
      const closing = dispatcher.close();
      fake.releaseHeld();
      await closing;
      expect(await store.pendingEffects('r6')).toEqual([]);
      expect(fake.applied().map((r) => r.idempotencyKey)).toEqual(['e-close-1', 'e-close-2']);
    } finally {
      await store.close();
      await fake.close();
    }
  });

  it("never sends an effect twice when a job for it starts while a delivery run is sending it: the job waits, then finds it delivered", async () => {
    const fake = await startFakeGhl();
    const store = createRedisStore({ url: inject('redisUrl'), prefix: `test-${randomUUID()}` });
    // The job lock's span is how long another worker's attempt counts as under way.
    const metrics = createMetrics();
    const dispatcher = bullmqOn(store, fake, { lockDurationMs: 1_500, metrics });
    try {
      const first = [sms('r2', 'e-run-1', 'first'), sms('r2', 'e-run-2', 'second')];
      fake.failNext(1, { kind: 'hold' }, (request) => request.idempotencyKey === 'e-run-2');
      const committed = await commitEffects(store, 'r2', first);
      await dispatcher.enqueue('r2', first, committed.status === 'committed' ? committed.nextEffectId : undefined);
      // The run has delivered e-run-1 and is sending e-run-2, which GoHighLevel holds.
      await fake.waitFor((requests) => requests.some((request) => request.idempotencyKey === 'e-run-2'));
      // A commit behind it: its enqueue finds e-run-2 next with no job of its own, and queues one.
      const later = [sms('r2', 'e-run-3', 'third')];
      await commitEffects(store, 'r2', later);
      await dispatcher.enqueue('r2', later);
      // That job sees the run's attempt under way and waits instead of reading back and sending a second copy.
      await eventually(async () => (await dispatcher.queue.getJobCounts('delayed')).delayed === 1, 10_000, 'the e-run-2 job delayed');
      expect(fake.requests.filter((request) => request.idempotencyKey === 'e-run-2')).toHaveLength(1);
      expect(await counterValue(metrics.effectDeliveries, { outcome: 'busy' })).toBe(1);
      fake.releaseHeld();
      await eventually(async () => (await store.pendingEffects('r2')).length === 0, 10_000, 'r2 drained');
      await eventually(async () => (await dispatcher.queue.getJobCounts('delayed', 'wait', 'active')).delayed === 0, 10_000, 'the delayed job ran');
      await eventually(async () => (await dispatcher.queue.getJobCounts('active')).active === 0, 10_000, 'no job active');
      expect(fake.applied().map((r) => r.idempotencyKey)).toEqual(['e-run-1', 'e-run-2', 'e-run-3']);
      expect(fake.requests.filter((request) => request.idempotencyKey === 'e-run-2')).toHaveLength(1);
    } finally {
      await dispatcher.close();
      await store.close();
      await fake.close();
    }
  });

  it("hands an effect whose send timed out in a run to its own job, which reads it back and does not resend what landed", async () => {
    const fake = await startFakeGhl();
    const store = createRedisStore({ url: inject('redisUrl'), prefix: `test-${randomUUID()}` });
    const dispatcher = bullmqOn(store, fake, { lockDurationMs: 60_000, timeoutMs: 300 });
    try {
      const effects = [sms('r3', 'e-lost-1', 'first'), sms('r3', 'e-lost-2', 'second'), sms('r3', 'e-lost-3', 'third')];
      // e-lost-2 lands but its answer never comes: the run's attempt ends in a timeout, unmarked.
      fake.failNext(1, { kind: 'apply_then_hang' }, (request) => request.idempotencyKey === 'e-lost-2');
      const committed = await commitEffects(store, 'r3', effects);
      await dispatcher.enqueue('r3', effects, committed.status === 'committed' ? committed.nextEffectId : undefined);
      // Within the job lock's minute: the handed-over job does not wait for the run's attempt to age.
      await eventually(async () => (await store.pendingEffects('r3')).length === 0, 10_000, 'r3 drained');
      expect(fake.applied().map((r) => r.idempotencyKey)).toEqual(['e-lost-1', 'e-lost-2', 'e-lost-3']);
      expect(fake.reads().length).toBeGreaterThanOrEqual(1);
    } finally {
      await dispatcher.close();
      await store.close();
      await fake.close();
    }
  });
});
