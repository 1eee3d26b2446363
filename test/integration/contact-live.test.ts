// The live API over real HTTP: SSE across two hosts on one Redis (and one memory host), resume after a dropped connection, the contact list, time travel.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { contactChangeSchema, type ContactChange } from '../../services/store/change';
import { createTestHost, inbound, listen } from '../server/host';
import { freshRedisDatabase, startRedisHost } from '../support/redis-host';
import { openSse, type SseEvent } from '../support/sse';

const START = Date.UTC(2026, 10, 23, 9, 0, 0);
const MINUTE = 60_000;
/** The issue's bound for a message on one host to reach a page on another. */
const WITHIN_MS = 2_000;

interface Setup {
  /** Where messages are posted. */
  a: string;
  /** Where the stream is read. */
  b: string;
  redisUrl: string | null;
  /** Host B's shutdown signal, where the setup has one. */
  shutdownB: (() => void) | null;
  close(): Promise<void>;
}

/** Each event's data must be a ContactChange as the schema defines it. */
const change = (e: SseEvent): ContactChange => contactChangeSchema.parse(JSON.parse(e.data));

async function post(url: string, contactId: string, n: number, body: string): Promise<void> {
  const res = await fetch(`${url}/webhooks/ghl`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(inbound({ contactId, messageId: `${contactId}-m${n}`, body, dateAdded: new Date(START + n * MINUTE).toISOString() })),
  });
  expect(res.status).toBe(200);
}

const versionsOf = (events: SseEvent[]) => events.filter((e) => e.event === 'change').map((e) => Number(e.id));

const setups: Array<[string, () => Promise<Setup>]> = [
  [
    'two hosts on one Redis',
    async () => {
      const url = await freshRedisDatabase(inject('redisUrl'), 14);
      const hostA = await startRedisHost({ REDIS_URL: url });
      const hostB = await startRedisHost({ REDIS_URL: url });
      const [a, b] = await Promise.all([listen(hostA.host.app), listen(hostB.host.app)]);
      return {
        a: a.url,
        b: b.url,
        redisUrl: url,
        shutdownB: () => hostB.host.markShuttingDown(),
        async close() {
          await Promise.all([a.close(), b.close()]);
          await Promise.all([hostA.host.close(), hostB.host.close()]);
        },
      };
    },
  ],
  [
    'one host on the memory store',
    async () => {
      const host = await createTestHost();
      const server = await listen(host.app);
      return {
        a: server.url,
        b: server.url,
        redisUrl: null,
        shutdownB: null,
        async close() {
          await server.close();
          await host.close();
        },
      };
    },
  ],
];

