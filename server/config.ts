// Host configuration: read from the environment once at startup and validated with zod.
import { createPublicKey } from 'node:crypto';
import { z } from 'zod';
import type { ConversationPolicy } from '../domain/policy';
import { loadPolicy, PolicyFileError } from './policy-file';
import { DEFAULT_RETRY_POLICY } from '../services/effects/types';
import { DEFAULT_BOT_TIMEOUT_MS, DEFAULT_LOCK, DEFAULT_WINDOW } from '../services/engine/defaults';
import { DEFAULT_GHL_RATE_LIMITS } from '../services/ghl/rate-budget';
import { DEFAULT_REPORT_CACHE_MS } from '../services/health/monitor';
import { DEFAULT_REDIS_SAMPLE_FLUSH_MS } from '../services/health/samples';
import { DEFAULT_LEARNING_REFRESH_MS } from '../services/learning/refresh';
import { DEFAULT_LOG_FLUSH_MS } from '../services/observability/logger';

const intMs = (fallback: number) =>
  z.coerce.number({ error: 'must be a number of milliseconds' }).int('must be a whole number of milliseconds').min(0, 'must be >= 0').default(fallback);

const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });

const emptyToUndefined = (value: unknown): unknown => (typeof value === 'string' && value.trim() === '' ? undefined : value);

const pemPublicKey = z.string().refine(
  (pem) => {
    try {
      return createPublicKey(pem.replace(/\\n/g, '\n')).asymmetricKeyType === 'ed25519';
    } catch {
      return false;
    }
  },
  { message: 'must be an Ed25519 public key in PEM form (-----BEGIN PUBLIC KEY-----)' },
);

const clusterNodeSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9.-]+:\d{1,5}$/, 'must be host:port')
  .transform((text) => {
    const colon = text.lastIndexOf(':');
    return { host: text.slice(0, colon), port: Number(text.slice(colon + 1)) };
  })
  .refine((node) => node.port > 0 && node.port <= 65535, 'port must be 1-65535');

const clusterNodesSchema = z
  .string()
  .transform((text) => text.split(',').filter((part) => part.trim() !== ''))
  .pipe(z.array(clusterNodeSchema).min(1, 'must list at least one host:port'));

export const configSchema = z.object({
  PORT: z.coerce.number({ error: 'must be a port number' }).int('must be a port number').min(0).max(65535, 'must be <= 65535').default(3000),
  REDIS_URL: z.preprocess(emptyToUndefined, z.url({ protocol: /^rediss?$/, error: 'must be a redis:// or rediss:// URL' }).optional()),
  /** Seed nodes of a Redis Cluster (`host:port,host:port,...`): the host uses an ioredis Cluster client instead of REDIS_URL. */
  REDIS_CLUSTER_NODES: z.preprocess(emptyToUndefined, clusterNodesSchema.optional()),
  /** The store: redis (needs REDIS_URL; its default when set), sqlite (the default without REDIS_URL) or memory (state is lost on restart; NODE_ENV=test's default). */
  STORE: z.preprocess(emptyToUndefined, z.enum(['memory', 'sqlite', 'redis']).optional()),
  /** The folder of the SQLite store's file (baton.db); created when missing. */
  DATA_DIR: z.preprocess(emptyToUndefined, z.string().default('./data')),
  /** NORMAL: a commit survives a process crash at once and an OS crash within the 1 s WAL sync; FULL: syncs every commit (slower). */
  SQLITE_SYNCHRONOUS: z.preprocess(emptyToUndefined, z.enum(['NORMAL', 'FULL']).default('NORMAL')),
  ADMIN_TOKEN: z.preprocess(emptyToUndefined, z.string().min(16, 'must be at least 16 characters').optional()),
  GHL_WEBHOOK_PUBLIC_KEY: z.preprocess(emptyToUndefined, pemPublicKey.optional()),
  GHL_API_TOKEN: z.preprocess(emptyToUndefined, z.string().min(1).optional()),
  GHL_API_BASE_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).default('https://services.leadconnectorhq.com'),
  GHL_API_VERSION: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must look like 2021-07-28').default('2021-07-28'),
  GHL_API_TIMEOUT_MS: intMs(10_000),
  MAX_CLOCK_SKEW_MS: intMs(DEFAULT_WINDOW.maxClockSkewMs),
  MAX_MESSAGE_AGE_MS: intMs(DEFAULT_WINDOW.maxMessageAgeMs),
  LOCK_TTL_MS: intMs(DEFAULT_LOCK.ttlMs),
  LOCK_WAIT_MS: intMs(DEFAULT_LOCK.waitMs),
  BOT_TIMEOUT_MS: intMs(DEFAULT_BOT_TIMEOUT_MS),
  /** Each set makes that bot a remote HTTP service (README: "Remote bots"); unset bots stay built in. */
  BOT_URL_LEAD: z.preprocess(emptyToUndefined, httpUrl.optional()),
  BOT_URL_BUYER: z.preprocess(emptyToUndefined, httpUrl.optional()),
  BOT_URL_SELLER: z.preprocess(emptyToUndefined, httpUrl.optional()),
  /** A remote bot that fails, times out or re-asks: answer with the built-in bot's reply, or send nothing. */
  BOT_FALLBACK: z.enum(['builtin', 'none']).default('builtin'),
  /** How long a host reuses the shared bot-health figures before reading them again. */
  BOT_HEALTH_CACHE_MS: intMs(DEFAULT_REPORT_CACHE_MS),
  /** On Redis, how long a host counts bot calls before writing them to the shared buckets in one pipeline; 0: each call at once. */
  BOT_HEALTH_FLUSH_MS: intMs(DEFAULT_REDIS_SAMPLE_FLUSH_MS),
  /** A contact a GoHighLevel user took over returns to a bot after this many hours without a human message; unset: never. */
  HUMAN_IDLE_RELEASE_HOURS: z.preprocess(emptyToUndefined, z.coerce.number({ error: 'must be a number of hours' }).positive('must be > 0').optional()),
  /** GoHighLevel's per-location budget: GHL_RATE_MAX requests per GHL_RATE_INTERVAL_MS, GHL_RATE_DAILY per day. */
  GHL_RATE_MAX: z.coerce.number().int().min(1).default(DEFAULT_GHL_RATE_LIMITS.max),
  GHL_RATE_INTERVAL_MS: intMs(DEFAULT_GHL_RATE_LIMITS.intervalMs),
  GHL_RATE_DAILY: z.coerce.number().int().min(1).default(DEFAULT_GHL_RATE_LIMITS.daily),
  /** Learned thresholds are re-read this often (and on every Redis reconnect), so every host sees every host's outcomes. */
  LEARNING_REFRESH_MS: intMs(DEFAULT_LEARNING_REFRESH_MS),
  EFFECT_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(DEFAULT_RETRY_POLICY.attempts),
  EFFECT_BACKOFF_MS: intMs(DEFAULT_RETRY_POLICY.baseDelayMs),
  SHUTDOWN_GRACE_MS: intMs(10_000),
  /** A JSON file with any part of the ConversationPolicy (thresholds, cooldown, windows, ...), merged over the defaults. */
  POLICY_FILE: z.preprocess(emptyToUndefined, z.string().optional()),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** stdout log lines are written together when 4 KB are buffered or after this long; 0: each line at once. */
  LOG_FLUSH_MS: intMs(DEFAULT_LOG_FLUSH_MS),
  /** The inspector's playground (send a message as a test contact): on outside production, `1` turns it on there, `0` off everywhere. */
  INSPECT_PLAYGROUND: z.preprocess(emptyToUndefined, z.enum(['0', '1']).optional()),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
});

