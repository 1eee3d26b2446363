// Liveness, readiness (the store answers, and the host is not shutting down) and Prometheus metrics.
import { Router } from 'express';
import type { ContactStore } from '../../services/store/types';
import type { Metrics } from '../../services/observability/metrics';
import { AppError } from '../errors';

export interface HealthDeps {
  store: ContactStore;
  metrics: Metrics;
  /** True once SIGTERM arrived: readiness fails so the load balancer stops sending traffic. */
  isShuttingDown?: () => boolean;
}

export function healthRouter(deps: HealthDeps): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    if (deps.isShuttingDown?.() === true) throw new AppError(503, 'shutting_down', 'the host is shutting down');
    let reachable = false;
    try {
      reachable = await deps.store.ping();
    } catch {
      reachable = false;
    }
    if (!reachable) throw new AppError(503, 'store_unreachable', `the ${deps.store.kind} store does not answer`);
    res.json({ status: 'ready', store: deps.store.kind });
  });
  router.get('/metrics', async (_req, res) => {
    res.setHeader('Content-Type', deps.metrics.registry.contentType);
    res.send(await deps.metrics.registry.metrics());
  });
  return router;
}
