// A real HTTP server playing the GoHighLevel API: records every request, can answer 429, 500 or hang, and
// answers the reads (conversations search, a conversation's messages, a contact) from what it applied.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { listenOnLoopback } from '../support/loopback-server';

export interface RecordedRequest {
  seq: number;
  method: string;
  path: string;
  /** The query string's parameters (the path has none). */
  query: Record<string, string>;
  headers: Record<string, string | undefined>;
  body: unknown;
  idempotencyKey: string | null;
  /** The status answered; null while the request hangs (or if it was never answered). */
  status: number | null;
  receivedAt: number;
}

/** `pass` answers normally: queue it before other faults to let the first requests through. */
export type Fault =
  | { kind: 'pass' }
  /** 429; Retry-After when `retryAfterSeconds` is given, plus any `headers` (e.g. X-RateLimit-Remaining: 0). */
  | { kind: 'rate_limit'; retryAfterSeconds?: number; headers?: Record<string, string> }
  | { kind: 'server_error' }
  | { kind: 'hang' }
  /** Applies the request (it lands in GoHighLevel) but never answers: the caller times out, as after a lost response. */
  | { kind: 'apply_then_hang' }
  /** Holds the request, neither applied nor answered, until releaseHeld(): then it lands and is answered as usual. */
  | { kind: 'hold' };

/** What a conversation read answers: GoHighLevel's conversations API only accepts this Version. */
export const FAKE_CONVERSATIONS_VERSION = '2021-04-15';

/** The contact a request is about (SMS body, /contacts/:id path or the search's contactId). */
export function contactOf(request: RecordedRequest): string | null {
  const body = request.body as { contactId?: unknown } | null;
  if (typeof body?.contactId === 'string') return body.contactId;
  const match = /^\/contacts\/([^/]+)$/.exec(request.path);
  if (match !== null) return decodeURIComponent(match[1] ?? '');
  return request.query.contactId ?? null;
}