export type Config = z.infer<typeof configSchema>;

/** Whether the inspector's playground is mounted: INSPECT_PLAYGROUND when set, else everywhere but production. */
export function playgroundEnabled(config: Pick<Config, 'INSPECT_PLAYGROUND' | 'NODE_ENV'>): boolean {
  if (config.INSPECT_PLAYGROUND !== undefined) return config.INSPECT_PLAYGROUND === '1';
  return config.NODE_ENV !== 'production';
}

/**
 * The store the host runs on: STORE when set; else Redis with REDIS_URL, memory under NODE_ENV=test
 * (tests never write ./data nor share a file between workers), and the SQLite file otherwise.
 */
export function storeKindOf(config: Pick<Config, 'STORE' | 'REDIS_URL' | 'NODE_ENV'> & Partial<Pick<Config, 'REDIS_CLUSTER_NODES'>>): 'memory' | 'sqlite' | 'redis' {
  if (config.STORE !== undefined) return config.STORE;
  if (config.REDIS_URL !== undefined || config.REDIS_CLUSTER_NODES !== undefined) return 'redis';
  return config.NODE_ENV === 'test' ? 'memory' : 'sqlite';
}

export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

export interface LoadedConfig {
  config: Config;
  /** The conversation policy in force (POLICY_FILE over the defaults). */
  policy: ConversationPolicy;
  /** Things the operator should see at startup (e.g. unsigned webhooks outside production). */
  warnings: string[];
}

/** Parses the environment; throws ConfigError with one line per bad variable. */
export function loadConfig(env: Record<string, string | undefined>): LoadedConfig {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = issue.path.join('.') || '(environment)';
      // Never echo the value: it may be a secret.
      return `${name}: ${issue.message}`;
    });
    throw new ConfigError(problems);
  }
  const config = parsed.data;
  if (config.REDIS_URL !== undefined && config.REDIS_CLUSTER_NODES !== undefined) {
    throw new ConfigError(['REDIS_CLUSTER_NODES: set either REDIS_URL (one Redis) or REDIS_CLUSTER_NODES (a cluster), not both']);
  }
  if (config.STORE === 'redis' && config.REDIS_URL === undefined && config.REDIS_CLUSTER_NODES === undefined) {
    throw new ConfigError(['STORE: redis needs REDIS_URL or REDIS_CLUSTER_NODES']);
  }
  if (config.GHL_WEBHOOK_PUBLIC_KEY !== undefined) {
    config.GHL_WEBHOOK_PUBLIC_KEY = config.GHL_WEBHOOK_PUBLIC_KEY.replace(/\\n/g, '\n');
  }
  let policy: ConversationPolicy;
  try {
    policy = loadPolicy(config.POLICY_FILE);
  } catch (err) {
    if (err instanceof PolicyFileError) throw new ConfigError([err.message]);
    throw err;
  }
  const warnings: string[] = [];
  if (config.GHL_WEBHOOK_PUBLIC_KEY === undefined) {
    if (config.NODE_ENV === 'production') {
      throw new ConfigError(['GHL_WEBHOOK_PUBLIC_KEY: required when NODE_ENV=production (webhook signatures must be verified)']);
    }
    warnings.push('GHL_WEBHOOK_PUBLIC_KEY is not set: webhook signatures are NOT verified; anyone can post messages. Never run like this in production.');
  }
  if (config.ADMIN_TOKEN === undefined) {
    warnings.push('ADMIN_TOKEN is not set: the admin API (/v1/*, /inspect) is open to anyone who can reach this port.');
  }
  if (config.GHL_API_TOKEN === undefined) {
    warnings.push('GHL_API_TOKEN is not set: outbound SMS and CRM writes go to the local log sink, not to GoHighLevel.');
  }
  return { config, policy, warnings };
}
