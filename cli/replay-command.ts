// `baton replay`: re-runs recorded conversations through the current machine with changed settings and prints the diff report.
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { DEFAULT_PREFIX } from '../services/store/keys';
import { currentClassifier } from '../services/replay/classifier';
import { parseExport } from '../services/replay/export-format';
import { createRedisSource } from '../services/replay/redis-source';
import { fileSource, runReplay, type ConversationSource } from '../services/replay/run';
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
  const progress = createProgress('replay');
  try {
    const report = await runReplay(source, {
      policy,
      overriddenRoutes: Object.keys(flags.threshold) as Route[],
      reclassify: flags.reclassify === true ? currentClassifier() : null,
      classify: currentClassifier(),
      since: flags.since ?? null,
      contactId: flags.contact ?? null,
      settings,
      onProgress: (done, total) => progress.update(done, total),
    });
    progress.stop();
    process.stdout.write(flags.json === true ? `${JSON.stringify(report)}\n` : `${formatReport(report, { maxChanges: flags.maxChanges })}\n`);
  } finally {
    progress.stop();
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
    .action(async (flags: ReplayFlags) => replay(flags));
}
