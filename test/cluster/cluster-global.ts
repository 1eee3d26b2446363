// Vitest globalSetup for npm run test:cluster: starts the local three-master cluster (cluster.sh) and stops it afterwards.
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    redisClusterNodes: string;
  }
}

const run = promisify(execFile);
const SCRIPT = resolve(import.meta.dirname, 'cluster.sh');

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const { stdout } = await run('bash', [SCRIPT, 'start'], { env: process.env });
  const line = stdout.split('\n').find((text) => text.startsWith('REDIS_CLUSTER_NODES='));
  if (line === undefined) throw new Error(`cluster.sh start printed no REDIS_CLUSTER_NODES:\n${stdout}`);
  project.provide('redisClusterNodes', line.slice('REDIS_CLUSTER_NODES='.length));
  return async () => {
    await run('bash', [SCRIPT, 'stop'], { env: process.env });
  };
}
