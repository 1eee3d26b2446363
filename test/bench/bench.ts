// npm run bench — one run, side by side: decision and classification, then the webhook end to end (floor, Baton on Redis, Baton on SQLite).
//   BENCH_PHASE_S (default 6) seconds per phase · BENCH_WARMUP_S (2) at 300 msg/s first · BENCH_RATE_DRIVER=open-loop|autocannon (the fixed rates: an open loop on undici, or autocannon's per-second bursts as before) · BENCH_CONTACTS (10000) · BENCH_ONLY=micro,floor,http,hot,redis,embedded (http: the HTTP layer alone, the engine's first answer reused; hot: the inbound path without delivery) · BENCH_CPU_PROF=1 (host --cpu-prof into bench-results/profiles) · BENCH_NODE_ARGS (extra node flags for the hosts)
//   BENCH_ONLY=memory: only the Redis bytes per contact after a 5-message conversation (a fresh Redis host, no load phases; ~15 s); with BENCH_MEMORY_WARM=3000 real messages to other contacts first (~30 s), as the full run measures it after its load phases
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { z } from 'zod';
import { freePort, startRedisServer } from '../setup/redis-server';
import { measureClassify } from './classify-measure';
import { measureDecision, type RoundsResult } from './decision-measure';
import { ROOT, startNodeChild, type Child } from './e2e/child';
import { startGhlSink } from './e2e/ghl-sink';
import { messageSource } from './e2e/load';
import { phaseSpecs, runPhases, waitQuiet, type PhaseRow } from './e2e/phases';
import { measureContactMemory, type ContactMemory } from './e2e/redis-memory';
import { writeReport, type BenchReport } from './e2e/report';

const env = z
  .object({
    BENCH_PHASE_S: z.coerce.number().positive().default(6),
    BENCH_CONTACTS: z.coerce.number().int().min(1).default(10_000),
    BENCH_ONLY: z.string().default('micro,floor,http,hot,redis,embedded'),
    BENCH_CPU_PROF: z.enum(['0', '1']).default('0'),
    /** Extra node flags for the hosts (an A/B of a V8 setting), space-separated. */
    BENCH_NODE_ARGS: z.string().default(''),
    BENCH_MICRO_EVENTS: z.coerce.number().int().min(1_000).default(50_000),
    BENCH_WARMUP_S: z.coerce.number().positive().default(2),
    BENCH_RATE_DRIVER: z.enum(['open-loop', 'autocannon']).default('open-loop'),
  })
  .parse(process.env);

const RATES = [200, 500, 1_000] as const;
const RESULTS_DIR = join(ROOT, 'bench-results');
const only = new Set(env.BENCH_ONLY.split(',').map((part) => part.trim()));
const log = (line: string) => console.log(line);
const startedAt = new Date().toISOString();
const run = `b${Date.now().toString(36)}`;

log(`npm run bench: ${env.BENCH_CONTACTS} contacts, ${env.BENCH_PHASE_S} s per phase, load average ${loadavg().map((v) => v.toFixed(2)).join(' ')}`);
const skipped: RoundsResult = { p50Ms: Number.NaN, p99Ms: Number.NaN, rounds: 0, perRound: 0 };
const decision = only.has('micro') ? measureDecision({ perRound: env.BENCH_MICRO_EVENTS, rounds: 5 }) : skipped;
log(`decision: p50 ${decision.p50Ms.toFixed(4)} ms, p99 ${decision.p99Ms.toFixed(4)} ms`);
const classify = only.has('micro') ? measureClassify({ perRound: env.BENCH_MICRO_EVENTS, rounds: 5 }) : skipped;
log(`classification: p50 ${classify.p50Ms.toFixed(4)} ms, p99 ${classify.p99Ms.toFixed(4)} ms`);

const specs = phaseSpecs(env.BENCH_PHASE_S, RATES, env.BENCH_RATE_DRIVER);
const rows: PhaseRow[] = [];
const delivered: BenchReport['delivered'] = {};
let memory: ContactMemory | null = null;

const redisServer = await startRedisServer();
const redis = new Redis(redisServer.url);
const ghl = await startGhlSink();

/** The host as `npm start` runs it, with the local GoHighLevel and nothing else set. */
function hostEnv(port: number, extra: Record<string, string>): Record<string, string> {
  return { PORT: String(port), GHL_API_TOKEN: ghl.token, GHL_API_BASE_URL: ghl.url, ...extra };
}

