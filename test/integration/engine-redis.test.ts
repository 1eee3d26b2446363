// The engine on the Redis store: persist → restore checked against the memory store, a v1 snapshot migrated on load, an unknown version refused untouched.
import { afterAll, describe, expect, it } from 'vitest';
import type { ContactStore } from '../../services/store/types';
import { createEngine } from '../../services/engine/engine';
import type { InboundMessage, InboundResult } from '../../services/engine/types';
import { createMemoryStore } from '../../services/store/memory';
import { UnsupportedMachineVersionError, VersionConflictError } from '../../services/store/errors';
import { createRedisStore } from '../../services/store/redis';
import type { Decision } from '../../domain/types';
import { useTestRedis } from '../setup/redis';
import { intentFor } from '../support/attempts';
import { scriptedClassifier } from '../support/scripted-classifier';
import v1Snapshot from '../fixtures/snapshot-v1.json';

const redis = useTestRedis();
const T = 1795425600000 + 40 * 60_000;

const stores: ContactStore[] = [];
afterAll(async () => {
  await Promise.all(stores.map((store) => store.close()));
});

function trackStore<S extends ContactStore>(store: S): S {
  stores.push(store);
  return store;
}

function setup() {
  const store = trackStore(createRedisStore({ url: redis.url, prefix: redis.nextPrefix() }));
  const engine = createEngine({ store, window: { maxClockSkewMs: 0, maxMessageAgeMs: 0 } });
  return { store, engine };
}

const BUY = "We're pre-approved and looking to buy";
const SELL = 'I need to sell my house first';

/** Same intents, same (frozen) clock on both stores: bot latencies and decisions are identical, so any difference is the store's. */
function engineOn(store: ContactStore) {
  const classify = scriptedClassifier({ [BUY]: intentFor('buyer', 0.9, 'test.buy'), [SELL]: intentFor('seller', 0.9, 'test.sell') });
  return { store, engine: createEngine({ store, classify, clock: () => T, window: { maxClockSkewMs: 0, maxMessageAgeMs: 0 } }) };
}

function message(messageId: string, text: string, minute: number): InboundMessage {
  return { contactId: 'p-1', messageId, text, at: T + minute * 60_000, locationId: null, conversationId: null };
}

/** [status, version, top-level state, decision kind] of one inbound result. */
function summary(result: InboundResult): [string, number, string, string] {
  return result.status === 'processed' ? [result.status, result.version, result.state.split('.')[0] ?? '', result.decision.kind] : [result.status, 0, '', ''];
}

const noDecision: Decision = { kind: 'stay', reason: 'no_intent', decidedBy: 'intent', from: 'seller', to: 'seller', at: 0, messageId: null, details: {} };

