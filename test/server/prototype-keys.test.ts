// Prototype-polluting keys (`__proto__`, `constructor`) in JSON bodies and query strings change nothing.
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestHost, inbound, type TestHost } from './host';

interface ContactViewBody {
  version: number;
  state: string;
  context: { escalation: { by: string | null } | null };
}

describe('prototype-polluting keys', () => {
  let host: TestHost;
  beforeEach(async () => {
    host = await createTestHost();
    await request(host.app).post('/webhooks/ghl').send(inbound({ body: 'hello' })).expect(200);
  });
  afterEach(async () => {
    expect(Reflect.get(Object.prototype, 'polluted')).toBeUndefined();
    expect(Reflect.get(Object.prototype, 'by')).toBeUndefined();
    await host.close();
  });

  /** Raw text, so `__proto__` reaches the server as an own key (an object literal would set the prototype instead). */
  const postRaw = (path: string, text: string) => request(host.app).post(path).set('Content-Type', 'application/json').send(text);

  it('processes a webhook carrying __proto__ and constructor keys exactly as one without them', async () => {
    const payload = JSON.stringify(inbound({ contactId: 'proto-1', body: 'I want to sell my house' }));
    const polluted = `${payload.slice(0, -1)},"__proto__":{"polluted":1,"contactId":"someone-else","type":"ContactDelete"},"constructor":{"prototype":{"polluted":1}}}`;
    const res = await postRaw('/webhooks/ghl', polluted).expect(200);
    expect(res.body.contactId).toBe('proto-1');
    expect(host.calls).toEqual({ handleInbound: 2, erase: 0 });
    expect(await host.store.load('someone-else')).toBeNull();
  });

  it('ignores a takeover author hidden under __proto__ and records the default author', async () => {
    await postRaw('/v1/contacts/contact-1/takeover', '{"__proto__":{"by":"mallory","polluted":1}}').expect(200);
    const view = (await request(host.app).get('/v1/contacts/contact-1').expect(200)).body as ContactViewBody;
    expect(view.state).toBe('escalated');
    expect(view.context.escalation?.by).toBe('admin');
  });

  it('refuses a release whose bot is only present under __proto__ or constructor, leaving the contact as it was', async () => {
    await postRaw('/v1/contacts/contact-1/takeover', '{"by":"alice"}').expect(200);
    for (const text of ['{"__proto__":{"bot":"seller"}}', '{"constructor":{"prototype":{"bot":"seller"}}}']) {
      const res = await postRaw('/v1/contacts/contact-1/release', text);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('invalid_body');
    }
    expect(((await request(host.app).get('/v1/contacts/contact-1').expect(200)).body as ContactViewBody).state).toBe('escalated');
  });

  it('reads __proto__ and constructor query keys as plain unknown keys: the journal limit still applies', async () => {
    await request(host.app).post('/webhooks/ghl').send(inbound({ body: 'second' })).expect(200);
    for (const query of ['__proto__=5&limit=1', '__proto__[limit]=500&limit=1', 'constructor[prototype][limit]=9&limit=1', 'limit=1&__proto__[polluted]=1']) {
      const res = await request(host.app).get(`/v1/contacts/contact-1/journal?${query}`).expect(200);
      expect(res.body.entries).toHaveLength(1);
    }
  });
});
