// A real in-process host with the inspector mounted (memory store, real engine, in-process dispatcher), listening on 127.0.0.1:0.
import { createApp } from '../../server/app';
import { createInspectRouter } from '../../server/inspect/router';
import { createEngine, type BatonEngine } from '../../services/engine/engine';
import { createInProcessDispatcher } from '../../services/effects/in-process';
import { createSinkSender } from '../../services/effects/senders';
import { createMetrics } from '../../services/observability/metrics';
import { createMemoryStore } from '../../services/store/memory';
import { listen } from '../server/host';
import { memoryLogger } from '../server/support';

export interface InspectorHost {
  url: string;
  engine: BatonEngine;
  close(): Promise<void>;
}

export async function startInspectorHost(adminToken: string): Promise<InspectorHost> {
  const store = createMemoryStore();
  const { logger } = memoryLogger();
  const metrics = createMetrics();
  const dispatcher = createInProcessDispatcher({
    store,
    sender: createSinkSender(logger),
    logger,
    metrics,
    policy: { attempts: 3, baseDelayMs: 10, maxDelayMs: 100, blockedDelayMs: 10 },
  });
  // MAX_CLOCK_SKEW 0: fixed message dates are accepted, as in test/server/host.ts.
  const engine = createEngine({ store, dispatcher, window: { maxClockSkewMs: 0, maxMessageAgeMs: 7_200_000 } });
  const app = createApp({
    engine,
    store,
    config: { ADMIN_TOKEN: adminToken },
    logger,
    metrics,
    inspect: createInspectRouter({ engine }),
  });
  const server = await listen(app);
  return {
    url: server.url,
    engine,
    async close() {
      await server.close();
      await dispatcher.close();
      await store.close();
    },
  };
}
