// Malformed percent-encoding in a path or query answers 400 JSON on every route, without an error-level log line or a stack.
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHost, listen, type TestHost } from './host';
import { ID_ROUTES, MALFORMED_ENCODINGS, errorLines } from './routes';

/** Sends the path byte for byte (fetch would normalise it). */
function send(url: string, method: string, path: string): Promise<{ status: number; type: string; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${url}${path}`, { method, headers: { 'content-type': 'application/json' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(method === 'POST' ? '{}' : undefined);
  });
}

describe('malformed percent-encoding', () => {
  let host: TestHost;
  let server: Awaited<ReturnType<typeof listen>>;
  beforeAll(async () => {
    host = await createTestHost({ inspect: true });
    server = await listen(host.app);
  });
  afterAll(async () => {
    await server.close();
    await host.close();
  });

  it('answers GET /v1/contacts/% with 400 invalid_encoding and logs nothing at error level', async () => {
    const before = host.logLines.length;
    const res = await send(server.url, 'GET', '/v1/contacts/%');
    expect(res.status).toBe(400);
    expect(res.type).toContain('application/json');
    expect(JSON.parse(res.text)).toEqual({ error: { code: 'invalid_encoding', message: expect.any(String) as string } });
    expect(errorLines(host.logLines.slice(before))).toEqual([]);
  });

  it.each(ID_ROUTES.map((route) => [route.method, route.path] as const))('answers %s %s with 400 JSON for every malformed encoding of the id', async (method, template) => {
    const before = host.logLines.length;
    for (const encoding of MALFORMED_ENCODINGS) {
      const res = await send(server.url, method, template.replace(':id', encoding));
      expect(res.status, `${method} ${encoding}: ${res.text}`).toBe(400);
      expect(res.type).toContain('application/json');
      const body = JSON.parse(res.text) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('invalid_encoding');
      expect(res.text).not.toMatch(/\s+at\s/);
    }
    expect(errorLines(host.logLines.slice(before))).toEqual([]);
    expect(host.calls).toEqual({ handleInbound: 0, erase: 0 });
  });

  it('reads a malformed encoding in a query string as text and refuses the value, never with a 5xx', async () => {
    for (const encoding of MALFORMED_ENCODINGS) {
      const res = await send(server.url, 'GET', `/v1/contacts/contact-1/journal?limit=${encoding}`);
      expect(res.status, res.text).toBe(400);
      expect((JSON.parse(res.text) as { error: { code: string } }).error.code).toBe('invalid_query');
    }
  });
});
