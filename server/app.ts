// createApp(deps): the Express host (webhook, admin API, ops routes) over an injected engine and store.
import express, { Router } from 'express';
import helmet from 'helmet';
import type { Engine } from '../services/engine/types';
import type { ContactStore } from '../services/store/types';
import type { Logger } from '../services/observability/logger';
import type { Metrics } from '../services/observability/metrics';
import type { GhlRegistry } from '../services/ghl/registry';
import type { Config } from './config';
import { errorHandler, notFoundHandler } from './errors';
import { adminAuth } from './middleware/admin-auth';
import { requestContext } from './middleware/request-context';
import { buildOpenApi } from './openapi';
import { botsRouter, type LearnedPattern } from './routes/bots';
import { contactsRouter } from './routes/contacts';
import { liveRouter } from './routes/live';
import type { Live } from './live';
import { healthRouter } from './routes/health';
import { webhookRouter } from './routes/webhook';
import { createSignatureVerifier } from './signature';

export interface AppDeps {
  engine: Engine;
  store: ContactStore;
  config: Pick<Config, 'ADMIN_TOKEN' | 'GHL_WEBHOOK_PUBLIC_KEY'>;
  logger: Logger;
  metrics: Metrics;
  /** Learned thresholds for GET /v1/patterns; [] until learning is wired. */
  patterns?: () => Promise<LearnedPattern[]> | LearnedPattern[];
  /** The inspector page, mounted at /inspect; it guards itself (bearer header or the session its token form sets). */
  inspect?: Router;
  /** The change feed and contact index: GET /v1/contacts, /v1/contacts/:id/events (SSE), /v1/contacts/:id/versions/:version. */
  live?: Live;
  isShuttingDown?: () => boolean;
  version?: string;
  /** Baton's own GoHighLevel sends and contacts' locations (human takeover, per-location budgets). */
  ghlRegistry?: GhlRegistry;
}

export function createApp(deps: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  app.set('query parser', 'simple');
  app.use(requestContext(deps.logger));
  app.use(helmet());

  const verifier = deps.config.GHL_WEBHOOK_PUBLIC_KEY === undefined ? null : createSignatureVerifier(deps.config.GHL_WEBHOOK_PUBLIC_KEY);
  app.use(webhookRouter({ engine: deps.engine, metrics: deps.metrics, verifier, ...(deps.ghlRegistry === undefined ? {} : { registry: deps.ghlRegistry }) }));

  const healthDeps = deps.isShuttingDown === undefined ? { store: deps.store, metrics: deps.metrics } : { store: deps.store, metrics: deps.metrics, isShuttingDown: deps.isShuttingDown };
  app.use(healthRouter(healthDeps));

  const openapi = buildOpenApi(deps.version ?? '0.1.0');
  app.get('/openapi.json', (_req, res) => {
    res.json(openapi);
  });

  const guard = adminAuth(deps.config.ADMIN_TOKEN);
  if (deps.live !== undefined) app.use('/v1', guard, liveRouter({ engine: deps.engine, live: deps.live }));
  app.use('/v1', guard, contactsRouter({ engine: deps.engine, store: deps.store }));
  app.use('/v1', guard, botsRouter(deps.patterns === undefined ? { engine: deps.engine } : { engine: deps.engine, patterns: deps.patterns }));
  // Unknown /v1 paths are refused before they can say whether a route exists.
  app.use('/v1', guard);
  app.use('/inspect', deps.inspect ?? guard);

  app.use(notFoundHandler);
  app.use(errorHandler(deps.logger));
  return app;
}
