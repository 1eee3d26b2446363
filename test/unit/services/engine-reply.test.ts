// The engine reads facts from a message once, before the decision, so the reply to it never asks for them.
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../../services/engine/engine';
import { createMemoryStore } from '../../../services/store/memory';

describe('the reply to a message', () => {
  it('does not ask for what that very message said', async () => {
    const store = createMemoryStore();
    const engine = createEngine({ store, window: { maxClockSkewMs: 0, maxMessageAgeMs: 0 } });
    const result = await engine.handleInbound({
      contactId: 'r-1', messageId: 'm-1', text: 'we want to buy, our budget is $450k and we are pre-approved',
      at: Date.UTC(2026, 10, 23, 9), locationId: null, conversationId: null,
    });
    expect(result.status === 'processed' && result.bot).toBe('buyer');
    const sms = result.status === 'processed' ? result.effects.filter((effect) => effect.kind === 'send_sms') : [];
    expect(sms).toHaveLength(1);
    const asks = sms[0]?.kind === 'send_sms' ? sms[0].asks : [];
    expect(asks.length).toBe(1);
    expect(asks).not.toContain('budget');
    expect(asks).not.toContain('preapproval');
  });
});
