// A lean local GoHighLevel for the bench: answers the two routes Baton calls and only counts (the test fake keeps every request).
import { createServer } from 'node:http';
import { listenOnLoopback } from '../../support/loopback-server';

export interface GhlSink {
  readonly url: string;
  readonly token: string;
  /** Requests answered 2xx so far (SMS sent + contact updates). */
  applied(): number;
  /** Requests refused (bad token, version or route): should stay 0. */
  refused(): number;
  close(): Promise<void>;
}

export async function startGhlSink(token = 'bench-ghl-token', version = '2021-07-28'): Promise<GhlSink> {
  let applied = 0;
  let refused = 0;
  let seq = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      const known = (req.method === 'POST' && path === '/conversations/messages') || (req.method === 'PUT' && path.startsWith('/contacts/'));
      if (req.headers.authorization !== `Bearer ${token}` || req.headers['version'] !== version || !known) {
        refused += 1;
        res.writeHead(400, { 'Content-Type': 'application/json' }).end('{"message":"refused"}');
        return;
      }
      applied += 1;
      seq += 1;
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ conversationId: 'conv', messageId: `msg-${seq}`, succeded: true }));
    });
  });
  const loopback = await listenOnLoopback(server);
  const { port } = loopback;
  return {
    url: `http://127.0.0.1:${port}`,
    token,
    applied: () => applied,
    refused: () => refused,
    async close() {
      await loopback.close();
    },
  };
}
