// A GoHighLevel user replying to a contact takes it over: the bot falls silent until a release (explicit or after the idle time).
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import type { Host } from '../../server/wiring';
import { startFakeGhl, type FakeGhl } from '../fakes/ghl-server';
import { eventually } from '../server/support';
import { inbound } from '../server/host';
import { startRedisHost } from '../support/redis-host';
import { HOUR, MINUTE, START } from './webhook';

let host: Host | null = null;
let fake: FakeGhl | null = null;
let now = START;

afterEach(async () => {
  await host?.close();
  await fake?.close();
  host = null;
  fake = null;
});

async function start(env: Record<string, string> = {}): Promise<{ host: Host; fake: FakeGhl }> {
  now = START;
  fake = await startFakeGhl();
  host = (await startRedisHost({ STORE: 'memory', GHL_API_TOKEN: fake.token, GHL_API_BASE_URL: fake.url, EFFECT_BACKOFF_MS: '10', ...env }, undefined, { clock: () => now })).host;
  return { host, fake };
}

const post = (h: Host, body: Record<string, unknown>) => request(h.app).post('/webhooks/ghl').set('content-type', 'application/json').send(JSON.stringify(body)).expect(200);

const contactSays = (h: Host, id: string, text: string, at: number) =>
  post(h, inbound({ contactId: 'ht-1', messageId: id, body: text, dateAdded: new Date(at).toISOString() }));

/** GoHighLevel's OutboundMessage webhook, as it fires for every message sent to a contact. */
const outbound = (fields: Record<string, unknown>) => ({
  type: 'OutboundMessage',
  locationId: 'loc-1',
  contactId: 'ht-1',
  conversationId: 'conv-1',
  body: 'Hi, this is Sam from the office. I can help from here.',
  messageType: 'SMS',
  direction: 'outbound',
  dateAdded: new Date(now).toISOString(),
  ...fields,
});

async function outboundAfter(h: Host, at: number): Promise<string[]> {
  const response = await request(h.app).get('/v1/contacts/ht-1/messages').expect(200);
  const messages = (response.body as { messages: Array<{ direction: string; at: number; text: string }> }).messages;
  return messages.filter((m) => m.direction === 'outbound' && m.at >= at).map((m) => m.text);
}

describe('human takeover from GoHighLevel', () => {
  it("silences the bot when a GoHighLevel user writes, ignores Baton's own sends, and the admin release brings the bot back", async () => {
    const { host: h, fake: ghl } = await start();
    await contactSays(h, 'in-1', 'Hi, I saw your listing', now);
    await eventually(() => ghl.applied().length >= 1, 10_000, 'the bot reply delivered');
    const ownSend = ghl.applied()[0];
    expect(ownSend?.path).toBe('/conversations/messages');

    // Baton's own reply comes back as an OutboundMessage: recognised by the message id GoHighLevel gave it.
    const own = await post(h, outbound({ messageId: `msg-${ownSend?.seq ?? 0}`, userId: 'user-api', body: 'the bot reply' }));
    expect(own.body).toEqual({ ignored: true, type: 'OutboundMessage', reason: 'sent_by_baton' });
    const workflow = await post(h, outbound({ messageId: 'wf-1' }));
    expect(workflow.body).toMatchObject({ ignored: true, reason: 'not_sent_by_a_user' });
    expect((await request(h.app).get('/v1/contacts/ht-1').expect(200)).body).toMatchObject({ bot: 'lead' });

    now += MINUTE;
    const taken = await post(h, outbound({ messageId: 'human-1', userId: 'user-7' }));
    expect(taken.body).toMatchObject({ contactId: 'ht-1', takenOverBy: 'user-7', state: 'escalated' });
    const journal = await request(h.app).get('/v1/contacts/ht-1/journal').expect(200);
    expect((journal.body as { entries: Array<{ decision: unknown }> }).entries[0]?.decision).toMatchObject({ kind: 'takeover', reason: 'human_takeover', details: { by: 'user-7' } });

    now += MINUTE;
    const silenced = await contactSays(h, 'in-2', 'We are pre-approved and want to buy', now);
    expect(silenced.body).toMatchObject({ state: 'escalated', bot: null, decision: { kind: 'silent' } });
    expect(await outboundAfter(h, now)).toEqual([]);

    now += MINUTE;
    await request(h.app).post('/v1/contacts/ht-1/release').send({ bot: 'buyer' }).expect(200);
    now += MINUTE;
    const back = await contactSays(h, 'in-3', 'our budget is $450k', now);
    expect(back.body).toMatchObject({ bot: 'buyer', state: expect.stringMatching(/^buyer/) });
    expect(await outboundAfter(h, now)).toHaveLength(1);
  });

  it('releases a taken-over contact back to its bot after HUMAN_IDLE_RELEASE_HOURS without a human message, as a recorded decision', async () => {
    const { host: h } = await start({ HUMAN_IDLE_RELEASE_HOURS: '2' });
    await contactSays(h, 'in-1', "We're pre-approved and looking to buy", now);
    const takenAt = now + MINUTE;
    now = takenAt;
    await post(h, outbound({ messageId: 'human-1', userId: 'user-7' }));
    now = takenAt + HOUR;
    await post(h, outbound({ messageId: 'human-2', userId: 'user-7', body: 'Any questions?' }));

    // 1.5 h after the human's last message: still the human's.
    now = takenAt + 2.5 * HOUR;
    expect((await contactSays(h, 'in-2', 'not yet', now)).body).toMatchObject({ state: 'escalated', decision: { kind: 'silent' } });

    // 2.5 h after it: released first (recorded), then the bot answers this very message.
    now = takenAt + 3.5 * HOUR;
    const released = await contactSays(h, 'in-3', 'still there?', now);
    expect(released.body).toMatchObject({ bot: 'buyer', state: expect.stringMatching(/^buyer/) });
    expect(await outboundAfter(h, now)).toHaveLength(1);
    const journal = await request(h.app).get('/v1/contacts/ht-1/journal').expect(200);
    const decisions = (journal.body as { entries: Array<{ decision: { kind: string; details: Record<string, unknown> } }> }).entries.map((e) => e.decision);
    expect(decisions[1]).toMatchObject({ kind: 'release', reason: 'human_release', to: 'buyer', details: { by: 'idle_timeout' } });
  });
});
