// Ed25519 webhook signatures with a real key pair: valid passes; anything else is refused with state untouched.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestHost, inbound, keyPair, listen, signBody, type TestHost } from './host';

describe('webhook signatures (GHL_WEBHOOK_PUBLIC_KEY set)', () => {
  const keys = keyPair();
  let host: TestHost;
  let server: Awaited<ReturnType<typeof listen>>;
  beforeEach(async () => {
    host = await createTestHost({ publicKeyPem: keys.publicKeyPem, maxClockSkewMs: 300_000 });
    server = await listen(host.app);
  });
  afterEach(async () => {
    await server.close();
    await host.close();
  });

  const body = (contactId: string) => JSON.stringify(inbound({ contactId, dateAdded: new Date().toISOString() }));
  /** Raw bytes over a real socket: exactly the bytes that were signed (or tampered with) arrive. */
  const post = async (raw: string | Buffer, signature?: string) => {
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    if (signature !== undefined) headers['x-ghl-signature'] = signature;
    const res = await fetch(`${server.url}/webhooks/ghl`, { method: 'POST', headers, body: raw });
    return { status: res.status, body: (await res.json()) as { contactId?: string; error?: { code: string } } };
  };

  async function expectUntouched(contactId: string) {
    expect(host.calls.handleInbound).toBe(0);
    expect(await host.store.load(contactId)).toBeNull();
  }

  it('accepts a body signed with the configured key', async () => {
    const raw = body('signed-1');
    const res = await post(raw, signBody(keys.privateKey, raw));
    expect(res.status).toBe(200);
    expect(res.body.contactId).toBe('signed-1');
    expect(await host.store.load('signed-1')).not.toBeNull();
  });

  it('refuses a body with one flipped byte with 401', async () => {
    const raw = Buffer.from(body('flip-1'));
    const signature = signBody(keys.privateKey, raw);
    const index = raw.indexOf('Hi, I saw');
    raw[index] = (raw[index] ?? 0) ^ 0x01;
    const res = await post(raw, signature);
    expect(res.status).toBe(401);
    expect(res.body.error?.code).toBe('invalid_signature');
    await expectUntouched('flip-1');
  });

  it('refuses a signature made with another key with 401', async () => {
    const raw = body('wrong-key-1');
    const res = await post(raw, signBody(keyPair().privateKey, raw));
    expect(res.status).toBe(401);
    expect(res.body.error?.code).toBe('invalid_signature');
    await expectUntouched('wrong-key-1');
  });

  it('refuses a request without the x-ghl-signature header with 401', async () => {
    const res = await post(body('unsigned-1'));
    expect(res.status).toBe(401);
    expect(res.body.error?.code).toBe('missing_signature');
    await expectUntouched('unsigned-1');
  });

  it('refuses a header that is not a 64-byte base64 signature with 401', async () => {
    const res = await post(body('garbage-1'), 'not base64 at all!');
    expect(res.status).toBe(401);
    expect(res.body.error?.code).toBe('invalid_signature');
    await expectUntouched('garbage-1');
  });

  it('refuses a correctly signed message dated outside the window with 400', async () => {
    const raw = JSON.stringify(inbound({ contactId: 'stale-1', dateAdded: new Date(Date.now() - 24 * 3600_000).toISOString() }));
    const res = await post(raw, signBody(keys.privateKey, raw));
    expect(res.status).toBe(400);
    expect(res.body.error?.code).toBe('message_out_of_window');
    expect(await host.store.load('stale-1')).toBeNull();
  });
});