describe.each(setups)('the live contact API (%s)', (name, start) => {
  let setup: Setup;
  beforeAll(async () => {
    setup = await start();
  }, 30_000);
  afterAll(async () => {
    await setup?.close();
  });

  it('streams each committed version to a client on the other host, and a reconnect with Last-Event-ID loses no version', async () => {
    const id = 'live-resume-1';
    await post(setup.a, id, 1, 'Hi, I saw your listing');
    const first = await openSse(`${setup.b}/v1/contacts/${id}/events`);
    expect(first.status).toBe(200);
    expect(first.contentType).toContain('text/event-stream');
    expect(JSON.parse((await first.waitFor((e) => e.event === 'ready', WITHIN_MS)).data)).toEqual({ contactId: id, version: 1 });

    await post(setup.a, id, 2, "We're pre-approved and looking to buy");
    const v2 = change(await first.waitFor((e) => e.event === 'change' && e.id === '2', WITHIN_MS));
    expect(v2.state.split('.')[0]).toBe('buyer');
    expect(v2.decision.kind).toBe('handoff');
    expect(v2.messages[0]).toMatchObject({ direction: 'inbound', text: "We're pre-approved and looking to buy" });
    expect(v2.handoffs).toHaveLength(1);

    // The connection drops; three versions are committed meanwhile.
    first.close();
    for (const n of [3, 4, 5]) await post(setup.a, id, n, `message number ${n}`);

    const resumed = await openSse(`${setup.b}/v1/contacts/${id}/events`, { 'last-event-id': '2' });
    await resumed.waitFor((e) => e.event === 'ready', WITHIN_MS);
    await post(setup.a, id, 6, 'one more after the reconnect');
    await resumed.waitFor((e) => e.event === 'change' && e.id === '6', WITHIN_MS);
    expect(versionsOf(resumed.events)).toEqual([3, 4, 5, 6]);
    expect(resumed.events.filter((e) => e.event === 'change').map((e) => change(e).messages[0]?.text)).toEqual([
      'message number 3',
      'message number 4',
      'message number 5',
      'one more after the reconnect',
    ]);
    resumed.close();
  });

  const onRedis = name === 'two hosts on one Redis';
  it('rebuilds a resumed version as the live feed sent it: the same messages and handoff list, from the journal and transcript', async () => {
    const id = 'live-journal-1';
    await post(setup.a, id, 1, 'hello 1');
    const stream = await openSse(`${setup.b}/v1/contacts/${id}/events?after=0`);
    await stream.waitFor((e) => e.event === 'ready', WITHIN_MS);
    for (const n of [2, 3]) await post(setup.a, id, n, n === 2 ? "We're pre-approved and looking to buy" : `hello ${n}`);
    await stream.waitFor((e) => e.event === 'change' && e.id === '3', WITHIN_MS);
    const sent = stream.events.filter((e) => e.event === 'change').map(change);
    stream.close();
    expect(sent.map((c) => c.version)).toEqual([1, 2, 3]);

    const resumed = await openSse(`${setup.b}/v1/contacts/${id}/events`, { 'last-event-id': '0' });
    await resumed.waitFor((e) => e.event === 'ready', WITHIN_MS);
    const rebuilt = resumed.events.filter((e) => e.event === 'change').map(change);
    resumed.close();
    expect(rebuilt[1]?.decision.kind).toBe('handoff');
    expect(rebuilt[2]?.messages[0]?.text).toBe('hello 3');
    expect(rebuilt[2]?.handoffs).toHaveLength(1);
    // Versions 2 and 3 were live-only: their rebuilt changes are the ones the live feed sent, field for field.
    expect(rebuilt.slice(1)).toEqual(sent.slice(1));
  });

  it('answers 400 for a malformed Last-Event-ID or after, and 404 for an unknown contact', async () => {
    await post(setup.a, 'live-bad-1', 1, 'hello');
    for (const [headers, query] of [[{ 'last-event-id': 'abc' }, ''], [{}, '?after=-1'], [{}, '?after=1&x=2']] as const) {
      const res = await fetch(`${setup.b}/v1/contacts/live-bad-1/events${query}`, { headers });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toMatch(/^invalid_/);
    }
    const unknown = await fetch(`${setup.b}/v1/contacts/nobody-live-1/events`);
    expect(unknown.status).toBe(404);
  });

  it('lists contacts newest first, page by page with a cursor, each once, with a count per state and a state filter', async () => {
    const ids = ['list-a', 'list-b', 'list-c', 'list-d', 'list-e'];
    for (const [i, id] of ids.entries()) await post(setup.a, id, 100 + i, i % 2 === 0 ? "We're pre-approved and looking to buy" : 'hello there');
    // The index is written off the message's path: wait (bounded) until host B lists all five.
    const deadline = Date.now() + WITHIN_MS;
    let listed: Array<{ contactId: string; state: string; version: number; bot: string; lastMessageAt: number }> = [];
    while (Date.now() < deadline) {
      const res = await fetch(`${setup.b}/v1/contacts?limit=200`);
      listed = ((await res.json()) as { contacts: typeof listed }).contacts.filter((c) => c.contactId.startsWith('list-'));
      if (listed.length === ids.length) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(listed.map((c) => c.contactId)).toEqual([...ids].reverse());

    const seen: string[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 50; pages += 1) {
      const res = await fetch(`${setup.b}/v1/contacts?limit=2${cursor === null ? '' : `&cursor=${cursor}`}`);
      expect(res.status).toBe(200);
      const body = (await res.json()) as { contacts: Array<{ contactId: string }>; nextCursor: string | null };
      expect(body.contacts.length).toBeLessThanOrEqual(2);
      seen.push(...body.contacts.map((c) => c.contactId));
      cursor = body.nextCursor;
      if (cursor === null) break;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.filter((id) => id.startsWith('list-'))).toEqual([...ids].reverse());

    const all = (await (await fetch(`${setup.b}/v1/contacts?limit=200`)).json()) as { contacts: Array<{ state: string }>; counts: Record<string, number> };
    const buyers = all.contacts.filter((c) => c.state.startsWith('buyer')).length;
    expect(all.counts['buyer']).toBe(buyers);
    expect(all.counts['lead']).toBe(all.contacts.filter((c) => c.state.startsWith('lead')).length);
    const onlyBuyers = (await (await fetch(`${setup.b}/v1/contacts?state=buyer&limit=200`)).json()) as { contacts: Array<{ state: string }> };
    expect(onlyBuyers.contacts.length).toBe(buyers);
    expect(onlyBuyers.contacts.every((c) => c.state.startsWith('buyer'))).toBe(true);

    for (const query of ['limit=0', 'limit=abc', 'cursor=not-a-cursor', 'state=<b>', 'cursor=W10', 'extra=1']) {
      const res = await fetch(`${setup.b}/v1/contacts?${query}`);
      expect(res.status, query).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('invalid_query');
    }
  });

  it("returns a contact as of an earlier version: its state, context and decision, with each guard's input against its limit", async () => {
    const id = 'travel-1';
    await post(setup.a, id, 1, 'Hi, I saw your listing');
    await post(setup.a, id, 2, "We're pre-approved and looking to buy");
    const v1 = (await (await fetch(`${setup.b}/v1/contacts/${id}/versions/1`)).json()) as { state: string; context: { messageCount: number } | null; decision: { kind: string }; guards: unknown; source: string; versions: number[] };
    expect(v1.state.split('.')[0]).toBe('lead');
    expect(v1.source).toBe('replay');
    expect(v1.context?.messageCount).toBe(1);
    expect(v1.versions).toEqual([1, 2]);
    const v2 = (await (await fetch(`${setup.b}/v1/contacts/${id}/versions/2`)).json()) as {
      state: string;
      previousState: string;
      decision: { kind: string; from: string; to: string };
      diverged: boolean;
      guards: Array<{ guard: string; pass: boolean; decided: boolean; input: number | null; limit: number; comparison: string }>;
    };
    expect(v2.state.split('.')[0]).toBe('buyer');
    expect(v2.previousState.split('.')[0]).toBe('lead');
    expect(v2.decision).toMatchObject({ kind: 'handoff', from: 'lead', to: 'buyer' });
    expect(v2.diverged).toBe(false);
    expect(v2.guards.map((g) => g.guard)).toEqual(['confidence', 'depth', 'rate', 'cooldown', 'health']);
    expect(v2.guards.every((g) => g.pass && !g.decided)).toBe(true);
    const confidence = v2.guards[0];
    expect(confidence?.comparison).toBe('>=');
    expect(confidence?.input).toBeGreaterThanOrEqual(confidence?.limit ?? 1);
    expect(v2.guards[2]).toMatchObject({ input: 0, limit: 3, comparison: '<' });

    expect((await fetch(`${setup.b}/v1/contacts/${id}/versions/3`)).status).toBe(404);
    for (const bad of ['0', 'abc', '-1', '1.5']) {
      const res = await fetch(`${setup.b}/v1/contacts/${id}/versions/${bad}`);
      expect(res.status, bad).toBe(400);
    }
  });

  if (onRedis) it('ends its open streams when the host starts shutting down, so the shutdown is not held by them', async () => {
    await post(setup.a, 'live-shutdown-1', 1, 'hello');
    const stream = await openSse(`${setup.b}/v1/contacts/live-shutdown-1/events`);
    await stream.waitFor((e) => e.event === 'ready', WITHIN_MS);
    setup.shutdownB?.();
    expect(await stream.ended(WITHIN_MS)).toBe(true);
  });
});
