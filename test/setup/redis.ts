// Per-test-file Redis access: a unique key prefix, connections to the shared test server, all closed afterwards.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, inject } from 'vitest';

export interface TestRedis {
  readonly url: string;
  /** This file's prefix; every key a test writes starts with it. */
  readonly prefix: string;
  /** A fresh sub-prefix (one per test) so tests in one file never see each other's keys. */
  nextPrefix(): string;
  /** A new connection, closed after the file's tests. */
  connect(): Redis;
}

export function useTestRedis(): TestRedis {
  const url = inject('redisUrl');
  const prefix = `test:${randomUUID().slice(0, 8)}:`;
  const connections: Redis[] = [];
  let counter = 0;

  afterAll(async () => {
    const admin = new Redis(url, { lazyConnect: true });
    await admin.connect();
    const stream = admin.scanStream({ match: `${prefix}*`, count: 500 });
    for await (const keys of stream) {
      if (Array.isArray(keys) && keys.length > 0) await admin.unlink(...keys.map(String));
    }
    await Promise.all([admin, ...connections].map((connection) => connection.quit().catch(() => connection.disconnect())));
  });

  return {
    url,
    prefix,
    nextPrefix: () => `${prefix}${++counter}:`,
    connect() {
      const connection = new Redis(url);
      connections.push(connection);
      return connection;
    },
  };
}
