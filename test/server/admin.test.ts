// The admin API behind ADMIN_TOKEN: every route refuses without it; takeover silences the bots, release hands back.
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestHost, inbound, type TestHost } from './host';

const TOKEN = 'admin-token-for-tests-0123456789';

const ADMIN_ROUTES: Array<['get' | 'post', string]> = [
  ['get', '/v1/contacts/contact-1'],
  ['get', '/v1/contacts/contact-1/journal'],
  ['get', '/v1/contacts/contact-1/messages'],
  ['get', '/v1/contacts/contact-1/effects/failed'],
  ['post', '/v1/contacts/contact-1/takeover'],
  ['post', '/v1/contacts/contact-1/release'],
  ['get', '/v1/bots/health'],
  ['get', '/v1/patterns'],
  ['get', '/v1/does-not-exist'],
  ['get', '/inspect'],
];

describe('admin API with ADMIN_TOKEN set', () => {
  let host: TestHost;
  beforeEach(async () => {
    host = await createTestHost({ adminToken: TOKEN });
    await request(host.app).post('/webhooks/ghl').send(inbound({ body: 'hello' })).expect(200);
  });
  afterEach(async () => host.close());

  it.each(ADMIN_ROUTES)('refuses %s %s without a token, with a wrong token and with a non-Bearer scheme', async (method, path) => {
    for (const authorization of [undefined, `Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(0, -1)}`, `Basic ${TOKEN}`, TOKEN]) {
      const req = request(host.app)[method](path);
      const res = await (authorization === undefined ? req : req.set('Authorization', authorization));
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('unauthorized');
      expect(res.headers['www-authenticate']).toContain('Bearer');
    }
    // A refused takeover/release changed nothing.
    expect((await host.engine.view('contact-1'))?.version).toBe(1);
  });

  it('serves the contact view, journal and transcript with the token', async () => {
    const auth = { Authorization: `Bearer ${TOKEN}` };
    const view = await request(host.app).get('/v1/contacts/contact-1').set(auth);
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({ contactId: 'contact-1', version: 1, bot: 'lead' });
    const journal = await request(host.app).get('/v1/contacts/contact-1/journal?limit=5').set(auth);
    expect(journal.body.entries).toHaveLength(1);
    const messages = await request(host.app).get('/v1/contacts/contact-1/messages').set(auth);
    expect(messages.body.messages[0]).toEqual({ direction: 'inbound', text: 'hello', at: expect.any(Number), bot: 'lead', asks: [] });
    expect(messages.body.messages.slice(1).every((m: { direction: string }) => m.direction === 'outbound')).toBe(true);
    expect((await request(host.app).get('/v1/bots/health').set(auth)).body.bots).toHaveProperty('buyer');
    expect((await request(host.app).get('/v1/patterns').set(auth)).body).toEqual({ patterns: [] });
    expect((await request(host.app).get('/v1/contacts/contact-1/effects/failed').set(auth)).body).toEqual({ contactId: 'contact-1', effects: [] });
  });

  it('escalates on takeover so the bots fall silent, and release hands the contact to the named bot', async () => {
    const auth = { Authorization: `Bearer ${TOKEN}` };
    const taken = await request(host.app).post('/v1/contacts/contact-1/takeover').set(auth).send({ by: 'agent-7' });
    expect(taken.status).toBe(200);
    expect(taken.body.state).toBe('escalated');
    expect(taken.body.bot).toBeNull();
    const before = (await host.engine.transcript('contact-1')).length;
    await request(host.app).post('/webhooks/ghl').send(inbound({ body: 'are you there?' })).expect(200);
    const after = await host.engine.transcript('contact-1');
    expect(after.slice(before).map((m) => m.direction)).toEqual(['inbound']);
    const released = await request(host.app).post('/v1/contacts/contact-1/release').set(auth).send({ bot: 'buyer' });
    expect(released.status).toBe(200);
    expect(released.body.bot).toBe('buyer');
    expect(released.body.chainDepth).toBe(0);
  });

  it('refuses a release without a valid bot with 400 and an unknown contact with 404', async () => {
    const auth = { Authorization: `Bearer ${TOKEN}` };
    const bad = await request(host.app).post('/v1/contacts/contact-1/release').set(auth).send({ bot: 'robot' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_body');
    const missing = await request(host.app).post('/v1/contacts/nobody/takeover').set(auth).send({});
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('contact_not_found');
    const badId = await request(host.app).get('/v1/contacts/a%7Bb%7D').set(auth);
    expect(badId.status).toBe(400);
    expect(badId.body.error.code).toBe('invalid_contact_id');
  });

  it('leaves the webhook and the ops routes reachable without the admin token', async () => {
    await request(host.app).get('/healthz').expect(200);
    await request(host.app).get('/readyz').expect(200);
    await request(host.app).post('/webhooks/ghl').send(inbound()).expect(200);
  });
});
