// npx tsx test/bench/embedded-cpu.bench.ts [store] [messages] — CPU per message of the host's engine, store and in-process delivery, without HTTP.
//   store: sqlite (default), memory (the same work with no disk: the difference is the store's cost) or redis (a redis-server
//   started here; its own CPU is not counted). The webhook bench's load pattern
//   (message n to contact n mod 10,000, its six texts), 20 in flight, 3,000 warm-up messages (BENCH_WARMUP_MESSAGES); CPU is the whole process's (worker threads included).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { DEFAULT_POLICY } from '../../domain/policy';
import { loadConfig } from '../../server/config';
import { buildHost } from '../../server/wiring';
import type { EffectSender } from '../../services/effects/types';
import { createLogger } from '../../services/observability/logger';
import { startRedisServer } from '../setup/redis-server';
import { BENCH_TEXTS } from './e2e/load';

const args = z.tuple([z.enum(['sqlite', 'memory', 'redis']).default('sqlite'), z.coerce.number().int().min(1_000).default(10_000)]).parse([process.argv[2], process.argv[3]]);
const [kind, messages] = args;
const CONTACTS = 10_000;
const IN_FLIGHT = 20;
const WARMUP = z.coerce.number().int().min(0).default(3_000).parse(process.env['BENCH_WARMUP_MESSAGES']);

let sent = 0;
const sink: EffectSender = {
  kind: 'sink',
  send: async () => {
    sent += 1;
  },
};
const dataDir = mkdtempSync(join(tmpdir(), 'baton-embedded-cpu-'));
const redisServer = kind === 'redis' ? await startRedisServer() : null;
const storeEnv = redisServer === null ? { STORE: kind } : { REDIS_URL: redisServer.url };
const { config } = loadConfig({ ...storeEnv, DATA_DIR: dataDir, LOG_LEVEL: 'silent', NODE_ENV: 'development' });
const host = await buildHost(config, createLogger({ level: 'silent' }), DEFAULT_POLICY, { sender: sink });

let next = 0;
async function send(until: number): Promise<void> {
  const worker = async () => {
    while (next < until) {
      const i = next++;
      const contactId = `c${i % CONTACTS}`;
      await host.engine.handleInbound({ contactId, messageId: `m${i}`, text: BENCH_TEXTS[i % BENCH_TEXTS.length] ?? 'ok', at: Date.now(), locationId: `loc-${contactId}`, conversationId: null });
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
}

/** Waits until every committed effect is delivered (a benchmark may poll; nothing here is a test). */
async function drained(): Promise<void> {
  while ((await host.store.contactsWithPendingEffects()).length > 0) await new Promise((resolve) => setTimeout(resolve, 20));
}

try {
  await send(WARMUP);
  await drained();
  const cpu = process.cpuUsage();
  const started = performance.now();
  const sentBefore = sent;
  await send(WARMUP + messages);
  await drained();
  const used = process.cpuUsage(cpu);
  const ms = performance.now() - started;
  const perMessage = (us: number) => (us / 1_000 / messages).toFixed(3);
  console.log(
    `${kind}: ${messages} messages in ${ms.toFixed(0)} ms (${((messages / ms) * 1_000).toFixed(0)} msg/s), ${sent - sentBefore} effects delivered; ` +
      `CPU ${perMessage(used.user + used.system)} ms/message (user ${perMessage(used.user)}, system ${perMessage(used.system)})`,
  );
} finally {
  await host.close();
  await redisServer?.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
