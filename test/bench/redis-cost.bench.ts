// npm run bench:redis-cost: what one webhook message costs in Redis work, counted rather than timed, so a change can be
// compared on a busy machine. The Redis host as `npm start` runs it, effects delivered through BullMQ to a local GoHighLevel;
// an open loop at BENCH_COST_RATE (150) msg/s for BENCH_PHASE_S (6) s, then until delivery drains. Prints per message:
// commands sent to Redis (MONITOR: top-level, by command and by script), the Redis time of each script (SLOWLOG at 0 µs:
// wall time inside redis-server, inflated when the machine is busy), bytes each way, and the host's write/read syscalls
// (strace -c, when installed; epoll_wait/epoll_pwait: how often the event loop woke). MONITOR and the slow log slow Redis down a little; the counts are exact.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { z } from 'zod';
import { freePort, startRedisServer } from '../setup/redis-server';
import { ROOT, startNodeChild } from './e2e/child';
import { startGhlSink } from './e2e/ghl-sink';
import { messageSource } from './e2e/load';
import { runOpenLoopPhase } from './e2e/open-loop';
import { waitQuiet } from './e2e/phases';

const env = z
  .object({ BENCH_PHASE_S: z.coerce.number().positive().default(6), BENCH_COST_RATE: z.coerce.number().int().positive().default(150) })
  .parse(process.env);

/** sha1 → script name: Baton's Lua files and BullMQ's bundled scripts. */
function scriptNames(): Map<string, string> {
  const names = new Map<string, string>();
  const sha1 = (text: string) => createHash('sha1').update(text).digest('hex');
  for (const dir of ['services/store', 'services/ghl']) {
    for (const file of readdirSync(join(ROOT, dir)).filter((name) => name.endsWith('.lua'))) names.set(sha1(readFileSync(join(ROOT, dir, file), 'utf8')), file);
  }
  const bundled = z.record(z.string(), z.object({ name: z.string(), content: z.string() })).parse(createRequire(import.meta.url)('bullmq/dist/cjs/scripts/index.js'));
  for (const script of Object.values(bundled)) names.set(sha1(script.content), `bullmq ${script.name}`);
  return names;
}

/** A key with its ids blanked, `baton:{}:outbox` or `{baton-bull}:effects:*`, so calls group by the kind of key they touch. */
function keyKind(key: string | undefined): string {
  if (key === undefined) return '';
  const [tagged = key, ...rest] = key.split(/(?<=\})/);
  const tag = tagged.startsWith('{baton-bull}') ? tagged : tagged.replace(/\{[^}]*\}/, '{}');
  return [tag, ...rest].join('').split(':').map((part, i) => (i === 0 || /^[a-z-]+$/.test(part) ? part : '*')).join(':');
}

function bump(map: Map<string, number>, key: string, by = 1): void {
  map.set(key, (map.get(key) ?? 0) + by);
}

const names = scriptNames();
const redisServer = await startRedisServer();
const ghl = await startGhlSink();
const port = await freePort();
const host = await startNodeChild('server/main.ts', { PORT: String(port), GHL_API_TOKEN: ghl.token, GHL_API_BASE_URL: ghl.url, REDIS_URL: redisServer.url }, 'baton listening', { timeoutMs: 60_000 });
const url = `http://127.0.0.1:${port}`;
const redis = new Redis(redisServer.url);
const monitorCounts = new Map<string, number>();
/** The arguments' characters each group sends (as MONITOR prints them: binary bytes escaped, so an upper bound). */
const monitorChars = new Map<string, number>();
const slowlogEntrySchema = z.tuple([z.number(), z.number(), z.number(), z.array(z.string())]).rest(z.unknown());
/** One open-loop phase, then until delivery drains; returns the messages sent and the effects delivered meanwhile. */
async function phase(name: string): Promise<{ messages: number; effects: number; p50Ms: number; p99Ms: number; statuses: string }> {
  const appliedBefore = ghl.applied();
  const result = await runOpenLoopPhase(url, { name, rate: env.BENCH_COST_RATE, durationS: env.BENCH_PHASE_S, connections: 1, driver: 'open-loop' }, messageSource(`cost-${name}`, 10_000));
  await waitQuiet(() => ghl.applied(), 1_500, 60_000);
  // Requests still in flight when the phase ended are processed all the same: every request sent is a message.
  return { messages: result.sent, effects: ghl.applied() - appliedBefore, p50Ms: result.p50Ms, p99Ms: result.p99Ms, statuses: JSON.stringify(result.statusCounts) };
}

