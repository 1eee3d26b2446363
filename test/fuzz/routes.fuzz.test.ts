// Fuzz: paths, query strings, methods and headers on every route: never a 5xx, a JSON error for each 4xx, no stack, no error log.
import { request as httpRequest } from 'node:http';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerClientErrorsWithJson } from '../../server/client-error';
import { createTestHost, listen, type TestHost } from '../server/host';
import { HOST_ROUTES, MALFORMED_ENCODINGS, errorLines } from '../server/routes';

const RUNS = 3_000;
const BATCH = 25;
const TOKEN = 'admin-token-for-fuzz-0123456789';

/** Characters node's HTTP client lets through unescaped in a path (0x21-0xff), plus our own nasties. */
const pathChar = fc.integer({ min: 0x21, max: 0xff }).map((code) => String.fromCharCode(code));
const idSegment = fc.oneof(
  fc.constantFrom(...MALFORMED_ENCODINGS, '__proto__', 'constructor', 'prototype', '%7Bx%7D', '%00', '%0A%0D', '%2F..%2F', '..', '.', '%7B%7D', 'a%20b'),
  fc.string({ unit: pathChar, minLength: 1, maxLength: 40 }).map((s) => s.replace(/[/?#]/g, '')).filter((s) => s !== ''),
  fc.integer({ min: 65, max: 20_000 }).map((n) => 'x'.repeat(n)),
  fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/),
);
const queryPart = fc.oneof(
  fc.constantFrom('limit=%', 'limit=%ZZ', 'limit=-1', 'limit=1e9', 'limit=abc', 'limit[]=1', '__proto__[polluted]=1', 'constructor[prototype][polluted]=1', '__proto__=x', 'a=%00', '=', '&&', 'limit=1&limit=2'),
  fc.tuple(fc.string({ unit: pathChar, maxLength: 12 }), fc.string({ unit: pathChar, maxLength: 12 })).map(([k, v]) => `${k.replace(/[#&=]/g, '')}=${v.replace(/[#&]/g, '')}`),
);
const query = fc.array(queryPart, { maxLength: 4 }).map((parts) => (parts.length === 0 ? '' : `?${parts.join('&')}`));
const method = fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD');
const headerValue = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 80 });
const headers = fc.record(
  {
    'content-type': fc.oneof(fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=utf-16'), headerValue),
    authorization: fc.oneof(fc.constant(`Bearer ${TOKEN}`), headerValue),
    'x-request-id': headerValue,
    'x-ghl-signature': headerValue,
    accept: fc.constantFrom('application/json', '*/*', 'text/html', 'text/event-stream'),
    'content-encoding': fc.constantFrom('identity', 'gzip', 'br', 'x-unknown'),
  },
  { requiredKeys: ['authorization'] },
);
const body = fc.oneof(
  fc.constant(''),
  fc.constantFrom('{"__proto__":{"polluted":1}}', '{"constructor":{"prototype":{"polluted":1}}}', '{"by":"x","__proto__":{"bot":"seller"}}', '{', 'null', '[]'),
  fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v) ?? ''),
);

interface Answer {
  status: number;
  type: string;
  text: string;
}

function send(url: string, m: string, path: string, extra: Record<string, string>, payload: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${url}${path}`, { method: m, headers: extra }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', (error) => reject(new Error(`${m} ${path.slice(0, 80)} ${JSON.stringify(extra)} ${payload.slice(0, 60)}: ${error.message}`)));
    req.end(m === 'GET' || m === 'HEAD' ? undefined : payload);
  });
}

describe('route fuzz', () => {
  let host: TestHost;
  let server: Awaited<ReturnType<typeof listen>>;
  beforeAll(async () => {
    host = await createTestHost({ inspect: true, adminToken: TOKEN });
    server = await listen(host.app);
    answerClientErrorsWithJson(server.server);
  });
  afterAll(async () => {
    await server.close();
    await host.close();
  });

  it(`answers ${RUNS} fuzzed requests over every route with no 5xx, a JSON error for every 4xx, no stack and no error log`, async () => {
    const route = fc.constantFrom(...HOST_ROUTES);
    const request = fc.record({ route, id: idSegment, query, method, headers, body });
    await fc.assert(
      fc.asyncProperty(fc.array(request, { minLength: BATCH, maxLength: BATCH }), async (cases) => {
        await Promise.all(
          cases.map(async (c) => {
            const path = `${c.route.path.replace(':id', c.id)}${c.query}`;
            const res = await send(server.url, c.method, path, c.headers, c.body);
            const what = `${c.method} ${path.slice(0, 80)} (${path.length} chars) → ${res.status} ${res.text.slice(0, 200)}`;
            expect(res.status, what).toBeLessThan(500);
            expect(res.text, what).not.toMatch(/\n\s+at /);
            if (res.status >= 400 && c.method !== 'HEAD') {
              expect(res.type, what).toContain('application/json');
              const parsed = JSON.parse(res.text) as { error?: { code?: unknown; message?: unknown } };
              expect(typeof parsed.error?.code, what).toBe('string');
              expect(typeof parsed.error?.message, what).toBe('string');
            }
          }),
        );
      }),
      { numRuns: RUNS / BATCH },
    );
    expect(errorLines(host.logLines)).toEqual([]);
    expect(Reflect.get(Object.prototype, 'polluted')).toBeUndefined();
  }, 120_000);
});
