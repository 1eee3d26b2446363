// A real HTTP server playing the GoHighLevel API: records every request and can answer 429, 500 or hang.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface RecordedRequest {
  seq: number;
  method: string;
  path: string;
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
  | { kind: 'hang' };

/** The contact a request is about (SMS body or /contacts/:id path). */
export function contactOf(request: RecordedRequest): string | null {
  const body = request.body as { contactId?: unknown } | null;
  if (typeof body?.contactId === 'string') return body.contactId;
  const match = /^\/contacts\/([^/]+)$/.exec(request.path);
  return match === null ? null : decodeURIComponent(match[1] ?? '');
}

export interface FakeGhl {
  readonly url: string;
  readonly token: string;
  readonly requests: RecordedRequest[];
  /** Requests answered 2xx, i.e. applied by "GoHighLevel". */
  applied(): RecordedRequest[];
  /** The next `count` requests (only those `match` accepts, when given) get this fault instead of a success. */
  failNext(count: number, fault: Fault, match?: (request: RecordedRequest) => boolean): void;
  /** Drops faults not yet used: from now on every request succeeds. */
  clearFaults(): void;
  /** Resolves once `predicate` holds over the recorded requests (checked on every request event). */
  waitFor(predicate: (requests: readonly RecordedRequest[]) => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

const header = (req: IncomingMessage, name: string): string | undefined => {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

export async function startFakeGhl(options: { token?: string; version?: string } = {}): Promise<FakeGhl> {
  const token = options.token ?? 'test-ghl-token';
  const version = options.version ?? '2021-07-28';
  const requests: RecordedRequest[] = [];
  const faults: Array<{ fault: Fault; match: ((request: RecordedRequest) => boolean) | null }> = [];
  const sockets = new Set<Socket>();
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
      return { status: 200, body: { conversationId: `conv-${body.contactId}`, messageId: `msg-${record.seq}` } };
    }
    const contact = /^\/contacts\/([^/]+)$/.exec(record.path);
    if (record.method === 'PUT' && contact !== null) {
      const body = record.body as { customFields?: unknown } | null;
      if (!Array.isArray(body?.customFields)) return { status: 422, body: { message: 'customFields must be an array' } };
      return { status: 200, body: { succeded: true, contact: { id: decodeURIComponent(contact[1] ?? '') } } };
    }
    return { status: 404, body: { message: `no route ${record.method} ${record.path}` } };
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
      const record: RecordedRequest = {
        seq,
        method: req.method ?? 'GET',
        path: (req.url ?? '/').split('?')[0] ?? '/',
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
      if (record.headers.version !== version) return answer(res, record, 400, { message: 'Version header missing or unsupported' });
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
      const { status, body: reply } = route(record);
      answer(res, record, status, reply);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    token,
    requests,
    applied: () => requests.filter((r) => r.status !== null && r.status >= 200 && r.status < 300),
    failNext(count, fault, match) {
      for (let i = 0; i < count; i += 1) faults.push({ fault, match: match ?? null });
    },
    clearFaults() {
      faults.length = 0;
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
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
