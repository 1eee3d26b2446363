// A real HTTP server playing a remote (LLM-backed) bot: configurable delay, failures and re-asking, every request recorded.
import { createServer } from 'node:http';
import { listenOnLoopback } from '../support/loopback-server';
import { remoteBotRequestSchema, type RemoteBotRequest } from '../../services/bots/contract';
import type { FactKey } from '../../domain/types';

export interface RemoteBotBehaviour {
  /** Answer after this long (ms). */
  delayMs: number;
  /** 'ask' asks the first allowed fact; 'reask' asks `reask` even when it is known; 'fail' answers 500; 'hang' never answers. */
  mode: 'ask' | 'reask' | 'fail' | 'hang';
  reask: FactKey;
}

export interface FakeRemoteBot {
  readonly url: string;
  readonly requests: RemoteBotRequest[];
  /** Requests that did not match the contract (should stay empty). */
  readonly invalid: unknown[];
  behave(change: Partial<RemoteBotBehaviour>): void;
  close(): Promise<void>;
}

export const REMOTE_TEXT = 'Remote bot here.';

export async function startFakeRemoteBot(initial: Partial<RemoteBotBehaviour> = {}): Promise<FakeRemoteBot> {
  let behaviour: RemoteBotBehaviour = { delayMs: 0, mode: 'ask', reask: 'budget', ...initial };
  const requests: RemoteBotRequest[] = [];
  const invalid: unknown[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      let body: unknown = null;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
      } catch {
        body = null;
      }
      const parsed = remoteBotRequestSchema.safeParse(body);
      if (!parsed.success) {
        invalid.push(body);
        res.writeHead(400).end();
        return;
      }
      requests.push(parsed.data);
      const { mode, delayMs, reask } = behaviour;
      if (mode === 'hang') return;
      const timer = setTimeout(() => {
        if (mode === 'fail') {
          res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":"model overloaded"}');
          return;
        }
        const asks = mode === 'reask' ? [reask] : parsed.data.asksAllowed.slice(0, 1);
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ text: `${REMOTE_TEXT} What about ${asks.join(', ') || 'next steps'}?`, asks }));
      }, delayMs);
      res.on('close', () => clearTimeout(timer));
    });
  });
  const loopback = await listenOnLoopback(server);
  const { port } = loopback;
  return {
    url: `http://127.0.0.1:${port}/reply`,
    requests,
    invalid,
    behave(change) {
      behaviour = { ...behaviour, ...change };
    },
    async close() {
      await loopback.close();
    },
  };
}
