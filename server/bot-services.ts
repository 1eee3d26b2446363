// Wires issue 12's services from the config: remote or built-in bots, shared bot health, GoHighLevel registry and budget.
import type { RedisConnection } from '../services/store/redis-client';
import { BOTS } from '../bots';
import type { ConversationPolicy } from '../domain/policy';
import { BOT_NAMES, type BotName } from '../domain/types';
import { createRemoteBot } from '../services/bots/remote';
import { builtinPort, type BotPort } from '../services/engine/bot-runner';
import { createMemoryRateBudget, createRedisRateBudget, type RateBudget, type RateLimits } from '../services/ghl/rate-budget';
import { createMemoryGhlRegistry, createRedisGhlRegistry, type GhlRegistry } from '../services/ghl/registry';
import { createHealthMonitor, type BotHealthMonitor } from '../services/health/monitor';
import { bucketMsFor, createMemorySampleStore, createRedisSampleStore, type HealthSampleStore, type SampleWindow } from '../services/health/samples';
import type { Config } from './config';

export interface BotServices {
  bots: Record<BotName, BotPort>;
  health: BotHealthMonitor;
  registry: GhlRegistry;
  budget: RateBudget;
  humanIdleReleaseMs: number | null;
  /** Writes the bot-health samples this host counted and not yet wrote (Redis), before its connection closes. */
  close(): Promise<void>;
}

const HOUR_MS = 3_600_000;

const urlOf = (config: Config, bot: BotName): string | undefined =>
  bot === 'lead' ? config.BOT_URL_LEAD : bot === 'buyer' ? config.BOT_URL_BUYER : config.BOT_URL_SELLER;

/** With a Redis client everything here is shared by every host (same prefix); without, it lives in this process. */
export function createBotServices(
  config: Config,
  policy: ConversationPolicy,
  redis: { client: RedisConnection; prefix: string } | null,
  onError: (error: unknown, what: string) => void,
  /** Without Redis, where bot-health samples persist (the SQLite file); memory when absent. */
  localSamples?: (window: SampleWindow) => HealthSampleStore,
): BotServices {
  const port = (bot: BotName): BotPort => {
    const url = urlOf(config, bot);
    return url === undefined ? builtinPort(BOTS[bot]) : createRemoteBot({ name: bot, url, timeoutMs: config.BOT_TIMEOUT_MS, builtin: BOTS[bot] });
  };
  const bots: Record<BotName, BotPort> = { lead: port('lead'), buyer: port('buyer'), seller: port('seller') };
  const window = { windowMs: policy.health.windowMs, bucketMs: bucketMsFor(policy.health.windowMs) };
  const shared = redis === null ? null : createRedisSampleStore(redis.client, redis.prefix, window, config.BOT_HEALTH_FLUSH_MS);
  const samples = shared ?? localSamples?.(window) ?? createMemorySampleStore(window);
  const limits: RateLimits = { max: config.GHL_RATE_MAX, intervalMs: config.GHL_RATE_INTERVAL_MS, daily: config.GHL_RATE_DAILY };
  return {
    bots,
    health: createHealthMonitor({ rules: policy.health, samples, reportCacheMs: config.BOT_HEALTH_CACHE_MS, onReadError: (error) => onError(error, 'read bot health') }),
    registry: redis === null ? createMemoryGhlRegistry() : createRedisGhlRegistry(redis.client, redis.prefix),
    budget: redis === null ? createMemoryRateBudget(limits) : createRedisRateBudget(redis.client, redis.prefix, limits),
    humanIdleReleaseMs: config.HUMAN_IDLE_RELEASE_HOURS === undefined ? null : config.HUMAN_IDLE_RELEASE_HOURS * HOUR_MS,
    close: async () => {
      // The SQLite store writes its own samples when it closes; memory has nothing to write.
      await shared?.close();
    },
  };
}

/** Which bots are remote, for the start-up log line. */
export function remoteBots(services: BotServices): BotName[] {
  return BOT_NAMES.filter((bot) => services.bots[bot].kind === 'remote');
}
