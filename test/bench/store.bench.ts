// npm run bench:store — P50/P99 and throughput of load + commit on the Redis store (its own local redis-server) and the SQLite store, side by side.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { createRedisStore } from '../../services/store/redis';
import { createRedisClient } from '../../services/store/redis-client';
import { createSqliteStore, type SqliteStore } from '../../services/store/sqlite';
import type { CommitInput, ContactStore } from '../../services/store/types';
import { startRedisServer } from '../setup/redis-server';
import { percentile, summarize } from './stats';

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

interface Measured {
  name: string;
  totalMs: number[];
  commitMs: number[];
  cycleMs: number[];
  /** Cycles per second of each round. */
  rounds: number[];
  /** CPU time spent (this process, plus redis-server for Redis) per lock+load+commit+release cycle, µs. */
  cpuUs: number[];
}

/** redis-server's own CPU seconds (user + sys), from INFO cpu. */
async function redisCpuSeconds(client: Redis): Promise<number> {
  const info = await client.info('cpu');
  const field = (name: string) => Number(new RegExp(`^used_cpu_${name}:([\\d.]+)`, 'm').exec(info)?.[1] ?? 0);
  return field('user') + field('sys');
}

/**
 * Rounds alternate between the stores, so a burst of load from elsewhere on this 2-core VM lands on
 * both rather than on whichever ran at the time; each store's throughput is its median round.
 */
async function measureRound(entry: Measured, store: ContactStore, iterations: number, offset: number, redisAdmin: Redis | null): Promise<void> {
  const { totalMs, commitMs } = await run(store, iterations, offset);
  const redisBefore = redisAdmin === null ? 0 : await redisCpuSeconds(redisAdmin);
  const cpuBefore = process.cpuUsage();
  const cycleMs = await runLocked(store, iterations, offset + iterations);
  const cpu = process.cpuUsage(cpuBefore);
  const redisUs = redisAdmin === null ? 0 : ((await redisCpuSeconds(redisAdmin)) - redisBefore) * 1e6;
  entry.cpuUs.push((cpu.user + cpu.system + redisUs) / iterations);
  entry.totalMs.push(...totalMs);
  entry.commitMs.push(...commitMs);
  entry.cycleMs.push(...cycleMs);
  entry.rounds.push(throughput(cycleMs));
}

function p(samples: readonly number[], q: number): string {
  return percentile([...samples].sort((a, b) => a - b), q).toFixed(3);
}

/** Sequential messages per second through the store: lock, load, commit, release, back to back. */
function throughput(samples: Float64Array): number {
  return Math.round((samples.length * 1000) / samples.reduce((sum, value) => sum + value, 0));
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/**
 * NORMAL's power-loss window, measured: the store syncs the WAL at each checkpoint (its worker
 * thread), so the longest time between two checkpoints while messages flow is how much an OS crash
 * could take back. The loop yields between messages, as a host serving HTTP does.
 */
async function lossWindow(store: SqliteStore, durationMs: number): Promise<{ commits: number; checkpoints: number; longestGapMs: number }> {
  const started = performance.now();
  let commits = 0;
  while (performance.now() - started < durationMs) {
    const contactId = `window-${commits % CONTACTS}`;
    const record = await store.load(contactId);
    await store.commit(input(contactId, record?.version ?? 0, `w-${commits}`));
    commits += 1;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  const { checkpoints, longestGapMs } = store.durability();
  return { commits, checkpoints, longestGapMs };
}

const ROUNDS = 20;
const FULL_ITERATIONS = Number(process.env['BENCH_FULL_ITERATIONS'] ?? Math.min(ITERATIONS, 1_000));
const server = await startRedisServer();
const dir = mkdtempSync(join(tmpdir(), 'baton-bench-'));
const empty = (name: string): Measured => ({ name, totalMs: [], commitMs: [], cycleMs: [], rounds: [], cpuUs: [] });
const redisAdmin = createRedisClient(server.url);
console.log(
  `${CONTACTS} contacts, ~3 KB snapshot, 1 effect, 2 transcript entries per commit, sequential; ` +
    `${ITERATIONS} iterations in ${ROUNDS} alternating rounds (${FULL_ITERATIONS} in one round for FULL)`,
);
const redis = createRedisStore({ url: server.url, prefix: 'bench:' });
const normal = createSqliteStore({ path: join(dir, 'normal', 'baton.db'), synchronous: 'NORMAL' });
const full = createSqliteStore({ path: join(dir, 'full', 'baton.db'), synchronous: 'FULL' });
const windowed = createSqliteStore({ path: join(dir, 'window', 'baton.db'), synchronous: 'NORMAL' });
try {
  const measured = [empty('redis'), empty('sqlite NORMAL'), empty('sqlite FULL')] as const;
  const perRound = Math.ceil(ITERATIONS / ROUNDS);
  await run(redis, WARMUP, 0);
  await run(normal, WARMUP, 0);
  await run(full, Math.min(WARMUP, 200), 0);
  for (let round = 0; round < ROUNDS; round++) {
    const offset = WARMUP + round * 2 * perRound;
    await measureRound(measured[0], redis, perRound, offset, redisAdmin);
    await measureRound(measured[1], normal, perRound, offset, null);
  }
  await measureRound(measured[2], full, FULL_ITERATIONS, WARMUP, null);
  const window = await lossWindow(windowed, 5_000);

  for (const entry of measured) {
    console.log(`\n${entry.name}`);
    console.log(summarize('  load + commit                 ', Float64Array.from(entry.totalMs)));
    console.log(summarize('  commit                        ', Float64Array.from(entry.commitMs)));
    console.log(summarize('  lock + load + commit + release', Float64Array.from(entry.cycleMs)));
    console.log(`  cycles/s per round: ${entry.rounds.join(', ')}; CPU µs per cycle per round: ${entry.cpuUs.map((us) => us.toFixed(0)).join(', ')}`);
  }
  console.log('\nside by side (ms; cycles/s = sequential lock+load+commit+release per second, median round;');
  console.log('CPU µs = CPU per cycle of this process plus redis-server, median round, and the throughput that CPU allows on one core)');
  console.log(['store'.padEnd(14), 'load+commit p50', 'p99', 'commit p50', 'p99', 'cycle p50', 'p99', 'cycles/s', 'CPU µs', 'cycles/CPU-s'].join('\t'));
  for (const r of measured) {
    const cpu = median(r.cpuUs);
    const row = [p(r.totalMs, 0.5), p(r.totalMs, 0.99), p(r.commitMs, 0.5), p(r.commitMs, 0.99), p(r.cycleMs, 0.5), p(r.cycleMs, 0.99), median(r.rounds), cpu.toFixed(0), Math.round(1e6 / cpu)];
    console.log([r.name.padEnd(14), ...row].join('\t\t'));
  }
  console.log(
    `\nsqlite NORMAL power-loss window: ${window.commits} commits over 5 s with the loop yielding; ${window.checkpoints} WAL syncs (checkpoints); ` +
      `longest gap between two syncs ${window.longestGapMs.toFixed(0)} ms, i.e. at most ~${Math.ceil((window.commits / 5_000) * window.longestGapMs)} commits at this rate. A process crash (kill -9) loses none.`,
  );
} finally {
  await Promise.all([redis.close(), normal.close(), full.close(), windowed.close(), redisAdmin.quit()]);
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}
