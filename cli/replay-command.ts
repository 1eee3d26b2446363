// `baton replay`: re-runs recorded conversations through the current machine with changed settings and prints the diff report.
import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import { DEFAULT_PREFIX } from '../services/store/keys';
import { currentClassifier } from '../services/replay/classifier';
import { parseExport } from '../services/replay/export-format';
import { createRedisSource } from '../services/replay/redis-source';
import { runParallelReplay } from '../services/replay/parallel';
import { fileSource, runReplay, type ConversationSource } from '../services/replay/run';
import type { ReplayReport } from '../services/replay/types';
import { describeOverrides, replayPolicy, type ReplayOverrides } from '../services/replay/settings';
import type { Route } from '../domain/types';
import { loadPolicy } from '../server/policy-file';
import { collectThreshold, parseCount, parseDuration, parseTime } from './options';
import { formatReport } from './format-report';
import { createProgress } from './progress';

interface ReplayFlags {
  redisUrl?: string;
  prefix: string;
  file?: string;
  contact?: string;
  since?: number;
  threshold: Partial<Record<Route, number>>;
  cooldown?: number;
  rateHour?: number;
  rateDay?: number;
  depth?: number;
  policy?: string;
  reclassify?: boolean;
  json?: boolean;
  maxChanges: number;
  workers: number;
}

export function defaultRedisUrl(): string {
  return process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
}

async function replay(flags: ReplayFlags): Promise<void> {
  if (flags.file !== undefined && flags.redisUrl !== undefined) throw new Error('give --file or --redis-url, not both');
  const overrides: ReplayOverrides = {
    thresholds: flags.threshold,
    ...(flags.cooldown === undefined ? {} : { cooldownMs: flags.cooldown }),
    ...(flags.rateHour === undefined ? {} : { maxPerHour: flags.rateHour }),
    ...(flags.rateDay === undefined ? {} : { maxPerDay: flags.rateDay }),
    ...(flags.depth === undefined ? {} : { maxChainDepth: flags.depth }),
  };
  // The same file format and defaults as the host's POLICY_FILE; without --policy, the POLICY_FILE the host would read.
  const base = loadPolicy(flags.policy ?? process.env['POLICY_FILE']);
  const policy = replayPolicy(base, overrides);
  const settings = describeOverrides(overrides, {
    ...(flags.policy === undefined ? {} : { policy: flags.policy }),
    ...(flags.reclassify === true ? { reclassify: true } : {}),
  });
  const progress = createProgress('replay');
  const onProgress = (done: number, total: number): void => progress.update(done, total);
  try {
    const report = await produce(flags, { policy, settings, onProgress });
    progress.stop();
    process.stdout.write(flags.json === true ? `${JSON.stringify(report)}\n` : `${formatReport(report, { maxChanges: flags.maxChanges })}\n`);
  } finally {
    progress.stop();
  }
}

/** A Redis replay of many contacts runs on worker threads; a file or one contact runs here. */
async function produce(
  flags: ReplayFlags,
  run: { policy: ReturnType<typeof replayPolicy>; settings: ReplayReport['settings']; onProgress: (done: number, total: number) => void },
): Promise<ReplayReport> {
  const overriddenRoutes = Object.keys(flags.threshold) as Route[];
  const since = flags.since ?? null;
  if (flags.file === undefined && flags.workers > 1 && flags.contact === undefined) {
    return runParallelReplay({
      url: flags.redisUrl ?? defaultRedisUrl(),
      prefix: flags.prefix,
      contactId: null,
      workers: flags.workers,
      job: { policy: run.policy, overriddenRoutes, reclassify: flags.reclassify === true, since },
      settings: run.settings,
      onProgress: run.onProgress,
    });
  }
  let source: ConversationSource;
  let close = async (): Promise<void> => {};
  if (flags.file !== undefined) {
    const text = flags.file === '-' ? await readStdin() : await readFile(flags.file, 'utf8');
    source = fileSource(parseExport(text, flags.file === '-' ? 'stdin' : flags.file));
  } else {
    const redis = createRedisSource({ url: flags.redisUrl ?? defaultRedisUrl(), prefix: flags.prefix });
    source = redis;
    close = () => redis.close();
  }
  try {
    return await runReplay(source, {
      policy: run.policy,
      overriddenRoutes,
      reclassify: flags.reclassify === true ? currentClassifier() : null,
      classify: currentClassifier(),
      since,
      contactId: flags.contact ?? null,
      settings: run.settings,
      onProgress: run.onProgress,
    });
  } finally {
    await close();
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8');
}

export function addReplayCommand(program: Command): void {
  program
    .command('replay')
    .description('re-run recorded conversations through the current machine with changed settings (no writes, no side effects) and report what would differ')
    .option('--redis-url <url>', 'read the journal from this Redis (default $REDIS_URL or redis://127.0.0.1:6379)')
    .option('--prefix <prefix>', 'Redis key prefix', DEFAULT_PREFIX)
    .option('--file <path>', 'read a `baton export` file instead (- for stdin)')
    .option('--contact <id>', 'only this contact')
    .option('--since <time>', 'compare decisions from this time on (ISO time, or 24h / 7d ago); earlier ones only rebuild state', (text) => parseTime(text))
    .option('--threshold <route=value>', 'route threshold for every pattern, e.g. lead>buyer=0.95 (repeatable)', collectThreshold, {})
    .option('--cooldown <duration>', 'pair cooldown, e.g. 20m or 0', parseDuration)
    .option('--rate-hour <n>', 'handoffs allowed per sliding hour', parseCount(1))
    .option('--rate-day <n>', 'handoffs allowed per sliding day', parseCount(1))
    .option('--depth <n>', 'handoff chain depth that escalates', parseCount(1))
    .option('--policy <file>', 'a policy file (the POLICY_FILE format) as the base instead of $POLICY_FILE / the defaults')
    .option('--reclassify', 'read every recorded text again with the current classifier')
    .option('--json', 'print one JSON object instead of text')
    .option('--max-changes <n>', 'changed decisions listed in the text report', parseCount(0), 50)
    .option('--workers <n>', `worker threads for a Redis replay of many contacts (this machine has ${availableParallelism()} CPUs; each worker pays a start-up, so it pays off on long journals)`, parseCount(1), 1)
    .action(async (flags: ReplayFlags) => replay(flags));
}
