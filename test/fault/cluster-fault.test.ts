// Faults under load on a three-master Redis Cluster: every client connection of two masters is killed (CLIENT KILL) mid-run.
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisStore } from '../../services/store/redis';
import type { ContactStore } from '../../services/store/types';
import { startFakeGhl, type FakeGhl } from '../fakes/ghl-server';
import { fleetEnv, startFleet, type Fleet } from './load/fleet';
import { runScenario } from './load/scenario';
import { loadMessages } from './load/sender';

const run = promisify(execFile);
const SCRIPT = resolve(import.meta.dirname, '../cluster/cluster.sh');
/** Its own ports, so it never meets the cluster of npm run test:cluster. */
const CLUSTER_ENV = { ...process.env, BATON_CLUSTER_PORT: '7201' };
const MASTERS = [7201, 7202];

/** A loaded 2-core CI box runs one of these in 1-2 minutes; vitest's default for the suite is 120 s. */
const LOAD_TEST_TIMEOUT_MS = 300_000;

describe('faults under load on a Redis Cluster', () => {
  let nodesEnv = '';
  let fake: FakeGhl;
  let fleet: Fleet;
  let store: ContactStore;

  beforeAll(async () => {
    const { stdout } = await run('bash', [SCRIPT, 'start'], { env: CLUSTER_ENV });
    nodesEnv = (stdout.split('\n').find((line) => line.startsWith('REDIS_CLUSTER_NODES=')) ?? '').slice('REDIS_CLUSTER_NODES='.length);
    fake = await startFakeGhl();
    fleet = await startFleet(2, fleetEnv({ REDIS_CLUSTER_NODES: nodesEnv }, fake));
    const nodes = nodesEnv.split(',').map((pair) => ({ host: '127.0.0.1', port: Number(pair.split(':')[1]) }));
    store = createRedisStore({ target: { kind: 'cluster', nodes } });
  }, 120_000);
  afterAll(async () => {
    await fleet.stopAll();
    await store.close();
    await fake.close();
    await run('bash', [SCRIPT, 'stop'], { env: CLUSTER_ENV });
  });

  it('loses nothing and commits nothing twice when two masters drop every client connection under load', async () => {
    const messages = loadMessages('ck', 200, 10, Date.UTC(2026, 4, 1, 9));
    let killed = 0;
    const row = await runScenario({
      name: 'cluster CLIENT KILL on 2 masters',
      messages,
      hosts: () => fleet.urls,
      store,
      fake,
      faultAfter: Math.floor(messages.length / 3),
      fault: async () => {
        for (const port of MASTERS) {
          const admin = new Redis({ host: '127.0.0.1', port });
          killed += Number(await admin.call('CLIENT', 'KILL', 'TYPE', 'normal'));
          await admin.quit();
        }
      },
    });
    expect(killed).toBeGreaterThan(0);
    expect({ lost: row.lost, duplicated: row.duplicated, versionGaps: row.versionGaps, effectsMissing: row.effectsMissing, effectsLeft: row.effectsLeft }).toEqual({
      lost: 0,
      duplicated: 0,
      versionGaps: 0,
      effectsMissing: 0,
      effectsLeft: 0,
    });
    expect(row.effectsTwice).toBeLessThanOrEqual(16);
    expect(row.notOkKinds).not.toMatch(/(^|\s)5\d\d:/);
    expect(row.ok200).toBeGreaterThan(row.sent * 0.9);
  }, LOAD_TEST_TIMEOUT_MS);
});
