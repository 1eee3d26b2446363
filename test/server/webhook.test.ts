// POST /webhooks/ghl end to end through the real engine: processed, duplicate, ignored, erased, out of window.
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestHost, inbound, type TestHost } from './host';

describe('POST /webhooks/ghl', () => {
  let host: TestHost;
  afterEach(async () => host.close());

  it('processes a documented InboundMessage without messageId and answers the decision', async () => {
    host = await createTestHost();
    const res = await request(host.app).post('/webhooks/ghl').send(inbound({ body: 'I want to sell my house' }));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ contactId: 'contact-1', version: 1 });
    expect(typeof res.body.state).toBe('string');
    expect(res.body.decision).toMatchObject({ kind: expect.any(String), reason: expect.any(String) });
    expect(await host.engine.journal('contact-1', 10)).toHaveLength(1);
  });

  it('answers a redelivery of the same message (derived messageId) as a duplicate and repeats no effect', async () => {
    host = await createTestHost();
    const payload = inbound({ body: 'Hello there' });
    await request(host.app).post('/webhooks/ghl').send(payload).expect(200);
    await host.dispatcher.idle();
    const transcriptBefore = await host.engine.transcript('contact-1');
    const res = await request(host.app).post('/webhooks/ghl').send(payload);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ contactId: 'contact-1', duplicate: true });
    expect(await host.engine.journal('contact-1', 10)).toHaveLength(1);
    expect(await host.engine.transcript('contact-1')).toEqual(transcriptBefore);
  });

  it('answers a repeated explicit messageId as a duplicate even when the body differs', async () => {
    host = await createTestHost();
    await request(host.app).post('/webhooks/ghl').send(inbound({ messageId: 'ghl-msg-1', body: 'one' })).expect(200);
    const res = await request(host.app).post('/webhooks/ghl').send(inbound({ messageId: 'ghl-msg-1', body: 'two' }));
    expect(res.body).toEqual({ contactId: 'contact-1', duplicate: true });
  });

  it('ignores webhook types it does not handle, and non-SMS messages, without touching the engine', async () => {
    host = await createTestHost();
    const other = await request(host.app).post('/webhooks/ghl').send({ type: 'OpportunityCreate', id: 'x' });
    expect(other.status).toBe(200);
    expect(other.body).toEqual({ ignored: true, type: 'OpportunityCreate', reason: 'unhandled_type' });
    const email = await request(host.app).post('/webhooks/ghl').send(inbound({ messageType: 'Email' }));
    expect(email.body).toMatchObject({ ignored: true, reason: 'not_sms' });
    expect(host.calls.handleInbound).toBe(0);
  });

  it('erases everything kept about a contact on ContactDelete', async () => {
    host = await createTestHost();
    await request(host.app).post('/webhooks/ghl').send(inbound({ contactId: 'gone-1' })).expect(200);
    const res = await request(host.app).post('/webhooks/ghl').send({ type: 'ContactDelete', locationId: 'loc-1', id: 'gone-1' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ contactId: 'gone-1', erased: true });
    expect(await host.store.load('gone-1')).toBeNull();
    expect(await host.engine.journal('gone-1', 10)).toEqual([]);
    expect(await host.engine.transcript('gone-1')).toEqual([]);
    await request(host.app).get('/v1/contacts/gone-1').expect(404);
  });

  it('refuses a message older than MAX_MESSAGE_AGE_MS with 400 and leaves the contact untouched', async () => {
    host = await createTestHost({ maxClockSkewMs: 300_000, maxMessageAgeMs: 7_200_000 });
    const old = new Date(Date.now() - 3 * 3600_000).toISOString();
    const res = await request(host.app).post('/webhooks/ghl').send(inbound({ contactId: 'late-1', dateAdded: old }));
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('message_out_of_window');
    expect(await host.store.load('late-1')).toBeNull();
  });

  it('refuses a message dated beyond MAX_CLOCK_SKEW_MS in the future', async () => {
    host = await createTestHost({ maxClockSkewMs: 300_000 });
    const future = new Date(Date.now() + 3600_000).toISOString();
    const res = await request(host.app).post('/webhooks/ghl').send(inbound({ contactId: 'early-1', dateAdded: future }));
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('message_out_of_window');
    expect(await host.store.load('early-1')).toBeNull();
  });

  it('counts the decision and the webhook latency in /metrics', async () => {
    host = await createTestHost();
    await request(host.app).post('/webhooks/ghl').send(inbound()).expect(200);
    const res = await request(host.app).get('/metrics');
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/baton_decisions_total\{kind="[a-z_]+",reason="[a-z_]+"\} 1/);
    expect(res.text).toMatch(/baton_webhook_duration_seconds_count\{outcome="processed"\} 1/);
  });

  it('writes one log line per webhook request, carrying the contact, the decision and the status', async () => {
    host = await createTestHost();
    const before = host.logLines.length;
    await request(host.app).post('/webhooks/ghl').send(inbound({ contactId: 'one-line', messageId: 'm-1', body: 'I want to sell my house' })).expect(200);
    await request(host.app).post('/webhooks/ghl').send(inbound({ contactId: 'one-line', messageId: 'm-1', body: 'I want to sell my house' })).expect(200);
    const lines = host.logLines
      .slice(before)
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((line) => line.route === '/webhooks/ghl');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ msg: 'message processed', contactId: 'one-line', messageId: 'm-1', status: 200, method: 'POST', decision: expect.any(String) });
    expect(lines[1]).toMatchObject({ msg: 'duplicate message', contactId: 'one-line', status: 200 });
    // Nothing else is logged under the requests' ids (effects are delivered and logged outside any request).
    const requestLines = host.logLines.slice(before).filter((line) => line.includes('"reqId"'));
    expect(requestLines).toHaveLength(2);
  });

  it('never writes a message body into an info-level log line', async () => {
    host = await createTestHost();
    const secret = 'my bank PIN is 4455 and I want to buy';
    await request(host.app).post('/webhooks/ghl').send(inbound({ body: secret })).expect(200);
    await host.dispatcher.idle();
    expect(host.logLines.length).toBeGreaterThan(0);
    expect(host.logLines.join('\n')).not.toContain('4455');
  });
});

describe('ops routes', () => {
  let host: TestHost;
  afterEach(async () => host.close());

  it('answers /healthz, /readyz with the store kind, and an OpenAPI document naming every route', async () => {
    host = await createTestHost({ adminToken: 'a-very-long-admin-token' });
    expect((await request(host.app).get('/healthz')).body).toEqual({ status: 'ok' });
    expect((await request(host.app).get('/readyz')).body).toEqual({ status: 'ready', store: 'memory' });
    const doc = (await request(host.app).get('/openapi.json')).body as { openapi: string; paths: Record<string, unknown>; components: { schemas: Record<string, unknown> } };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/webhooks/ghl',
        '/v1/contacts/{id}',
        '/v1/contacts/{id}/journal',
        '/v1/contacts/{id}/messages',
        '/v1/contacts/{id}/takeover',
        '/v1/contacts/{id}/release',
        '/v1/contacts/{id}/effects/failed',
        '/v1/bots/health',
        '/v1/patterns',
        '/healthz',
        '/readyz',
        '/metrics',
      ]),
    );
    expect(doc.components.schemas).toHaveProperty('GhlInboundMessage');
  });

  it('answers an unknown route with a JSON 404', async () => {
    host = await createTestHost();
    const res = await request(host.app).get('/nope');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('route_not_found');
  });
});
