// Wires configuration → store → engine → effect dispatcher → app, as main.ts runs it (and the fault tests).
import type express from 'express';
import { DEFAULT_POLICY, type ConversationPolicy } from '../domain/policy';
import { createEngine, type BatonEngine, type EngineDeps } from '../services/engine/engine';
import type { Engine } from '../services/engine/types';
import { createBullmqDispatcher } from '../services/effects/bullmq';
import { createInProcessDispatcher } from '../services/effects/in-process';
import { createGhlSender, createSinkSender } from '../services/effects/senders';
import { DEFAULT_RETRY_POLICY, type EffectDispatcher, type EffectSender, type RetryPolicy } from '../services/effects/types';
import { createGhlClient } from '../services/ghl/client';
import { createPatternLearning } from '../services/learning/patterns';
import { keepLearningFresh } from '../services/learning/refresh';
import { registerBotHealthMetrics } from '../services/observability/bot-health-metrics';
import { createBotServices, remoteBots } from './bot-services';
import type { Logger } from '../services/observability/logger';
import { createMetrics, type Metrics } from '../services/observability/metrics';
import { createRedisConnection } from '../services/store/redis-client';
import { DEFAULT_PREFIX, learningPatternsKey } from '../services/store/keys';
import type { ContactStore } from '../services/store/types';
import { observeCommits } from '../services/store/observed-store';
import { PLACES } from '../domain/decision';
import { createLive } from './live';
import { resolve } from 'node:path';
import { backfillContactIndex } from '../services/store/sqlite-contact-backfill';
import { createApp } from './app';
import { createInspectRouter } from './inspect/router';
import { playgroundEnabled, type Config } from './config';
import { chooseStore, SQLITE_FILE_NAME } from './store-choice';

export interface Host {
  app: express.Express;
  store: ContactStore;
  engine: BatonEngine;
  dispatcher: EffectDispatcher;
  metrics: Metrics;
  /** Set by the shutdown sequence; /readyz answers 503 from then on. */
  markShuttingDown(): void;
  /** Stops the periodic sweep, drains deliveries in flight, closes Redis connections. */
  close(): Promise<void>;
}

/** Re-queues outbox effects that could not be queued when committed (e.g. Redis blipped). */
const SWEEP_INTERVAL_MS = 60_000;

/** A restarted host answers with the learned thresholds from its first message, unless Redis takes longer than this. */
const FIRST_LEARNING_LOAD_WAIT_MS = 2_000;

/** Seams for tests (main.ts passes none): everything else comes from the Config and the policy, as in production. */
export interface HostOverrides {
  /** Reads each message's intent; the built-in classifier by default. */
  classify?: EngineDeps['classify'];
  /** The engine's clock (message window, bot health); Date.now by default. */
  clock?: () => number;
  /** Where effects are delivered instead of GoHighLevel or the log sink (e.g. a fake GoHighLevel). */
  sender?: EffectSender;
  /** Wraps the engine the routes call (tests count calls); the inspector and Host.engine keep the real one. */
  wrapEngine?: (engine: BatonEngine) => Engine;
}