export interface FakeGhl {
  readonly url: string;
  readonly token: string;
  readonly requests: RecordedRequest[];
  /** Writes (POST/PUT) answered 2xx or applied without an answer, i.e. applied by "GoHighLevel"; reads are not in it. */
  applied(): RecordedRequest[];
  /** GET requests (the read-back's), in order. */
  reads(): RecordedRequest[];
  /** The next `count` requests (only those `match` accepts, when given) get this fault instead of a success. */
  failNext(count: number, fault: Fault, match?: (request: RecordedRequest) => boolean): void;
  /** Drops faults not yet used: from now on every request succeeds. */
  clearFaults(): void;
  /** Lets every request held by a `hold` fault land and be answered. */
  releaseHeld(): void;
  /** Resolves once `predicate` holds over the recorded requests (checked on every request event). */
  waitFor(predicate: (requests: readonly RecordedRequest[]) => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

const header = (req: IncomingMessage, name: string): string | undefined => {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

interface StoredMessage {
  id: string;
  body: string;
  dateAdded: string;
}

export async function startFakeGhl(options: { token?: string; version?: string } = {}): Promise<FakeGhl> {
  const token = options.token ?? 'test-ghl-token';
  const version = options.version ?? '2021-07-28';
  const requests: RecordedRequest[] = [];
  /** What "GoHighLevel" holds: each contact's outbound messages (oldest first) and custom fields (by the key written). */
  const messagesOf = new Map<string, StoredMessage[]>();
  const fieldsOf = new Map<string, Map<string, string>>();
  /** When each contact was last written (GoHighLevel's `dateUpdated`). */
  const updatedAtOf = new Map<string, string>();
  const appliedSeqs = new Set<number>();
  /** Requests a `hold` fault keeps, each landing and answering when released. */
  const held: Array<() => void> = [];
  const MESSAGES_MAX_PAGE = 100;
  const faults: Array<{ fault: Fault; match: ((request: RecordedRequest) => boolean) | null }> = [];
  const waiters = new Set<() => void>();
  let seq = 0;

  const notify = (): void => {
    for (const check of [...waiters]) check();
  };

  function answer(res: ServerResponse, record: RecordedRequest, status: number, body: unknown, headers: Record<string, string> = {}): void {
    record.status = status;
    res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
    notify();
  }

  function route(record: RecordedRequest): { status: number; body: unknown } {
    if (record.method === 'POST' && record.path === '/conversations/messages') {
      const body = record.body as { type?: unknown; contactId?: unknown; message?: unknown } | null;
      if (body?.type !== 'SMS' || typeof body.contactId !== 'string' || typeof body.message !== 'string') {
        return { status: 422, body: { message: 'type, contactId and message are required' } };
      }
      const messageId = `msg-${record.seq}`;
      const list = messagesOf.get(body.contactId) ?? [];
      list.push({ id: messageId, body: body.message, dateAdded: new Date(record.receivedAt).toISOString() });
      messagesOf.set(body.contactId, list);
      appliedSeqs.add(record.seq);
      return { status: 200, body: { conversationId: `conv-${body.contactId}`, messageId } };
    }
    const contact = /^\/contacts\/([^/]+)$/.exec(record.path);
    const contactId = decodeURIComponent(contact?.[1] ?? '');
    if (record.method === 'PUT' && contact !== null) {
      const body = record.body as { customFields?: unknown } | null;
      if (!Array.isArray(body?.customFields)) return { status: 422, body: { message: 'customFields must be an array' } };
      const fields = fieldsOf.get(contactId) ?? new Map<string, string>();
      for (const field of body.customFields as unknown[]) {
        const { key, field_value: value } = (field ?? {}) as { key?: unknown; field_value?: unknown };
        if (typeof key === 'string' && typeof value === 'string') fields.set(key, value);
      }
      fieldsOf.set(contactId, fields);
      updatedAtOf.set(contactId, new Date(record.receivedAt).toISOString());
      appliedSeqs.add(record.seq);
      return { status: 200, body: { succeded: true, contact: { id: contactId } } };
    }
    if (record.method === 'GET') return read(record, contact === null ? null : contactId);
    return { status: 404, body: { message: `no route ${record.method} ${record.path}` } };
  }

  /** The reads. Custom fields come back as GoHighLevel shapes them, `{ id, value }`; here a field's id is the key Baton wrote. */
  function read(record: RecordedRequest, contactId: string | null): { status: number; body: unknown } {
    if (contactId !== null) {
      const fields = [...(fieldsOf.get(contactId) ?? new Map<string, string>())].map(([id, value]) => ({ id, value }));
      const dateUpdated = updatedAtOf.get(contactId);
      return { status: 200, body: { contact: { id: contactId, locationId: 'loc-fake', customFields: fields, ...(dateUpdated === undefined ? {} : { dateUpdated }) } } };
    }
    if (record.path === '/conversations/search') {
      const wanted = record.query.contactId;
      if (wanted === undefined) return { status: 422, body: { message: 'locationId or contactId is required' } };
      const has = (messagesOf.get(wanted)?.length ?? 0) > 0;
      const conversations = has ? [{ id: `conv-${wanted}`, contactId: wanted, locationId: 'loc-fake', type: 'TYPE_PHONE' }] : [];
      return { status: 200, body: { conversations, total: conversations.length } };
    }
    const thread = /^\/conversations\/conv-([^/]+)\/messages$/.exec(record.path);
    if (thread !== null) {
      const owner = decodeURIComponent(thread[1] ?? '');
      const newestFirst = [...(messagesOf.get(owner) ?? [])].reverse();
      const limit = Math.min(MESSAGES_MAX_PAGE, Math.max(1, Number(record.query.limit ?? 20) || 20));
      const after = record.query.lastMessageId;
      const start = after === undefined ? 0 : newestFirst.findIndex((message) => message.id === after) + 1;
      const page = newestFirst.slice(start, start + limit);
      const messages = page.map((message) => ({
        id: message.id,
        type: 2,
        messageType: 'TYPE_SMS',
        direction: 'outbound',
        status: 'delivered',
        body: message.body,
        contactId: owner,
        conversationId: `conv-${owner}`,
        locationId: 'loc-fake',
        dateAdded: message.dateAdded,
      }));
      return { status: 200, body: { messages: { lastMessageId: page.at(-1)?.id, nextPage: start + limit < newestFirst.length, messages } } };
    }
    return { status: 404, body: { message: `no route GET ${record.path}` } };
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = null;
      try {
        body = text === '' ? null : (JSON.parse(text) as unknown);
      } catch {
        body = text;
      }
      seq += 1;
      const url = new URL(req.url ?? '/', 'http://fake.invalid');
      const record: RecordedRequest = {
        seq,
        method: req.method ?? 'GET',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers: {
          authorization: header(req, 'authorization'),
          version: header(req, 'version'),
          'content-type': header(req, 'content-type'),
          'idempotency-key': header(req, 'idempotency-key'),
        },
        body,
        idempotencyKey: header(req, 'idempotency-key') ?? null,
        status: null,
        receivedAt: Date.now(),
      };
      requests.push(record);
      if (record.headers.authorization !== `Bearer ${token}`) return answer(res, record, 401, { message: 'invalid token' });
      const expectedVersion = record.method === 'GET' && record.path.startsWith('/conversations/') ? FAKE_CONVERSATIONS_VERSION : version;
      if (record.headers.version !== expectedVersion) return answer(res, record, 400, { message: 'Version header missing or unsupported' });
      const index = faults.findIndex((entry) => entry.match === null || entry.match(record));
      const fault = index < 0 ? undefined : faults.splice(index, 1)[0]?.fault;
      if (fault?.kind === 'hang') {
        notify();
        return; // never answered; the socket is destroyed on close()
      }
      if (fault?.kind === 'rate_limit') {
        const retryAfter = fault.retryAfterSeconds === undefined ? {} : { 'Retry-After': String(fault.retryAfterSeconds) };
        return answer(res, record, 429, { message: 'Too many requests' }, { ...retryAfter, ...fault.headers });
      }
      if (fault?.kind === 'server_error') return answer(res, record, 500, { message: 'Internal server error' });
      if (fault?.kind === 'hold') {
        held.push(() => {
          const { status, body: reply } = route(record);
          answer(res, record, status, reply);
        });
        notify();
        return;
      }
      if (fault?.kind === 'apply_then_hang') {
        route(record);
        notify();
        return; // applied, never answered
      }
      const { status, body: reply } = route(record);
      answer(res, record, status, reply);
    });
  });
  const loopback = await listenOnLoopback(server);
  const { port } = loopback;

  return {
    url: `http://127.0.0.1:${port}`,
    token,
    requests,
    applied: () => requests.filter((r) => appliedSeqs.has(r.seq) && (r.status === null || (r.status >= 200 && r.status < 300))),
    reads: () => requests.filter((r) => r.method === 'GET'),
    failNext(count, fault, match) {
      for (let i = 0; i < count; i += 1) faults.push({ fault, match: match ?? null });
    },
    clearFaults() {
      faults.length = 0;
    },
    releaseHeld() {
      for (const land of held.splice(0)) land();
    },
    waitFor(predicate, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          if (!predicate(requests)) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`fake GHL: condition not met within ${timeoutMs} ms (${requests.length} requests recorded)`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    async close() {
      await loopback.close();
    },
  };
}
