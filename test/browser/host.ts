// A real in-process host with the inspector mounted (memory store, real engine, in-process dispatcher), listening on 127.0.0.1:0.
import type { Engine } from '../../services/engine/types';
import { createTestHost, listen } from '../server/host';

export interface InspectorHost {
  url: string;
  engine: Engine;
  close(): Promise<void>;
}

export async function startInspectorHost(adminToken: string): Promise<InspectorHost> {
  // MAX_CLOCK_SKEW 0 (the test host's default): fixed message dates are accepted.
  const host = await createTestHost({ adminToken, inspect: true });
  const server = await listen(host.app);
  return {
    url: server.url,
    engine: host.engine,
    async close() {
      await server.close();
      await host.close();
    },
  };
}