describe('engine on Redis', () => {
  it('restores what it persisted: a restarted host reads back the state, context, journal and transcript the memory store keeps for the same conversation, and decides the next messages alike', async () => {
    const prefix = redis.nextPrefix();
    const onRedis = engineOn(trackStore(createRedisStore({ url: redis.url, prefix })));
    const onMemory = engineOn(trackStore(createMemoryStore()));
    const before = [message('m-1', 'budget is around $450k', 0), message('m-2', BUY, 1), message('m-3', SELL, 3), message('m-4', '3 bedrooms near downtown', 4)];
    const redisResults = [];
    const memoryResults = [];
    for (const m of before) {
      redisResults.push(await onRedis.engine.handleInbound(m));
      memoryResults.push(await onMemory.engine.handleInbound(m));
    }
    expect(redisResults.map(summary)).toEqual([
      ['processed', 1, 'lead', 'stay'],
      ['processed', 2, 'buyer', 'handoff'],
      ['processed', 3, 'seller', 'handoff'],
      ['processed', 4, 'seller', 'stay'],
    ]);
    expect(redisResults).toEqual(memoryResults);

    // Another process restores the contact from Redis alone: what it reads is what was decided live, and what memory kept.
    const restarted = engineOn(trackStore(createRedisStore({ url: redis.url, prefix })));
    const view = await restarted.engine.view('p-1');
    expect(view).toEqual(await onMemory.engine.view('p-1'));
    expect(view).toMatchObject({ version: 4, bot: 'seller', chainDepth: 2, decision: memoryResults[3]?.status === 'processed' ? memoryResults[3].decision : null });
    expect(view?.handoffs.map((h) => `${h.from}>${h.to}`)).toEqual(['lead>buyer', 'buyer>seller']);
    expect(view?.state.startsWith('seller')).toBe(true);
    expect(view?.context).toMatchObject({ facts: { budget: { max: 450_000 } } });
    const journal = await restarted.store.journal('p-1', 4);
    expect(journal.map((entry) => entry.messageId)).toEqual(['m-4', 'm-3', 'm-2', 'm-1']);
    expect(journal).toEqual(await onMemory.store.journal('p-1', 4));
    expect(await restarted.store.transcript('p-1')).toEqual(await onMemory.store.transcript('p-1'));
    expect(JSON.parse((await restarted.store.contextPackage('p-1')) ?? 'null')).toMatchObject({ from: 'buyer', to: 'seller' });

    // The restored chain counts: a third bounce is allowed, the fourth goes to a human, exactly as on the memory store.
    const after = [message('m-5', BUY, 6), message('m-6', SELL, 8)];
    const restoredResults = [];
    for (const m of after) {
      const result = await restarted.engine.handleInbound(m);
      expect(result).toEqual(await onMemory.engine.handleInbound(m));
      restoredResults.push(result);
    }
    expect(restoredResults.map(summary)).toEqual([
      ['processed', 5, 'buyer', 'handoff'],
      ['processed', 6, 'escalated', 'escalate'],
    ]);
  });

  it('migrates a machineVersion 1 snapshot on load and commits the next version as machineVersion 2', async () => {
    const { store, engine } = setup();
    await store.commit({
      contactId: 'c-v1', expectedVersion: 0, record: { machineVersion: 1, version: 1, snapshot: v1Snapshot }, messageId: 'seed',
      effects: [], journal: { version: 1, messageId: 'seed', decision: noDecision, stateValue: v1Snapshot.value }, transcript: [], contextPackage: null,
    });
    const result = await engine.handleInbound({ contactId: 'c-v1', messageId: 'after', text: 'it needs some work honestly', at: T, locationId: null, conversationId: null });
    expect(result.status).toBe('processed');
    const record = await store.load('c-v1');
    expect(record).toMatchObject({ machineVersion: 2, version: 2 });
    const view = await engine.view('c-v1');
    expect(view?.handoffs).toHaveLength(2);
    expect(view?.handoffs[0]).toMatchObject({ from: 'lead', to: 'buyer' });
  });

  it('refuses a snapshot of an unknown machine version with a typed error and leaves the contact untouched', async () => {
    const { store, engine } = setup();
    const future = { ...v1Snapshot, context: { ...v1Snapshot.context, somethingNew: true } };
    await store.commit({
      contactId: 'c-v9', expectedVersion: 0, record: { machineVersion: 9, version: 1, snapshot: future }, messageId: 'seed',
      effects: [], journal: { version: 1, messageId: 'seed', decision: noDecision, stateValue: future.value }, transcript: [], contextPackage: null,
    });
    const before = await store.load('c-v9');
    await expect(engine.handleInbound({ contactId: 'c-v9', messageId: 'm', text: 'hello', at: T, locationId: null, conversationId: null })).rejects.toBeInstanceOf(
      UnsupportedMachineVersionError,
    );
    expect(await store.load('c-v9')).toEqual(before);
    expect(await store.isProcessed('c-v9', 'm')).toBe(false);
  });

  it('refuses the commit of a writer that lost its lock: the version check stops the stale write', async () => {
    const prefix = redis.nextPrefix();
    const store = createRedisStore({ url: redis.url, prefix });
    stores.push(store);
    const engine = createEngine({ store, window: { maxClockSkewMs: 0, maxMessageAgeMs: 0 } });
    await engine.handleInbound({ contactId: 'lost-1', messageId: 'm-1', text: 'hello', at: T, locationId: null, conversationId: null });
    const stale = await store.acquireLock('lost-1', { ttlMs: 5_000, waitMs: 0 });
    const loaded = await store.load('lost-1');
    // The lock is gone (expired, or evicted) while its holder still works: someone else takes it and commits.
    await redis.connect().del(`${prefix}{lost-1}:lock`);
    const otherProcess = createRedisStore({ url: redis.url, prefix });
    stores.push(otherProcess);
    await createEngine({ store: otherProcess, window: { maxClockSkewMs: 0, maxMessageAgeMs: 0 } }).handleInbound({ contactId: 'lost-1', messageId: 'm-2', text: 'still there?', at: T + 60_000, locationId: null, conversationId: null });
    const staleWrite = store.commit({
      contactId: 'lost-1', expectedVersion: loaded?.version ?? 0, record: { machineVersion: 2, version: 2, snapshot: loaded?.snapshot }, messageId: 'stale',
      effects: [], journal: { version: 2, messageId: 'stale', decision: noDecision, stateValue: 'lead' }, transcript: [], contextPackage: null,
    });
    await expect(staleWrite).rejects.toBeInstanceOf(VersionConflictError);
    expect(await stale?.release()).toBe(false);
    const journal = await store.journal('lost-1', 10);
    expect(journal.map((entry) => entry.messageId)).toEqual(['m-2', 'm-1']);
  });
});
