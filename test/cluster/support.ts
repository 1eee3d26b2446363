// Cluster test helpers: the seed nodes from the global setup, a store per test with its own prefix, the slot of a key.
import { randomUUID } from 'node:crypto';
import { Cluster } from 'ioredis';
import { afterAll, inject } from 'vitest';
import type { ClusterNodeAddress } from '../../services/store/redis-client';

export function clusterNodes(): ClusterNodeAddress[] {
  return inject('redisClusterNodes')
    .split(',')
    .map((pair) => {
      const [host = '127.0.0.1', port = '0'] = pair.split(':');
      return { host, port: Number(port) };
    });
}

export interface TestCluster {
  readonly nodes: ClusterNodeAddress[];
  /** REDIS_CLUSTER_NODES for a host process. */
  readonly env: string;
  nextPrefix(): string;
  /** An admin connection (closed after the file). */
  admin(): Cluster;
}

export function useTestCluster(): TestCluster {
  const nodes = clusterNodes();
  const base = `ct:${randomUUID().slice(0, 8)}:`;
  let counter = 0;
  const admins: Cluster[] = [];
  afterAll(async () => {
    await Promise.all(admins.map((client) => client.quit().catch(() => client.disconnect())));
  });
  return {
    nodes,
    env: inject('redisClusterNodes'),
    nextPrefix: () => `${base}${++counter}:`,
    admin() {
      const client = new Cluster(nodes);
      admins.push(client);
      return client;
    },
  };
}
