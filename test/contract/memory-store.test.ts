// Runs the store contract against the in-memory store, plus what only an injectable clock can show.
import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../services/store/memory';
import { DEFAULT_POLICY } from '../../domain/policy';

const PROCESSED_RETENTION_MS = DEFAULT_POLICY.retention.processedIdsMs;
import { describeStoreContract } from './store.contract';
import { commitInput } from './fixtures';

describeStoreContract('memory', () => createMemoryStore());

describe('memory store with an injected clock', () => {
  it('forgets a processed messageId after seven days, not before', async () => {
    let now = 1_000_000;
    const store = createMemoryStore({ clock: () => now });
    await store.commit(commitInput('c', 0, 'm1'));
    now += PROCESSED_RETENTION_MS - 1;
    expect(await store.isProcessed('c', 'm1')).toBe(true);
    now += 1;
    expect(await store.isProcessed('c', 'm1')).toBe(false);
  });

  it('expires the context package by the injected clock', async () => {
    let now = 0;
    const store = createMemoryStore({ clock: () => now });
    await store.commit(commitInput('c', 0, 'm1', { contextPackage: { json: '{}', ttlMs: 24 * 3_600_000 } }));
    now = 24 * 3_600_000 - 1;
    expect(await store.contextPackage('c')).toBe('{}');
    now += 1;
    expect(await store.contextPackage('c')).toBeNull();
  });
});
