// The live admin API, mounted under /v1 (bearer token) and under /inspect/api (the inspector's session): list, SSE events, versions.
import { Router } from 'express';
import type { Engine } from '../../services/engine/types';
import type { Live } from '../live';
import { contactEventsRouter } from './contact-events';
import { contactListRouter } from './contact-list';
import { contactVersionsRouter } from './contact-versions';

export interface LiveRouterDeps {
  engine: Pick<Engine, 'view' | 'journal' | 'transcript' | 'policy'>;
  live: Live;
  onError?: (error: unknown) => void;
}

export function liveRouter(deps: LiveRouterDeps): Router {
  const router = Router();
  router.use(contactListRouter({ index: deps.live.index }));
  router.use(
    contactEventsRouter({ engine: deps.engine, feed: deps.live.feed, streams: deps.live.streams, ...(deps.onError === undefined ? {} : { onError: deps.onError }) }),
  );
  router.use(contactVersionsRouter({ engine: deps.engine }));
  return router;
}
