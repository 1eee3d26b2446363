// ContactDelete goes through the contact lock: it waits for a message in flight and never races it.
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../../services/engine/engine';
import { LockBusyError } from '../../../services/engine/types';
import { createMemoryStore } from '../../../services/store/memory';

const at = Date.UTC(2026, 10, 23, 9);

describe('engine.erase', () => {
  it('erases the contact under its lock: refused while another holder keeps it, done once it is free', async () => {
    const store = createMemoryStore();
    const engine = createEngine({ store, window: { maxClockSkewMs: 0, maxMessageAgeMs: 0 }, lock: { ttlMs: 5_000, waitMs: 50 } });
    await engine.handleInbound({ contactId: 'e-1', messageId: 'm-1', text: 'hello', at, locationId: null, conversationId: null });
    const held = await store.acquireLock('e-1', { ttlMs: 5_000, waitMs: 0 });
    expect(held).not.toBeNull();
    await expect(engine.erase('e-1')).rejects.toBeInstanceOf(LockBusyError);
    expect(await store.load('e-1')).not.toBeNull();
    await held?.release();
    await engine.erase('e-1');
    expect(await store.load('e-1')).toBeNull();
    expect(await store.transcript('e-1')).toEqual([]);
  });
});
