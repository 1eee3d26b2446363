// The webhook's hot path alone, for npm run bench: the host's app, engine, Redis store and bot services as wiring.ts builds them,
// but no effect dispatcher (effects stay in the outbox), so CPU per message is the inbound path's without delivery. Env as the host's, plus PORT.
// HOT_PATH_HTTP_ONLY=1: the HTTP layer alone (Express, helmet, the request context and access log, body, payload schema, metrics,
// the location memo): the engine answers the first message for real and every later one with that answer, no Redis call. What
// the host costs before the engine does anything: the floor for Baton's own webhook stack.
import { loadConfig } from '../../../server/config';
import { createApp } from '../../../server/app';
import { createBotServices } from '../../../server/bot-services';
import { createEngine } from '../../../services/engine/engine';
import type { InboundResult } from '../../../services/engine/types';
import { createLogger } from '../../../services/observability/logger';
import { createMetrics } from '../../../services/observability/metrics';
import { createRedisConnection } from '../../../services/store/redis-client';
import { createRedisStore } from '../../../services/store/redis';
import { DEFAULT_PREFIX } from '../../../services/store/keys';

const { config, policy } = loadConfig(process.env);
if (config.REDIS_URL === undefined) throw new Error('hot-path-host needs REDIS_URL');
const logger = createLogger({ level: config.LOG_LEVEL, flushMs: config.LOG_FLUSH_MS });
const target = { kind: 'single', url: config.REDIS_URL } as const;
const store = createRedisStore({ target, retention: policy.retention });
const shared = createRedisConnection(target);
const services = createBotServices(config, policy, { client: shared, prefix: DEFAULT_PREFIX }, () => undefined);
const engine = createEngine({
  store,
  policy,
  bots: services.bots,
  health: services.health,
  lock: { ttlMs: config.LOCK_TTL_MS, waitMs: config.LOCK_WAIT_MS },
  window: { maxClockSkewMs: config.MAX_CLOCK_SKEW_MS, maxMessageAgeMs: config.MAX_MESSAGE_AGE_MS },
});
if (process.env['HOT_PATH_HTTP_ONLY'] === '1') {
  const handle = engine.handleInbound.bind(engine);
  let first: Promise<InboundResult> | null = null;
  engine.handleInbound = async (message) => ({ ...(await (first ??= handle(message))), contactId: message.contactId });
}
const app = createApp({ engine, store, config, logger, metrics: createMetrics({ defaultMetrics: true }), ghlRegistry: services.registry });
const server = app.listen(config.PORT, () => {
  logger.info(`baton listening on http://localhost:${config.PORT} (hot path only)`);
  logger.flush();
});
process.on('SIGTERM', () => {
  server.close();
  void Promise.all([store.close(), shared.quit()]).finally(() => process.exit(0));
});
