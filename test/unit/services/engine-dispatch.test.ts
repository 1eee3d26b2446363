// The answer to an inbound message does not wait for the effect queue: the effects are committed in the outbox first.
import { describe, expect, it } from 'vitest';
import type { EffectDispatcher } from '../../../services/effects/types';
import { createEngine } from '../../../services/engine/engine';
import { createMemoryStore } from '../../../services/store/memory';

describe('dispatch after the commit', () => {
  it('answers, and frees the contact for its next message, while the enqueue of the committed effects is still pending', async () => {
    const store = createMemoryStore();
    const enqueued: string[][] = [];
    let release = (): void => undefined;
    const stuck = new Promise<void>((resolve) => {
      release = resolve;
    });
    const dispatcher: EffectDispatcher = {
      kind: 'in-process',
      enqueue: async (_contactId, effects) => {
        enqueued.push(effects.map((effect) => effect.id));
        await stuck;
      },
      sweep: async () => 0,
      close: async () => undefined,
    };
    const engine = createEngine({ store, dispatcher, window: { maxClockSkewMs: 0, maxMessageAgeMs: 0 } });
    const at = Date.UTC(2026, 10, 23, 9);
    const message = (n: number) => ({ contactId: 'd-1', messageId: `m-${n}`, text: 'we want to buy a house', at: at + n * 60_000, locationId: null, conversationId: null });
    const first = await engine.handleInbound(message(1));
    const second = await engine.handleInbound(message(2));
    expect([first.status, second.status]).toEqual(['processed', 'processed']);
    expect(enqueued).toHaveLength(2);
    // Committed before the answer: the outbox holds every effect the queue has not taken yet.
    const committed = [...(first.status === 'processed' ? first.effects : []), ...(second.status === 'processed' ? second.effects : [])].map((effect) => effect.id);
    expect(committed.length).toBeGreaterThan(0);
    expect((await store.pendingEffects('d-1')).map((item) => item.effect.id)).toEqual(committed);
    release();
  });
});
