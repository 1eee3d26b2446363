// Real hosts for the browser suite, listening on 127.0.0.1:0: one in-process host (memory store), or two hosts sharing one Redis.
import type { Intent } from '../../domain/types';
import type { Engine } from '../../services/engine/types';
import { createTestHost, listen } from '../server/host';
import { startRedisHost } from '../support/redis-host';

export interface InspectorHost {
  url: string;
  engine: Engine;
  close(): Promise<void>;
}

export interface InspectorHostOptions {
  adminToken: string;
  /** Reads each message's intent (the built-in classifier by default). */
  classify?: (text: string) => Intent;
}

export async function startInspectorHost(options: InspectorHostOptions): Promise<InspectorHost> {
  // MAX_CLOCK_SKEW 0 (the test host's default): fixed message dates are accepted.
  const host = await createTestHost({ adminToken: options.adminToken, inspect: true, ...(options.classify === undefined ? {} : { overrides: { classify: options.classify } }) });
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

/** Two hosts as two deployments of Baton on one Redis database: a message handled by one must reach a page served by the other. */
export async function startRedisInspectorHosts(redisUrl: string, adminToken: string): Promise<{ a: string; b: string; close(): Promise<void> }> {
  const env = { REDIS_URL: redisUrl, ADMIN_TOKEN: adminToken };
  const [hostA, hostB] = await Promise.all([startRedisHost(env), startRedisHost(env)]);
  const [a, b] = await Promise.all([listen(hostA.host.app), listen(hostB.host.app)]);
  return {
    a: a.url,
    b: b.url,
    async close() {
      await Promise.all([a.close(), b.close()]);
      await Promise.all([hostA.host.close(), hostB.host.close()]);
    },
  };
}
