// Picks the store the host runs on: Redis with REDIS_URL, else the durable SQLite file, or memory when STORE=memory.
import { resolve } from 'node:path';
import type { ConversationPolicy } from '../domain/policy';
import type { HealthSampleStore, SampleWindow } from '../services/health/samples';
import type { PatternCountsBackend } from '../services/learning/patterns';
import type { Logger } from '../services/observability/logger';
import { createMemoryStore } from '../services/store/memory';
import { createRedisStore } from '../services/store/redis';
import { createSqliteStore } from '../services/store/sqlite';
import type { ContactStore } from '../services/store/types';
import type { RedisTarget } from '../services/store/redis-client';
import { storeKindOf, type Config } from './config';

export const SQLITE_FILE_NAME = 'baton.db';

export interface ChosenStore {
  store: ContactStore;
  /** Where learned-pattern counts persist when it is not Redis (the SQLite file). */
  patternCounts: PatternCountsBackend | null;
  /** Where bot-health samples persist when it is not Redis (the SQLite file). */
  healthSamples: ((window: SampleWindow) => HealthSampleStore) | null;
  /** Set when the host runs on Redis (one server or a cluster): the dispatcher and pattern learning use it too. */
  redis: RedisTarget | null;
}

/** REDIS_CLUSTER_NODES (a cluster) or REDIS_URL (one server); loadConfig refuses both at once. */
export function redisTargetOf(config: Pick<Config, 'REDIS_URL' | 'REDIS_CLUSTER_NODES'>): RedisTarget | null {
  if (config.REDIS_CLUSTER_NODES !== undefined) return { kind: 'cluster', nodes: config.REDIS_CLUSTER_NODES };
  if (config.REDIS_URL !== undefined) return { kind: 'single', url: config.REDIS_URL };
  return null;
}

/** Opens the configured store; a SQLite file that cannot be used throws SqliteStartupError (the host does not start). */
export function chooseStore(config: Config, policy: ConversationPolicy, logger: Logger): ChosenStore {
  const kind = storeKindOf(config);
  const redis = redisTargetOf(config);
  if (kind === 'redis' && redis !== null) {
    const onError = (error: Error) => logger.warn({ err: error.message }, 'redis connection error');
    return { store: createRedisStore({ target: redis, onError, retention: policy.retention }), patternCounts: null, healthSamples: null, redis };
  }
  if (kind === 'memory') {
    logger.warn('STORE=memory: running on the in-memory store (state is lost on restart; one process only)');
    return { store: createMemoryStore({ retention: policy.retention }), patternCounts: null, healthSamples: null, redis: null };
  }
  const path = resolve(config.DATA_DIR, SQLITE_FILE_NAME);
  const store = createSqliteStore({
    path,
    retention: policy.retention,
    synchronous: config.SQLITE_SYNCHRONOUS,
    onOwnershipLost: () => logger.error({ path }, 'another process took over the database file: this host refuses every write from now on'),
  });
  logger.info(
    { path, synchronous: config.SQLITE_SYNCHRONOUS, migrated: store.migrated },
    `SQLite store at ${path}: conversations survive restarts; one host process per file (REDIS_URL to run several)`,
  );
  return { store, patternCounts: store.patternCounts, healthSamples: store.healthSamples, redis: null };
}
