// The engine on the Redis store: persist → restore, a v1 snapshot migrated on load, an unknown version refused untouched.
import { afterAll, describe, expect, it } from 'vitest';
import type { ContactStore } from '../../services/store/types';
import { createEngine } from '../../services/engine/engine';
import { restoreSnapshot } from '../../services/engine/snapshot';
import { UnsupportedMachineVersionError, VersionConflictError } from '../../services/store/errors';
import { createRedisStore } from '../../services/store/redis';
import type { Decision } from '../../domain/types';
import { useTestRedis } from '../setup/redis';
import v1Snapshot from '../fixtures/snapshot-v1.json';

const redis = useTestRedis();
const T = 1795425600000 + 40 * 60_000;

const stores: ContactStore[] = [];
afterAll(async () => {
  await Promise.all(stores.map((store) => store.close()));
});

function setup() {
  const store = createRedisStore({ url: redis.url, prefix: redis.nextPrefix() });
  stores.push(store);
  const engine = createEngine({ store, window: { maxClockSkewMs: 0, maxMessageAgeMs: 0 } });
  return { store, engine };
}

const noDecision: Decision = { kind: 'stay', reason: 'no_intent', decidedBy: 'intent', from: 'seller', to: 'seller', at: 0, messageId: null, details: {} };

describe('engine on Redis', () => {
  it('restores what it persisted: the same state and context after a JSON round trip through Redis', async () => {
    const { store, engine } = setup();
    await engine.handleInbound({ contactId: 'p-1', messageId: 'm-1', text: 'budget is around $450k', at: T, locationId: null, conversationId: null });
    const result = await engine.handleInbound({ contactId: 'p-1', messageId: 'm-2', text: "We're pre-approved and looking to buy", at: T + 60_000, locationId: null, conversationId: null });
    expect(result.status).toBe('processed');
    const record = await store.load('p-1');
    expect(record?.version).toBe(2);
    const restored = restoreSnapshot(engine.machine, 'p-1', record ?? { machineVersion: 0, version: 0, snapshot: null });
    const view = await engine.view('p-1');
    expect(view?.stateValue).toEqual(restored.value);
    expect(view?.context).toEqual(restored.context);
    expect(restored.context.facts.budget?.max).toBe(450_000);
    const pkg = JSON.parse((await store.contextPackage('p-1')) ?? 'null') as { to: string } | null;
    expect(pkg?.to).toBe('buyer');
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
