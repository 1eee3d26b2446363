// Redis bytes per contact after a 5-message conversation: MEMORY USAGE summed over the contact's keys (built in keys.ts).
//   BENCH_MEMORY_WARM (messages, default 0): before the conversations, that many real messages over other contacts (5
//   each), so the bots' health has samples as after npm run bench's load phases, where the memory row is measured (its
//   journal entries then carry health tuples; on a fresh host every bot is idle and they carry none). With
//   BENCH_ONLY=memory this gives the full run's figure in ~30 s instead of 8 minutes; the full run's windows hold more
//   samples (numbers one or two digits longer).
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { contactKeys, DEFAULT_PREFIX } from '../../../services/store/keys';
import { messageSource } from './load';

const env = z.object({ BENCH_MEMORY_WARM: z.coerce.number().int().min(0).default(0) }).parse(process.env);

export interface ContactMemory {
  contacts: number;
  messagesEach: number;
  /** Mean bytes over the contacts, and one contact's bytes per key kind (record, journal, msg, …). */
  bytesPerContact: number;
  keysPerContact: number;
  byKind: Record<string, number>;
  /** Contacts whose outbox still held effects when measured (0 once delivery drained). */
  pendingOutboxes: number;
  /** Messages sent before the conversations to give the bots' health samples (BENCH_MEMORY_WARM). */
  warmMessages?: number;
}

const TEXTS = ['Hi, is the house on Elm St still available?', 'I want to sell my house', 'probably in the next 3 months', 'about $450k', 'ok sounds good'];

async function post(url: string, body: string): Promise<number> {
  const res = await fetch(`${url}/webhooks/ghl`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  await res.arrayBuffer();
  return res.status;
}

/** The part of a contact's key after its hash tag: `record`, `msg`, `location`, … */
function kindOf(key: string, base: string): string {
  return key.slice(base.length + 1).split(':')[0] ?? key;
}

async function contactKeyNames(redis: Redis, base: string): Promise<string[]> {
  const found: string[] = [];
  // The tag's braces are literal in a glob only when escaped.
  const pattern = `${base.replace(/[*?[\]\\{}]/g, (c) => `\\${c}`)}:*`;
  for await (const batch of redis.scanStream({ match: pattern, count: 1_000 })) {
    if (Array.isArray(batch)) for (const key of batch) if (typeof key === 'string') found.push(key);
  }
  return found;
}

/** Sends `count` messages over count / 5 contacts of their own, 32 at a time: real bot calls, so bot health is not idle. */
async function warmBotHealth(url: string, run: string, count: number): Promise<void> {
  const source = messageSource(`${run}-warm`, Math.max(1, Math.ceil(count / 5)));
  const worker = async () => {
    while (source.sent < count) await post(url, source.next());
  };
  await Promise.all(Array.from({ length: 32 }, worker));
}

/** Sends each contact its conversation one message at a time, waits (bounded) for its effects to be delivered, then measures. */
export async function measureContactMemory(url: string, redis: Redis, run: string, contacts = 20, messagesEach = 5): Promise<ContactMemory> {
  if (env.BENCH_MEMORY_WARM > 0) await warmBotHealth(url, run, env.BENCH_MEMORY_WARM);
  const ids = Array.from({ length: contacts }, (_, c) => `${run}-mem${c}`);
  for (let m = 0; m < messagesEach; m += 1) {
    await Promise.all(
      ids.map((contactId) =>
        post(url, JSON.stringify({ type: 'InboundMessage', locationId: `loc-${contactId}`, contactId, messageId: `${contactId}-m${m}`, body: TEXTS[m % TEXTS.length], messageType: 'SMS', direction: 'inbound', dateAdded: new Date().toISOString() })),
      ),
    );
  }
  const outboxes = ids.map((id) => contactKeys(DEFAULT_PREFIX, id).outbox);
  const deadline = Date.now() + 20_000;
  let pending = await redis.exists(...outboxes);
  while (pending > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    pending = await redis.exists(...outboxes);
  }
  let total = 0;
  let keyCount = 0;
  const byKind: Record<string, number> = {};
  for (const [index, id] of ids.entries()) {
    const base = contactKeys(DEFAULT_PREFIX, id).record.replace(/:record$/, '');
    for (const key of await contactKeyNames(redis, base)) {
      const bytes = (await redis.memory('USAGE', key, 'SAMPLES', '0')) ?? 0;
      total += bytes;
      keyCount += 1;
      if (index === 0) byKind[kindOf(key, base)] = (byKind[kindOf(key, base)] ?? 0) + bytes;
    }
  }
  return { contacts, messagesEach, bytesPerContact: total / contacts, keysPerContact: keyCount / contacts, byKind, pendingOutboxes: pending, ...(env.BENCH_MEMORY_WARM > 0 ? { warmMessages: env.BENCH_MEMORY_WARM } : {}) };
}