try {
  await runOpenLoopPhase(url, { name: 'warm-up', rate: env.BENCH_COST_RATE, durationS: 2, connections: 1, driver: 'open-loop' }, messageSource('cost-warm', 500));
  await waitQuiet(() => ghl.applied(), 1_500, 60_000);

  // Phase 1, timed: the slow log at 0 µs keeps every command with its time, scripts' own commands included.
  await redis.config('SET', 'slowlog-log-slower-than', '0');
  await redis.config('SET', 'slowlog-max-len', '2000000');
  await redis.slowlog('RESET');
  await redis.config('RESETSTAT');
  const straceAvailable = spawnSync('strace', ['-V']).status === 0;
  const strace = straceAvailable ? spawn('strace', ['-f', '-c', '-e', 'trace=write,writev,read,readv,epoll_wait,epoll_pwait', '-p', String(host.pid)], { stdio: ['ignore', 'ignore', 'pipe'] }) : null;
  let straceOut = '';
  strace?.stderr?.on('data', (chunk: Buffer) => (straceOut += chunk.toString('utf8')));
  await new Promise((resolve) => setTimeout(resolve, 500));
  const timed = await phase('timed');
  strace?.kill('SIGINT');
  if (strace !== null) await new Promise((resolve) => strace.once('exit', resolve));
  const stats = await redis.info('stats');
  const stat = (name: string) => Number(new RegExp(`${name}:(\\d+)`).exec(stats)?.[1] ?? 0);
  await redis.config('SET', 'slowlog-log-slower-than', '-1');
  const scriptUs = new Map<string, number>();
  const scriptCalls = new Map<string, number>();
  for (const raw of z.array(z.unknown()).parse(await redis.call('SLOWLOG', 'GET', '-1'))) {
    const entry = slowlogEntrySchema.safeParse(raw);
    if (!entry.success) continue;
    const [, , micros, args] = entry.data;
    if ((args[0] ?? '').toLowerCase() !== 'evalsha') continue;
    const name = names.get(args[1] ?? '') ?? `script ${args[1]?.slice(0, 8) ?? '?'}`;
    bump(scriptUs, name, micros);
    bump(scriptCalls, name);
  }
  await redis.slowlog('RESET');

  // Phase 2, counted: MONITOR sees every command a client sends (a script's own commands are marked `lua` and skipped).
  const monitor = await redis.monitor();
  monitor.on('monitor', (_time: string, args: string[], source: string) => {
    if (source.includes('lua')) return;
    const command = (args[0] ?? '?').toLowerCase();
    const group = command === 'evalsha' ? (names.get(args[1] ?? '') ?? `script ${args[1]?.slice(0, 8) ?? '?'}`) : `${command} ${keyKind(args[1])}`;
    bump(monitorCounts, group);
    bump(monitorChars, group, args.reduce((sum, arg) => sum + arg.length, 0));
  });
  const counted = await phase('counted');
  monitor.disconnect();

  const per = (n: number, messages: number) => (n / messages).toFixed(2);
  const load = readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
  console.log(`npm run bench:redis-cost: open loop at ${env.BENCH_COST_RATE}/s for ${env.BENCH_PHASE_S} s, twice; load ${load}`);
  console.log(`timed phase: ${timed.messages} messages (${timed.statuses}), P50 ${timed.p50Ms} ms, P99 ${timed.p99Ms} ms, ${timed.effects} effects (${per(timed.effects, timed.messages)} per message)`);
  console.log(`counted phase: ${counted.messages} messages, ${counted.effects} effects (${per(counted.effects, counted.messages)} per message)`);
  const total = [...monitorCounts.values()].reduce((sum, n) => sum + n, 0);
  const totalChars = [...monitorChars.values()].reduce((sum, n) => sum + n, 0);
  console.log(`\n| per message (counted phase) | calls | argument characters |\n|---|---|---|\n| Redis calls (top-level commands and scripts) | ${per(total, counted.messages)} | ${(totalChars / counted.messages).toFixed(0)} |`);
  for (const [name, count] of [...monitorCounts].sort((a, b) => b[1] - a[1])) console.log(`| ${name} | ${per(count, counted.messages)} | ${((monitorChars.get(name) ?? 0) / counted.messages).toFixed(0)} |`);
  console.log(`\n| per message (timed phase) | |\n|---|---|`);
  console.log(`| Redis commands run, scripts' own included | ${per(stat('total_commands_processed'), timed.messages)} |`);
  console.log(`| bytes sent to Redis / received from it | ${per(stat('total_net_input_bytes'), timed.messages)} / ${per(stat('total_net_output_bytes'), timed.messages)} |`);
  console.log('\n| script (timed phase) | calls per message | µs per call in Redis | µs per message |\n|---|---|---|---|');
  let scriptsTotal = 0;
  for (const [name, micros] of [...scriptUs].sort((a, b) => b[1] - a[1])) {
    const calls = scriptCalls.get(name) ?? 1;
    scriptsTotal += micros;
    console.log(`| ${name} | ${per(calls, timed.messages)} | ${(micros / calls).toFixed(1)} | ${(micros / timed.messages).toFixed(0)} |`);
  }
  console.log(`| all scripts | | | ${(scriptsTotal / timed.messages).toFixed(0)} |`);
  if (strace !== null) {
    console.log('\nhost syscalls per message (timed phase, strace -c -f):');
    for (const line of straceOut.split('\n')) {
      const match = /^\s*[\d.]+\s+[\d.]+\s+\d+\s+(\d+)\s+(?:\d+\s+)?(\w+)\s*$/.exec(line);
      if (match !== null) console.log(`  ${match[2]}: ${per(Number(match[1]), timed.messages)}`);
    }
  } else {
    console.log('\n(strace not installed: no syscall counts)');
  }
} finally {
  redis.disconnect();
  await host.stop();
  await ghl.close();
  await redisServer.stop();
}
