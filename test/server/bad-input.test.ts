// Bad webhook input always answers a 4xx JSON error and never reaches the engine.
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestHost, inbound, listen, type TestHost } from './host';

describe('bad webhook input', () => {
  let host: TestHost;
  let server: Awaited<ReturnType<typeof listen>>;
  beforeEach(async () => {
    host = await createTestHost();
    server = await listen(host.app);
  });
  afterEach(async () => {
    expect(host.calls.handleInbound).toBe(0);
    expect(await host.store.load('contact-1')).toBeNull();
    await server.close();
    await host.close();
  });

  /** Raw bytes over a real socket (supertest would re-serialise a Buffer as JSON). */
  const raw = async (body: string | Buffer) => {
    const res = await fetch(`${server.url}/webhooks/ghl`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
    const text = await res.text();
    return { status: res.status, text, contentType: res.headers.get('content-type') ?? '', body: JSON.parse(text) as { error: { code: string } } };
  };

  it.each([
    ['malformed JSON', '{"type": "InboundMessage", ', 400, 'invalid_json'],
    ['an empty body', '', 400, 'invalid_json'],
    ['a JSON array', '[]', 400, 'invalid_payload'],
    ['a JSON string', '"InboundMessage"', 400, 'invalid_payload'],
    ['null', 'null', 400, 'invalid_payload'],
    ['a numeric contactId', JSON.stringify(inbound({ contactId: 42 })), 400, 'invalid_payload'],
    ['a missing contactId', JSON.stringify({ ...inbound(), contactId: undefined }), 400, 'invalid_payload'],
    ['a contactId with braces', JSON.stringify(inbound({ contactId: 'a{b}' })), 400, 'invalid_payload'],
    ['a date that is not ISO 8601', JSON.stringify(inbound({ dateAdded: 'yesterday' })), 400, 'invalid_payload'],
    ['a body that is an object', JSON.stringify(inbound({ body: { text: 'hi' } })), 400, 'invalid_payload'],
    ['a ContactDelete without id', JSON.stringify({ type: 'ContactDelete' }), 400, 'invalid_payload'],
  ])('refuses %s', async (_name, body, status, code) => {
    const res = await raw(body);
    expect(res.status).toBe(status);
    expect(res.contentType).toContain('application/json');
    expect(res.body.error.code).toBe(code);
    expect(res.text).not.toContain('    at ');
  });

  it('refuses a body over 64 KB with 413', async () => {
    const res = await raw(JSON.stringify(inbound({ body: 'x'.repeat(70 * 1024) })));
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('payload_too_large');
  });

  it('refuses bytes that are not UTF-8 with 400', async () => {
    const res = await raw(Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]));
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_json');
  });

  it('refuses a compressed body with 415', async () => {
    const res = await request(host.app).post('/webhooks/ghl').set('Content-Type', 'application/json').set('Content-Encoding', 'gzip').send('{}');
    expect(res.status).toBe(415);
    expect(res.body.error.code).toBe('unsupported_encoding');
  });
});
