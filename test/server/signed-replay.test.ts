// Every signed webhook is idempotent and inside the time window: a replayed ContactDelete or InboundMessage changes nothing.
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app';
import { createEngine } from '../../services/engine/engine';
import { createMetrics } from '../../services/observability/metrics';
import { createMemoryStore } from '../../services/store/memory';
import type { ContactStore } from '../../services/store/types';
import { keyPair, signBody } from './host';
import { memoryLogger } from './support';

const NOW = Date.UTC(2026, 11, 4, 9, 0, 0);
const MINUTE = 60_000;

describe('signed webhook replays', () => {
  const keys = keyPair();
  let store: ContactStore;
  let app: ReturnType<typeof createApp>;
  let now = NOW;

  beforeEach(() => {
    now = NOW;
    store = createMemoryStore({ clock: () => now });
    const engine = createEngine({ store, clock: () => now, window: { maxClockSkewMs: 5 * MINUTE, maxMessageAgeMs: 120 * MINUTE } });
    app = createApp({ engine, store, config: { GHL_WEBHOOK_PUBLIC_KEY: keys.publicKeyPem }, logger: memoryLogger().logger, metrics: createMetrics() });
  });
  afterEach(async () => store.close());

  const signed = (payload: Record<string, unknown>) => {
    const raw = JSON.stringify(payload);
    return () => request(app).post('/webhooks/ghl').set('Content-Type', 'application/json').set('x-ghl-signature', signBody(keys.privateKey, raw)).send(raw);
  };
  const message = (contactId: string, body: string, at: number) =>
    signed({ type: 'InboundMessage', locationId: 'loc-1', contactId, body, messageType: 'SMS', direction: 'inbound', dateAdded: new Date(at).toISOString() });

  it('treats a replay of the same signed ContactDelete as a no-op that keeps messages received after the first delete', async () => {
    await message('del-1', 'I want to sell my house', now)().expect(200);
    const remove = signed({ type: 'ContactDelete', locationId: 'loc-1', id: 'del-1' });
    expect((await remove().expect(200)).body).toEqual({ contactId: 'del-1', erased: true });
    expect(await store.load('del-1')).toBeNull();

    now += MINUTE;
    await message('del-1', 'Hi again, still thinking about selling', now)().expect(200);
    now += 30 * MINUTE;
    expect((await remove().expect(200)).body).toEqual({ contactId: 'del-1', duplicate: true });
    expect((await store.load('del-1'))?.version).toBe(1);
    expect((await store.transcript('del-1')).some((entry) => entry.text === 'Hi again, still thinking about selling')).toBe(true);
  });

  it('recognises a ContactDelete by its webhookId even when the bytes differ', async () => {
    await message('del-2', 'hello', now)().expect(200);
    await signed({ type: 'ContactDelete', id: 'del-2', webhookId: 'wh-1' })().expect(200);
    await message('del-2', 'hello again', now + MINUTE)().expect(200);
    const again = await signed({ type: 'ContactDelete', id: 'del-2', webhookId: 'wh-1', locationId: 'loc-1' })().expect(200);
    expect(again.body).toEqual({ contactId: 'del-2', duplicate: true });
    expect(await store.load('del-2')).not.toBeNull();
  });

  it('refuses a signed ContactDelete whose timestamp lies outside the time window, erasing nothing', async () => {
    await message('del-3', 'hello', now)().expect(200);
    for (const at of [now - 3 * 60 * MINUTE, now + 10 * MINUTE]) {
      const res = await signed({ type: 'ContactDelete', id: 'del-3', timestamp: new Date(at).toISOString() })().expect(400);
      expect(res.body.error.code).toBe('message_out_of_window');
    }
    expect(await store.load('del-3')).not.toBeNull();
    await signed({ type: 'ContactDelete', id: 'del-3', timestamp: new Date(now - MINUTE).toISOString() })().expect(200);
    expect(await store.load('del-3')).toBeNull();
  });

  it('answers a replayed signed InboundMessage as a duplicate inside the window and refuses it once it is older than the window', async () => {
    const send = message('rep-1', 'I want to buy a house, budget $500k', now);
    const first = await send().expect(200);
    expect(first.body.version).toBe(1);
    now += 60 * MINUTE;
    expect((await send().expect(200)).body).toEqual({ contactId: 'rep-1', duplicate: true });
    now += 61 * MINUTE;
    expect((await send().expect(400)).body.error.code).toBe('message_out_of_window');
    expect((await store.load('rep-1'))?.version).toBe(1);
    expect(await store.journal('rep-1', 10)).toHaveLength(1);
  });

  it('answers a replayed signed event of an unhandled type with the same no-op each time', async () => {
    const other = signed({ type: 'ContactTagUpdate', id: 'rep-2', tags: ['x'] });
    const a = await other().expect(200);
    const b = await other().expect(200);
    expect(a.body).toEqual(b.body);
    expect(await store.load('rep-2')).toBeNull();
  });
});
