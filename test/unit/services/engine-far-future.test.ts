// With the time window off, a far-future dateAdded is refused and never pins the contact's clock.
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../../services/engine/engine';
import { MessageOutOfWindowError } from '../../../services/engine/types';
import { FAR_FUTURE_LIMIT_MS } from '../../../services/engine/window';
import { createMemoryStore } from '../../../services/store/memory';
import { createTestHost, inbound } from '../../server/host';

const NOW = Date.UTC(2026, 11, 4, 9);
const off = { maxClockSkewMs: 0, maxMessageAgeMs: 0 };

describe('far-future message times with the window off', () => {
  it('refuses a year-9999 message and keeps the contact clock where it was, so the next message is dated normally', async () => {
    const store = createMemoryStore();
    const engine = createEngine({ store, clock: () => NOW, window: off });
    const message = (messageId: string, at: number) => ({ contactId: 'ff-1', messageId, text: 'hello', at, locationId: null, conversationId: null });
    await engine.handleInbound(message('m-1', NOW));
    await expect(engine.handleInbound(message('m-9999', Date.UTC(9999, 0, 1)))).rejects.toBeInstanceOf(MessageOutOfWindowError);
    await expect(engine.handleInbound(message('m-edge', NOW + FAR_FUTURE_LIMIT_MS + 1))).rejects.toBeInstanceOf(MessageOutOfWindowError);
    const next = await engine.handleInbound(message('m-2', NOW + 60_000));
    expect(next.status).toBe('processed');
    const journal = await store.journal('ff-1', 10);
    expect(journal.map((entry) => entry.decision.at)).toEqual([NOW + 60_000, NOW]);
  });

  it('still accepts a replay running up to a year ahead of the wall clock', async () => {
    const engine = createEngine({ store: createMemoryStore(), clock: () => NOW, window: off });
    const result = await engine.handleInbound({ contactId: 'ff-2', messageId: 'm-1', text: 'hello', at: NOW + FAR_FUTURE_LIMIT_MS - 1, locationId: null, conversationId: null });
    expect(result.status).toBe('processed');
  });

  it('answers a year-9999 dateAdded with 400 over HTTP when MAX_CLOCK_SKEW_MS=0', async () => {
    const host = await createTestHost({ maxClockSkewMs: 0 });
    try {
      const res = await request(host.app).post('/webhooks/ghl').send(inbound({ contactId: 'ff-3', dateAdded: '9999-12-31T23:59:59.000Z' }));
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('message_out_of_window');
      expect(await host.store.load('ff-3')).toBeNull();
    } finally {
      await host.close();
    }
  });
});
