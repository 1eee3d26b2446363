// Two or three real host processes on fixed ports: kill -9, restart on the same port, SIGSTOP/SIGCONT, and a clean stop.
import { freePort } from '../../setup/redis-server';
import { startHost, type HostProcess } from '../host-process';

export interface Fleet {
  readonly urls: string[];
  readonly hosts: HostProcess[];
  kill9(index: number): Promise<void>;
  restart(index: number): Promise<void>;
  stopAll(): Promise<void>;
}

export async function startFleet(count: number, env: Record<string, string>): Promise<Fleet> {
  const ports = await Promise.all(Array.from({ length: count }, () => freePort()));
  const hosts = await Promise.all(ports.map((port) => startHost(env, port, 60_000)));
  const alive = (host: HostProcess) => host.child.exitCode === null && host.child.signalCode === null;
  return {
    urls: hosts.map((host) => host.url),
    hosts,
    async kill9(index) {
      const host = hosts[index];
      if (host === undefined || !alive(host)) return;
      host.child.kill('SIGKILL');
      await host.exited;
    },
    async restart(index) {
      const port = ports[index];
      if (port === undefined) throw new Error(`no host ${index}`);
      hosts[index] = await startHost(env, port, 60_000);
    },
    async stopAll() {
      await Promise.all(
        hosts.map(async (host) => {
          if (!alive(host)) return;
          host.child.kill('SIGCONT');
          host.child.kill('SIGTERM');
          const timer = setTimeout(() => host.child.kill('SIGKILL'), 15_000);
          await host.exited;
          clearTimeout(timer);
        }),
      );
    },
  };
}

/** The common environment of a fleet: fake GoHighLevel, window off (replayed dates), quick effect retries. */
export function fleetEnv(redis: { REDIS_URL: string } | { REDIS_CLUSTER_NODES: string }, ghl: { url: string; token: string }, extra: Record<string, string> = {}): Record<string, string> {
  return {
    ...redis,
    GHL_API_TOKEN: ghl.token,
    GHL_API_BASE_URL: ghl.url,
    GHL_API_TIMEOUT_MS: '5000',
    EFFECT_BACKOFF_MS: '100',
    EFFECT_ATTEMPTS: '50',
    MAX_CLOCK_SKEW_MS: '0',
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    ...extra,
  };
}
