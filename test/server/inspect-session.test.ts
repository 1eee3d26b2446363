// The inspector's token form, session cookie and playground over HTTP: what a browser relies on, and the playground's absence in production.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { playgroundEnabled } from '../../server/config';
import { createTestHost, keyPair, type TestHost } from './host';

const TOKEN = 'inspector-session-token';

describe('the inspector session', () => {
  let host: TestHost;
  beforeAll(async () => {
    host = await createTestHost({ adminToken: TOKEN });
  });
  afterAll(async () => {
    await host.close();
  });

  it('shows a browser the token form (no chart) and an API client a JSON 401', async () => {
    const page = await request(host.app).get('/inspect').set('accept', 'text/html');
    expect(page.status).toBe(200);
    expect(page.text).toContain('id="login-form"');
    expect(page.text).not.toContain('id="chart"');
    expect(page.headers['content-security-policy']).not.toContain('unsafe-inline');
    const api = await request(host.app).get('/inspect').set('accept', 'application/json');
    expect(api.status).toBe(401);
    expect(api.body.error.code).toBe('unauthorized');
  });

  it('turns the token, posted once, into an HttpOnly SameSite=Strict cookie that opens the page and the live API, and ends it on DELETE', async () => {
    const wrong = await request(host.app).post('/inspect/session').send({ token: 'nope-nope-nope-nope' });
    expect(wrong.status).toBe(401);
    expect(wrong.headers['set-cookie']).toBeUndefined();
    for (const body of [{}, { token: '' }, { token: 5 }]) {
      const bad = await request(host.app).post('/inspect/session').send(body);
      expect(bad.status).toBe(400);
      expect(bad.body.error.code).toBe('invalid_body');
    }
    const ok = await request(host.app).post('/inspect/session').send({ token: TOKEN });
    expect(ok.status).toBe(204);
    const setCookie = String(ok.headers['set-cookie']);
    expect(setCookie).toMatch(/^baton_inspect=[A-Za-z0-9_-]+; Path=\/inspect; Max-Age=\d+; HttpOnly; SameSite=Strict/);
    expect(setCookie).not.toContain(TOKEN);
    const cookie = setCookie.split(';')[0] ?? '';
    const page = await request(host.app).get('/inspect').set('cookie', cookie);
    expect(page.status).toBe(200);
    expect(page.text).toContain('id="chart"');
    expect((await request(host.app).get('/inspect/api/contacts').set('cookie', cookie)).status).toBe(200);
    // The cookie opens the inspector only, not the bearer-token admin API.
    expect((await request(host.app).get('/v1/contacts').set('cookie', cookie)).status).toBe(401);
    const out = await request(host.app).delete('/inspect/session').set('cookie', cookie);
    expect(String(out.headers['set-cookie'])).toContain('Max-Age=0');
  });

  it('accepts the plain HTML form too, redirecting to the page', async () => {
    const res = await request(host.app).post('/inspect/session').type('form').send({ token: TOKEN });
    expect(res.status).toBe(303);
    expect(res.headers['location']).toBe('/inspect/');
    const wrong = await request(host.app).post('/inspect/session').type('form').send({ token: 'not-it-not-it-not-it' });
    expect(wrong.status).toBe(401);
    expect(wrong.text).toContain('That token is not the admin token.');
  });

  it('sends a playground message straight into the engine, and refuses a malformed one with a JSON 400', async () => {
    const auth = { authorization: `Bearer ${TOKEN}` };
    const sent = await request(host.app).post('/inspect/api/playground').set(auth).send({ contactId: 'pg-server-1', text: 'Hi there' });
    expect(sent.status).toBe(200);
    expect(sent.body).toMatchObject({ status: 'processed', contactId: 'pg-server-1', version: 1 });
    for (const body of [{ contactId: 'pg-server-1', text: '   ' }, { contactId: '<b>', text: 'hi' }, { contactId: 'pg-server-1', text: 'hi', extra: 1 }, { text: 'hi' }]) {
      const res = await request(host.app).post('/inspect/api/playground').set(auth).send(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe('invalid_body');
    }
    const form = await request(host.app).post('/inspect/api/playground').set(auth).type('form').send({ contactId: 'pg-server-1', text: 'hi' });
    expect(form.status).toBe(400);
  });
});

describe('the playground switch', () => {
  it('is on outside production, off in production unless INSPECT_PLAYGROUND=1, and off anywhere with INSPECT_PLAYGROUND=0', () => {
    expect(playgroundEnabled({ NODE_ENV: 'development', INSPECT_PLAYGROUND: undefined })).toBe(true);
    expect(playgroundEnabled({ NODE_ENV: 'production', INSPECT_PLAYGROUND: undefined })).toBe(false);
    expect(playgroundEnabled({ NODE_ENV: 'production', INSPECT_PLAYGROUND: '1' })).toBe(true);
    expect(playgroundEnabled({ NODE_ENV: 'test', INSPECT_PLAYGROUND: '0' })).toBe(false);
  });

  it('mounts no playground route and draws no playground form on a production host', async () => {
    const host = await createTestHost({ adminToken: TOKEN, publicKeyPem: keyPair().publicKeyPem, env: { NODE_ENV: 'production', STORE: 'memory' } });
    try {
      const auth = { authorization: `Bearer ${TOKEN}` };
      const res = await request(host.app).post('/inspect/api/playground').set(auth).send({ contactId: 'pg-prod-1', text: 'Hi there' });
      expect(res.status).toBe(404);
      expect(await host.engine.view('pg-prod-1')).toBeNull();
      const page = await request(host.app).get('/inspect').set(auth);
      expect(page.text).not.toContain('id="playground-form"');
      expect(page.text).toContain('data-playground="off"');
    } finally {
      await host.close();
    }
  });
});
