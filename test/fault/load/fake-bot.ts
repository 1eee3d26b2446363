// A remote lead bot (BOT_URL_LEAD) that answers at once, except that it can hold one contact's turn until released.
import { createServer, type ServerResponse } from 'node:http';
import { listenOnLoopback } from '../../support/loopback-server';

export interface FakeBot {
  readonly url: string;
  /** The next turn for `contactId` is held: resolves when that request arrives; `release()` answers it. */
  holdNext(contactId: string): { arrived: Promise<void>; release: () => void };
  close(): Promise<void>;
}

const REPLY = JSON.stringify({ text: 'Thanks! Tell me a bit more about what you are looking for.', asks: [] });

export async function startFakeBot(): Promise<FakeBot> {
  const holds = new Map<string, { arrive: () => void; answer: (send: () => void) => void }>();
  const send = (res: ServerResponse) => () => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(REPLY);
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      let contactId = '';
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { contactId?: unknown };
        contactId = typeof body.contactId === 'string' ? body.contactId : '';
      } catch {
        contactId = '';
      }
      const hold = holds.get(contactId);
      if (hold === undefined) return send(res)();
      holds.delete(contactId);
      hold.answer(send(res));
      hold.arrive();
    });
  });
  const loopback = await listenOnLoopback(server);
  const { port } = loopback;
  return {
    url: `http://127.0.0.1:${port}/turn`,
    holdNext(contactId) {
      let arrive: () => void = () => undefined;
      const arrived = new Promise<void>((resolve) => {
        arrive = resolve;
      });
      let reply: (() => void) | null = null;
      let released = false;
      holds.set(contactId, {
        arrive,
        answer: (fn) => {
          reply = fn;
          if (released) fn();
        },
      });
      return {
        arrived,
        release: () => {
          released = true;
          const fn: (() => void) | null = reply;
          if (fn !== null) (fn as () => void)();
        },
      };
    },
    async close() {
      await loopback.close();
    },
  };
}