async function startHost(extra: Record<string, string>, script = 'server/main.ts'): Promise<{ child: Child; url: string }> {
  const port = await freePort();
  const profile = env.BENCH_CPU_PROF === '1' ? ['--cpu-prof', `--cpu-prof-dir=${join(RESULTS_DIR, 'profiles')}`] : [];
  const nodeArgs = [...profile, ...env.BENCH_NODE_ARGS.split(' ').filter((arg) => arg !== '')];
  const child = await startNodeChild(script, hostEnv(port, extra), 'baton listening', { nodeArgs, timeoutMs: 60_000 });
  return { child, url: `http://127.0.0.1:${port}` };
}

/** Warm-up (JIT, connection pools) at a moderate rate, not reported. */
async function warmUp(name: string, url: string, pid: number): Promise<void> {
  const source = messageSource(`${run}-warm-${name}`, 500);
  await runPhases({ name: `${name} warm-up`, url, pid }, [{ name: 'warm-up', rate: 300, durationS: env.BENCH_WARMUP_S, connections: 30, driver: env.BENCH_RATE_DRIVER }], source, () => undefined);
}

async function benchBaton(name: 'redis' | 'embedded', extra: Record<string, string>): Promise<void> {
  const { child, url } = await startHost(extra);
  try {
    await warmUp(name, url, child.pid);
    const startApplied = ghl.applied();
    const settle = async () => void (await waitQuiet(() => ghl.applied()));
    rows.push(...(await runPhases({ name, url, pid: child.pid, settle }, specs, messageSource(`${run}-${name}`, env.BENCH_CONTACTS), log)));
    if (name === 'redis') memory = await measureContactMemory(url, redis, run);
    const drained = await waitQuiet(() => ghl.applied(), 2_000, 60_000);
    delivered[name] = { applied: ghl.applied() - startApplied, refused: ghl.refused(), drained: drained.quiet };
  } catch (error) {
    log(child.tail());
    throw error;
  } finally {
    await child.stop();
  }
}

try {
  if (only.has('floor')) {
    const port = await freePort();
    const floor = await startNodeChild('test/bench/e2e/floor-server.ts', { FLOOR_PORT: String(port), REDIS_URL: redisServer.url }, 'floor listening');
    try {
      const url = `http://127.0.0.1:${port}`;
      await warmUp('floor', url, floor.pid);
      rows.push(...(await runPhases({ name: 'floor', url, pid: floor.pid }, specs, messageSource(`${run}-floor`, env.BENCH_CONTACTS), log)));
    } finally {
      await floor.stop();
    }
  }
  // Not a user's setup: the HTTP layer alone, then the inbound path without delivery, to show where the CPU per message goes.
  for (const [mode, name, httpOnly] of [['http', 'HTTP layer only', '1'], ['hot', 'redis, hot path only', '0']] as const) {
    if (!only.has(mode)) continue;
    await redis.flushall();
    const { child, url } = await startHost({ REDIS_URL: redisServer.url, HOT_PATH_HTTP_ONLY: httpOnly }, 'test/bench/e2e/hot-path-host.ts');
    try {
      await warmUp(name, url, child.pid);
      rows.push(...(await runPhases({ name, url, pid: child.pid }, specs, messageSource(`${run}-${mode}`, env.BENCH_CONTACTS), log)));
    } finally {
      await child.stop();
    }
  }
  if (only.has('redis')) {
    await redis.flushall();
    await benchBaton('redis', { REDIS_URL: redisServer.url });
  } else if (only.has('memory')) {
    await redis.flushall();
    const { child, url } = await startHost({ REDIS_URL: redisServer.url });
    try {
      memory = await measureContactMemory(url, redis, run);
    } finally {
      await child.stop();
    }
  }
  if (only.has('embedded')) {
    const dataDir = mkdtempSync(join(tmpdir(), 'baton-bench-'));
    try {
      await benchBaton('embedded', { DATA_DIR: dataDir });
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
} finally {
  redis.disconnect();
  await redisServer.stop();
  await ghl.close();
}

const report: BenchReport = {
  startedAt,
  node: process.version,
  cpus: availableParallelism(),
  contacts: env.BENCH_CONTACTS,
  phaseSeconds: env.BENCH_PHASE_S,
  decision,
  classify,
  rows,
  delivered,
  memory,
  loadAtEnd: loadavg()[0] ?? 0,
};
log('');
log(writeReport(RESULTS_DIR, report));
log(`written to bench-results/latest.md and bench-results/latest.json (and ${startedAt.replace(/[:.]/g, '-')}.*)`);
