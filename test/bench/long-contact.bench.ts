// npm run bench:long-contact — one contact sent thousands of messages: its bytes on disk/in Redis, throughput, effect drain rate, idle CPU.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { DEFAULT_POLICY } from '../../domain/policy';
import { loadConfig } from '../../server/config';
import { buildHost, type Host } from '../../server/wiring';
import type { Effect } from '../../domain/types';
import type { EffectSender } from '../../services/effects/types';
import { createLogger } from '../../services/observability/logger';
import { contactKeys, DEFAULT_PREFIX } from '../../services/store/keys';
import { startRedisServer } from '../setup/redis-server';

const MESSAGES = Number(process.env['LONG_CONTACT_MESSAGES'] ?? 5_000);
/** How long the bench waits for the outbox to drain after the last message, and how long it then watches the idle host. */
const DRAIN_TIMEOUT_MS = Number(process.env['LONG_CONTACT_DRAIN_TIMEOUT_MS'] ?? 60_000);
const IDLE_MS = Number(process.env['LONG_CONTACT_IDLE_MS'] ?? 5_000);
/** GoHighLevel's answer time as the fake sender plays it: a contact's effects go out one after another, so this sets the drain rate. */
const SEND_MS = Number(process.env['LONG_CONTACT_SEND_MS'] ?? 5);
const STORES = (process.env['LONG_CONTACT_STORES'] ?? 'redis,sqlite').split(',');
const CONTACT = 'long-contact';
const T0 = 1_700_000_000_000;

/** A lead who keeps chatting without asking for a person or opting out, so the bots keep answering. */
const TEXTS = ['hi there', 'maybe', 'we are looking around', 'not sure yet', 'ok sounds good', 'what areas do you cover?', 'thanks', 'hmm let me think'];

interface Counter extends EffectSender {
  delivered: number;
  /** performance.now() of each delivery. */
  times: number[];
}

function countingSender(): Counter {
  const sender: Counter = {
    kind: 'sink',
    delivered: 0,
    times: [],
    async send(_effect: Effect) {
      if (SEND_MS > 0) await new Promise((resolve) => setTimeout(resolve, SEND_MS));
      sender.delivered += 1;
      sender.times.push(performance.now());
    },
  };
  return sender;
}

function cpuPercent(fromUsage: NodeJS.CpuUsage, wallMs: number): number {
  const used = process.cpuUsage(fromUsage);
  return ((used.user + used.system) / 1000 / wallMs) * 100;
}

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return true;
}

async function redisBytes(url: string): Promise<Record<string, number>> {
  const redis = new Redis(url);
  try {
    const k = contactKeys(DEFAULT_PREFIX, CONTACT);
    const sizes: Record<string, number> = {};
    for (const [name, key] of Object.entries({ record: k.record, journal: k.journal, transcript: k.transcript, outbox: k.outbox, effects: k.effects })) {
      sizes[name] = Number((await redis.call('MEMORY', 'USAGE', key)) ?? 0);
    }
    sizes['processed ids'] = await redis.zcard(k.seen);
    sizes['processed bytes'] = Number((await redis.call('MEMORY', 'USAGE', k.seen)) ?? 0);
    sizes['journal entries'] = await redis.llen(k.journal);
    sizes['transcript entries'] = await redis.llen(k.transcript);
    return sizes;
  } finally {
    redis.disconnect();
  }
}

async function run(kind: string): Promise<void> {
  const redisServer = kind === 'redis' ? await startRedisServer() : null;
  const dataDir = mkdtempSync(join(tmpdir(), 'baton-long-'));
  const env: Record<string, string> = { STORE: kind, DATA_DIR: dataDir, MAX_CLOCK_SKEW_MS: '0', LOG_LEVEL: 'silent', NODE_ENV: 'development' };
  if (redisServer !== null) env['REDIS_URL'] = redisServer.url;
  const { config } = loadConfig(env);
  const sender = countingSender();
  let host: Host | null = null;
  try {
    host = await buildHost(config, createLogger({ level: 'silent' }), DEFAULT_POLICY, { sender, clock: () => T0 + MESSAGES * 60_000 });
    let effects = 0;
    const window = Math.min(200, Math.floor(MESSAGES / 4));
    const started = performance.now();
    let firstWindowMs = 0;
    let lastWindowStart = 0;
    for (let i = 0; i < MESSAGES; i++) {
      if (i === window) firstWindowMs = performance.now() - started;
      if (i === MESSAGES - window) lastWindowStart = performance.now();
      const result = await host.engine.handleInbound({
        contactId: CONTACT,
        messageId: `long-${i}`,
        text: TEXTS[i % TEXTS.length] ?? 'ok',
        at: T0 + i * 60_000,
        locationId: 'loc-bench',
        conversationId: null,
      });
      if (result.status === 'processed') effects += result.effects.length;
      // Requests arrive as I/O: let timers (the in-process dispatcher) run between messages, as a server would.
      await new Promise((resolve) => setImmediate(resolve));
    }
    const sendMs = performance.now() - started;
    const lastWindowMs = performance.now() - lastWindowStart;
    const deliveredWhileSending = sender.delivered;
    const drainStart = performance.now();
    const drainCpu = process.cpuUsage();
    const drained = await waitFor(() => sender.delivered >= effects, DRAIN_TIMEOUT_MS);
    const drainMs = performance.now() - drainStart;
    const drainCpuPct = cpuPercent(drainCpu, drainMs);
    const afterDrain = sender.delivered - deliveredWhileSending;
    const idleCpu = process.cpuUsage();
    const idleStart = performance.now();
    const deliveredBeforeIdle = sender.delivered;
    await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
    const idleCpuPct = cpuPercent(idleCpu, performance.now() - idleStart);
    const record = await host.store.load(CONTACT);
    const snapshotBytes = Buffer.byteLength(JSON.stringify(record?.snapshot ?? null));
    const journal = await host.store.journal(CONTACT, 1_000_000);
    const transcript = await host.store.transcript(CONTACT);
    const rate = (n: number, ms: number) => `${((n / ms) * 1000).toFixed(0)}/s`;
    console.log(`\n== ${kind}: ${MESSAGES} messages to one contact (sender answers in ${SEND_MS} ms) ==`);
    console.log(`messages: ${rate(MESSAGES, sendMs)} overall; first ${window}: ${rate(window, firstWindowMs)}; last ${window}: ${rate(window, lastWindowMs)}`);
    console.log(`effects: ${effects} committed, ${deliveredWhileSending} delivered while sending (${rate(deliveredWhileSending, sendMs)})`);
    console.log(
      `drain after the last message: ${drained ? 'drained' : `NOT drained (${effects - sender.delivered} left)`} in ${drainMs.toFixed(0)} ms, ${afterDrain} delivered (${rate(afterDrain, drainMs)}), host CPU ${drainCpuPct.toFixed(1)} %`,
    );
    console.log(`idle for ${IDLE_MS} ms afterwards: host CPU ${idleCpuPct.toFixed(1)} % of one core, ${sender.delivered - deliveredBeforeIdle} delivered`);
    console.log(`snapshot: ${snapshotBytes} bytes; journal ${journal.length} entries; transcript ${transcript.length} entries`);
    if (redisServer !== null) console.log('redis MEMORY USAGE (bytes) / counts:', JSON.stringify(await redisBytes(redisServer.url)));
  } finally {
    await host?.close();
    await redisServer?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

for (const kind of STORES) await run(kind);
