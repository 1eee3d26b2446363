// A GoHighLevel-like sender: posts unique InboundMessages to the hosts, retries only 429s, logs every final answer.
import { request } from 'node:http';

export interface LoadMessage {
  contactId: string;
  messageId: string;
  text: string;
  at: number;
}

export type FinalAnswer = { kind: 'status'; status: number; body: string } | { kind: 'no_answer'; error: string };

export interface SentRecord {
  message: LoadMessage;
  answer: FinalAnswer;
  /** 429s received (and retried) before the final answer. */
  retried429: number;
  /** When the final answer arrived (epoch ms). */
  answeredAt: number;
}

export interface SenderOptions {
  /** The hosts' base URLs, read per request (a restarted host keeps its URL). */
  hosts: () => readonly string[];
  concurrency: number;
  /**
   * GoHighLevel honours Retry-After; the sender caps the wait so a run stays short (the host asks
   * for whole seconds). Only 429 is retried, as GoHighLevel does.
   */
  maxRetryDelayMs: number;
  /** A message still being answered 429 after this long is given up (reported as no answer). */
  giveUpAfterMs: number;
  onAnswer?: (record: SentRecord, index: number) => void;
  /** When message `index` may be sent (epoch ms); unset = as fast as the lanes go. */
  pace?: (index: number) => number;
}

function post(url: string, body: string): Promise<{ status: number; body: string; retryAfter: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}/webhooks/ghl`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), retryAfter: res.headers['retry-after'] }));
      res.on('error', reject);
    });
    req.setTimeout(30_000, () => req.destroy(new Error('request timed out')));
    req.on('error', reject);
    req.end(body);
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function payloadOf(message: LoadMessage): string {
  return JSON.stringify({
    type: 'InboundMessage',
    // One location per contact: GoHighLevel's per-location budget (100 per 10 s) would otherwise pace the whole run.
    locationId: `loc-${message.contactId}`,
    contactId: message.contactId,
    messageId: message.messageId,
    body: message.text,
    messageType: 'SMS',
    direction: 'inbound',
    dateAdded: new Date(message.at).toISOString(),
  });
}

/** Delivers one message: 429 → wait (capped Retry-After) and again; refused connection → next host (a load balancer's failover); anything else is final. */
async function deliver(message: LoadMessage, index: number, options: SenderOptions): Promise<SentRecord> {
  const body = payloadOf(message);
  const started = Date.now();
  let retried429 = 0;
  let attempt = index;
  for (;;) {
    const hosts = options.hosts();
    const url = hosts[attempt % hosts.length] ?? '';
    attempt += 1;
    try {
      const res = await post(url, body);
      if (res.status === 429 && Date.now() - started < options.giveUpAfterMs) {
        retried429 += 1;
        const asked = Number(res.retryAfter ?? '1') * 1000;
        await sleep(Math.min(options.maxRetryDelayMs, asked) * (0.5 + Math.random()));
        continue;
      }
      return { message, answer: { kind: 'status', status: res.status, body: res.body }, retried429, answeredAt: Date.now() };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // Nothing reached a host: a load balancer would have sent it to another one.
      if (code === 'ECONNREFUSED' && Date.now() - started < options.giveUpAfterMs) {
        await sleep(20);
        continue;
      }
      return { message, answer: { kind: 'no_answer', error: code ?? (error instanceof Error ? error.message : String(error)) }, retried429, answeredAt: Date.now() };
    }
  }
}

/** Sends every message with `concurrency` in flight; resolves with one record per message, in input order. */
export async function sendAll(messages: readonly LoadMessage[], options: SenderOptions): Promise<SentRecord[]> {
  const records: SentRecord[] = new Array<SentRecord>(messages.length);
  let next = 0;
  async function lane(): Promise<void> {
    for (;;) {
      const index = next;
      next += 1;
      const message = messages[index];
      if (message === undefined) return;
      const due = options.pace?.(index) ?? 0;
      if (due > Date.now()) await sleep(due - Date.now());
      const record = await deliver(message, index, options);
      records[index] = record;
      options.onAnswer?.(record, index);
    }
  }
  await Promise.all(Array.from({ length: options.concurrency }, () => lane()));
  return records;
}

const TEXTS = [
  'Hi, is the house on Elm St still available?',
  'I want to sell my house, what is it worth?',
  "We're pre-approved and looking to buy a 3 bed around $450k",
  'ok sounds good',
  'probably in the next 3 months',
  'what areas do you cover?',
];

/** `perContact` messages for each of `contacts` contacts, interleaved so every contact is busy all run long. */
export function loadMessages(run: string, contacts: number, perContact: number, t0: number): LoadMessage[] {
  const out: LoadMessage[] = [];
  for (let n = 0; n < perContact; n += 1) {
    for (let c = 0; c < contacts; c += 1) {
      out.push({ contactId: `${run}-c${c}`, messageId: `${run}-c${c}-m${n}`, text: TEXTS[(c + n) % TEXTS.length] ?? 'ok', at: t0 + n * 7 * 60_000 + c });
    }
  }
  return out;
}
