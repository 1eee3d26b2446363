// Fuzz: at least 10,000 malformed webhook bodies and headers against a listening host: never a 5xx, always a JSON error, no state change.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHost, inbound, keyPair, listen, signBody, type TestHost } from '../server/host';

const RUNS_UNSIGNED = 8_000;
const RUNS_SIGNED = 2_000;
/** Requests sent concurrently per property run: 2 cores, so the socket round trips overlap. */
const BATCH = 25;

/** True when the value could be a well-formed envelope; such values are not "malformed" and are skipped. */
const looksLikeEnvelope = (text: string): boolean => {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) && 'type' in value && typeof value.type === 'string' && value.type.length > 0;
  } catch {
    return false;
  }
};

const wrongTyped = fc.oneof(fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(fc.string(), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }));
const REQUIRED = ['contactId', 'locationId', 'messageType', 'dateAdded'] as const;
const STRING_FIELDS = ['contactId', 'locationId', 'messageType', 'dateAdded', 'conversationId', 'messageId', 'body', 'contentType', 'status'] as const;

/** A documented InboundMessage with exactly one thing wrong. */
const brokenInbound = fc.oneof(
  fc.constantFrom(...REQUIRED).map((key) => {
    const payload = inbound();
    delete payload[key];
    return payload;
  }),
  fc.tuple(fc.constantFrom(...STRING_FIELDS), wrongTyped).map(([key, value]) => inbound({ [key]: value })),
  fc.string({ minLength: 1, maxLength: 80 }).filter((s) => !/^[A-Za-z0-9_-]{1,64}$/.test(s)).map((contactId) => inbound({ contactId })),
  fc.string({ maxLength: 40 }).filter((s) => Number.isNaN(Date.parse(s)) || !/^\d{4}-\d\d-\d\dT/.test(s)).map((dateAdded) => inbound({ dateAdded })),
  fc.constantFrom('outbound', 'sideways', '').map((direction) => (direction === 'outbound' ? inbound({ direction: 42 }) : inbound({ direction }))),
  fc.constant(inbound({ body: 'x'.repeat(66 * 1024) })),
  fc.constant(inbound({ attachments: 'not-an-array' })),
);

const brokenDelete = fc.oneof(
  fc.constant({ type: 'ContactDelete' }),
  wrongTyped.map((id) => ({ type: 'ContactDelete', id })),
  fc.string({ minLength: 1, maxLength: 80 }).filter((s) => !/^[A-Za-z0-9_-]{1,64}$/.test(s)).map((id) => ({ type: 'ContactDelete', id })),
);

const badType = fc.oneof(wrongTyped, fc.constant('')).map((type) => ({ ...inbound(), type }));

/** Bodies as raw bytes: broken JSON, non-objects, random text and bytes, and schema-breaking objects. */
const body: fc.Arbitrary<Buffer> = fc.oneof(
  fc.string({ maxLength: 200 }).filter((s) => !looksLikeEnvelope(s)).map((s) => Buffer.from(s)),
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v) ?? 'null').filter((s) => !looksLikeEnvelope(s)).map((s) => Buffer.from(s)),
  fc.uint8Array({ maxLength: 200 }).map((a) => Buffer.from(a)).filter((b) => !looksLikeEnvelope(b.toString('utf8'))),
  fc.oneof(brokenInbound, brokenDelete, badType).map((v) => Buffer.from(JSON.stringify(v))),
  fc.oneof(brokenInbound, brokenDelete).chain((v) => {
    const text = JSON.stringify(v);
    return fc.nat({ max: Math.max(0, text.length - 1) }).map((cut) => Buffer.from(text.slice(0, cut)));
  }),
);

const printable = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 100 });
const headers = fc.record(
  {
    'content-type': fc.oneof(fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=latin1', 'multipart/form-data; boundary=x'), printable),
    'x-ghl-signature': fc.oneof(printable, fc.base64String({ maxLength: 100 })),
    'x-request-id': printable,
    accept: fc.constantFrom('application/json', '*/*', 'text/html'),
  },
  { requiredKeys: [] },
);

async function expectJsonError(res: Response): Promise<void> {
  const text = await res.text();
  expect(res.status, text).toBeGreaterThanOrEqual(400);
  expect(res.status, text).toBeLessThan(500);
  expect(res.headers.get('content-type') ?? '').toContain('application/json');
  const parsed = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
  expect(typeof parsed.error?.code).toBe('string');
  expect(typeof parsed.error?.message).toBe('string');
  expect(text).not.toMatch(/\n\s+at /);
}

describe('webhook fuzz', () => {
  const keys = keyPair();
  let open: TestHost;
  let signed: TestHost;
  let openUrl: string;
  let signedUrl: string;
  const closers: Array<() => Promise<void>> = [];

  beforeAll(async () => {
    open = await createTestHost();
    signed = await createTestHost({ publicKeyPem: keys.publicKeyPem });
    const a = await listen(open.app);
    const b = await listen(signed.app);
    openUrl = a.url;
    signedUrl = b.url;
    closers.push(a.close, b.close, open.close, signed.close);
  });
  afterAll(async () => {
    for (const close of closers) await close();
  });

  it(`answers ${RUNS_UNSIGNED} malformed bodies with random headers (no key configured) with a 4xx JSON error and never calls the engine`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(body, headers), { minLength: BATCH, maxLength: BATCH }), async (cases) => {
        await Promise.all(
          cases.map(async ([payload, extra]) => expectJsonError(await fetch(`${openUrl}/webhooks/ghl`, { method: 'POST', body: payload, headers: extra }))),
        );
      }),
      { numRuns: RUNS_UNSIGNED / BATCH },
    );
    expect(open.calls).toEqual({ handleInbound: 0, erase: 0 });
    expect(await open.store.load('contact-1')).toBeNull();
  }, 90_000);

  it(`answers ${RUNS_SIGNED} malformed bodies, half correctly signed, with a 4xx JSON error when a key is configured`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(body, headers, fc.boolean()), { minLength: BATCH, maxLength: BATCH }), async (cases) => {
        await Promise.all(
          cases.map(async ([payload, extra, signIt]) => {
            const withSignature = signIt ? { ...extra, 'x-ghl-signature': signBody(keys.privateKey, payload) } : extra;
            await expectJsonError(await fetch(`${signedUrl}/webhooks/ghl`, { method: 'POST', body: payload, headers: withSignature }));
          }),
        );
      }),
      { numRuns: RUNS_SIGNED / BATCH },
    );
    expect(signed.calls).toEqual({ handleInbound: 0, erase: 0 });
  }, 90_000);
});
