// npm run bench:store — P50/P99 of load + commit on the Redis store against its own local redis-server.
import { createRedisStore } from '../../services/store/redis';
import type { CommitInput, ContactStore } from '../../services/store/types';
import { startRedisServer } from '../setup/redis-server';
import { summarize } from './stats';

const ITERATIONS = Number(process.env['BENCH_ITERATIONS'] ?? 10_000);
const WARMUP = 1_000;
const CONTACTS = 100;

/** About the size of a persisted conversation snapshot after a dozen messages (~3 KB of JSON). */
function snapshot(version: number): unknown {
  return {
    status: 'active',
    value: { buyer: 'preapproval' },
    context: {
      contactId: 'bench',
      facts: { goal: 'buy', budget: { min: null, max: 450_000, currency: 'USD' }, timeline: { text: 'next spring', months: 5 } },
      handoffs: Array.from({ length: 3 }, (_, i) => ({ from: 'lead', to: 'buyer', at: 1_700_000_000_000 + i, pattern: 'buy.preapproved', confidence: 0.82 })),
      asked: ['goal', 'timeline', 'budget'],
      lastAt: 1_700_000_000_000 + version,
      messageCount: version,
      notes: 'x'.repeat(2_000),
    },
  };
}

function input(contactId: string, expectedVersion: number, messageId: string): CommitInput {
  const at = 1_700_000_000_000 + expectedVersion;
  return {
    contactId,
    expectedVersion,
    record: { machineVersion: 1, version: expectedVersion + 1, snapshot: snapshot(expectedVersion + 1) },
    messageId,
    effects: [{ kind: 'send_sms', id: `${messageId}:sms`, contactId, bot: 'buyer', text: 'Have you spoken with a lender yet?', asks: ['preapproval'], at }],
    journal: {
      version: expectedVersion + 1,
      messageId,
      decision: { kind: 'stay', reason: 'same_bot', decidedBy: 'intent', from: 'buyer', to: 'buyer', at, messageId, details: { confidence: 0.4 } },
      stateValue: { buyer: 'preapproval' },
    },
    transcript: [
      { direction: 'inbound', text: 'around 450k', at, bot: null, asks: [], messageId },
      { direction: 'outbound', text: 'Have you spoken with a lender yet?', at, bot: 'buyer', asks: ['preapproval'], messageId: null },
    ],
    contextPackage: null,
  };
}

async function run(store: ContactStore, count: number, offset: number) {
  const loadMs = new Float64Array(count);
  const commitMs = new Float64Array(count);
  const totalMs = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const contactId = `bench-${(offset + i) % CONTACTS}`;
    const t0 = performance.now();
    const record = await store.load(contactId);
    const t1 = performance.now();
    const result = await store.commit(input(contactId, record?.version ?? 0, `m-${offset + i}`));
    const t2 = performance.now();
    if (result.status !== 'committed') throw new Error(`unexpected ${result.status}`);
    loadMs[i] = t1 - t0;
    commitMs[i] = t2 - t1;
    totalMs[i] = t2 - t0;
  }
  return { loadMs, commitMs, totalMs };
}

/** The whole per-message store cost the engine pays: lock, load, commit, release. */
async function runLocked(store: ContactStore, count: number, offset: number): Promise<Float64Array> {
  const cycleMs = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const contactId = `bench-${(offset + i) % CONTACTS}`;
    const t0 = performance.now();
    const lock = await store.acquireLock(contactId, { ttlMs: 10_000, waitMs: 2_000 });
    if (lock === null) throw new Error('lock busy in a sequential benchmark');
    const record = await store.load(contactId);
    await store.commit(input(contactId, record?.version ?? 0, `l-${offset + i}`));
    await lock.release();
    cycleMs[i] = performance.now() - t0;
  }
  return cycleMs;
}

const server = await startRedisServer();
const store = createRedisStore({ url: server.url, prefix: 'bench:' });
try {
  await run(store, WARMUP, 0);
  const { loadMs, commitMs, totalMs } = await run(store, ITERATIONS, WARMUP);
  console.log(`redis store, ${CONTACTS} contacts, ~3 KB snapshot, 1 effect, 2 transcript entries per commit, sequential, local redis-server`);
  console.log(summarize('load + commit', totalMs));
  console.log(summarize('load        ', loadMs));
  console.log(summarize('commit      ', commitMs));
  const cycleMs = await runLocked(store, ITERATIONS, WARMUP + ITERATIONS);
  console.log(summarize('lock + load + commit + release', cycleMs));
} finally {
  await store.close();
  await server.stop();
}
