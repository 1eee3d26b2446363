// Runs the store contract against the in-memory store.
import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../services/store/memory';
import { VersionConflictError } from '../../services/store/errors';
import { commitInput } from './fixtures';

describe('memory store', () => {
  it('commits version 1, refuses a stale version and reports a redelivered message as duplicate', async () => {
    const store = createMemoryStore();
    expect(await store.commit(commitInput('c1', 0, 'm1'))).toEqual({ status: 'committed', version: 1 });
    await expect(store.commit(commitInput('c1', 0, 'm2'))).rejects.toBeInstanceOf(VersionConflictError);
    expect(await store.commit(commitInput('c1', 1, 'm1'))).toEqual({ status: 'duplicate' });
    expect((await store.load('c1'))?.version).toBe(1);
    expect(await store.pendingEffects('c1')).toHaveLength(1);
  });
});