export async function buildHost(config: Config, logger: Logger, policy: ConversationPolicy = DEFAULT_POLICY, overrides: HostOverrides = {}): Promise<Host> {
  const metrics = createMetrics({ defaultMetrics: config.NODE_ENV !== 'test' });
  const onRedisError = (error: Error) => logger.warn({ err: error.message }, 'redis connection error');
  const chosen = chooseStore(config, policy, logger);
  const { patternCounts, healthSamples, redis } = chosen;
  // Every committed version is pushed to SSE clients (on every host, over Redis pub/sub) and kept in the contact list.
  const onLiveError = (error: unknown, what = 'live feed') => logger.warn({ err: error instanceof Error ? error.message : String(error), what }, 'live inspector feed');
  const live = createLive({ redis, topStates: PLACES, onError: onLiveError });
  const store = observeCommits(chosen.store, { feed: live.feed, index: live.index, onError: onLiveError });
  // The embedded store's list lives in the process: rebuilt from the file so a restart keeps it (Redis keeps its own).
  if (chosen.store.kind === 'sqlite') {
    const indexed = await backfillContactIndex(resolve(config.DATA_DIR, SQLITE_FILE_NAME), live.index).catch((error: unknown) => {
      onLiveError(error, 'contact list backfill');
      return 0;
    });
    logger.info({ contacts: indexed }, 'contact list rebuilt from the SQLite file');
  }

  const learningClient = redis === null ? null : createRedisConnection(redis, { onError: onRedisError });
  const learning = createPatternLearning({
    routeDefaults: policy.thresholds,
    rules: policy.learning,
    ...(learningClient === null ? {} : { redis: { client: learningClient, key: learningPatternsKey(DEFAULT_PREFIX) } }),
    ...(patternCounts === null ? {} : { backend: patternCounts }),
  });
  // Loaded on every Redis (re)connect and every LEARNING_REFRESH_MS; the start waits a little for the first load.
  const freshness = keepLearningFresh(learning, {
    client: learningClient,
    intervalMs: config.LEARNING_REFRESH_MS,
    onError: (err) => logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'learned thresholds not loaded; route defaults apply until the next refresh'),
    onLoaded: (patterns) => logger.debug({ patterns }, 'learned thresholds loaded'),
  });
  await Promise.race([freshness.firstLoad, new Promise((resolve) => setTimeout(resolve, FIRST_LEARNING_LOAD_WAIT_MS).unref())]);
  const services = createBotServices(config, policy, learningClient === null ? null : { client: learningClient, prefix: DEFAULT_PREFIX }, (err, what) =>
    logger.warn({ err: err instanceof Error ? err.message : String(err), what }, 'bot services'),
    healthSamples ?? undefined,
  );

  const sender =
    overrides.sender ??
    (config.GHL_API_TOKEN === undefined
      ? createSinkSender(logger)
      : createGhlSender(
          createGhlClient({ baseUrl: config.GHL_API_BASE_URL, token: config.GHL_API_TOKEN, version: config.GHL_API_VERSION, timeoutMs: config.GHL_API_TIMEOUT_MS }),
          { budget: services.budget, registry: services.registry },
        ));
  const retry: RetryPolicy = { ...DEFAULT_RETRY_POLICY, attempts: config.EFFECT_ATTEMPTS, baseDelayMs: config.EFFECT_BACKOFF_MS };
  const deliveryDeps = { store, sender, logger, metrics, policy: retry };
  const dispatcher =
    redis === null
      ? createInProcessDispatcher(deliveryDeps)
      : createBullmqDispatcher({ ...deliveryDeps, redis, lockDurationMs: Math.max(5_000, config.GHL_API_TIMEOUT_MS * 2) });

  const engine = createEngine({
    store,
    policy,
    ...(overrides.classify === undefined ? {} : { classify: overrides.classify }),
    ...(overrides.clock === undefined ? {} : { clock: overrides.clock }),
    dispatcher,
    learning,
    bots: services.bots,
    botFallback: config.BOT_FALLBACK,
    health: services.health,
    humanIdleReleaseMs: services.humanIdleReleaseMs,
    lock: { ttlMs: config.LOCK_TTL_MS, waitMs: config.LOCK_WAIT_MS },
    botTimeoutMs: config.BOT_TIMEOUT_MS,
    window: { maxClockSkewMs: config.MAX_CLOCK_SKEW_MS, maxMessageAgeMs: config.MAX_MESSAGE_AGE_MS },
    onLockWait: (waitedMs, acquired) => {
      metrics.lockWaits.inc({ outcome: acquired ? 'acquired' : 'busy' });
      metrics.lockWaitSeconds.observe(waitedMs / 1000);
    },
    onBackgroundError: (error, what) => logger.warn({ err: error instanceof Error ? error.message : String(error), what }, 'background task failed'),
  });

  let shuttingDown = false;
  const app = createApp({
    engine: overrides.wrapEngine === undefined ? engine : overrides.wrapEngine(engine),
    store,
    config,
    logger,
    metrics,
    patterns: () => engine.learning.list(),
    live,
    inspect: createInspectRouter({
      engine,
      live,
      adminToken: config.ADMIN_TOKEN,
      playground: playgroundEnabled(config),
      ...(overrides.clock === undefined ? {} : { clock: overrides.clock }),
      onError: onLiveError,
    }),
    isShuttingDown: () => shuttingDown,
    ghlRegistry: services.registry,
  });
  registerBotHealthMetrics(metrics.registry, () => engine.health());
  if (remoteBots(services).length > 0) logger.info({ remote: remoteBots(services), fallback: config.BOT_FALLBACK }, 'remote bots');

  const sweep = async (why: string): Promise<void> => {
    try {
      const count = await dispatcher.sweep();
      if (count > 0) logger.info({ count, why }, 'pending effects re-queued');
    } catch (err) {
      logger.warn({ err: err instanceof Error ? err.message : String(err), why }, 'effect sweep failed');
    }
  };
  // Effects committed before a crash and never delivered go out now, once (the outbox says which).
  await sweep('startup');
  const timer = setInterval(() => void sweep('periodic'), SWEEP_INTERVAL_MS);
  timer.unref();

  return {
    app,
    store,
    engine,
    dispatcher,
    metrics,
    markShuttingDown() {
      shuttingDown = true;
      // Open SSE streams would hold server.close() until the deadline.
      live.endStreams();
    },
    async close() {
      clearInterval(timer);
      freshness.stop();
      await live.close();
      await dispatcher.close();
      await store.close();
      await services.close().catch((error: unknown) => logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'bot-health samples not written at close'));
      if (learningClient !== null) await learningClient.quit().catch(() => undefined);
    },
  };
}
