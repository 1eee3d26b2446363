// The in-process view of learned counts against Redis and SQLite while records and refreshes overlap: never an outcome lost or counted twice.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEFAULT_POLICY } from '../../domain/policy';
import { createPatternLearning, type PatternLearning } from '../../services/learning/patterns';
import { createSqliteStore } from '../../services/store/sqlite';
import { freshRedisDatabase } from '../support/redis-host';

const RECORDS = 300;
const outcome = { route: 'lead>buyer', pattern: 'buy.preapproved', outcome: 'successful' } as const;

/** Records and refreshes started together, refreshes between every record, all in flight at once. */
async function recordWhileRefreshing(learning: PatternLearning): Promise<void> {
  const work: Array<Promise<void>> = [];
  for (let i = 0; i < RECORDS; i += 1) {
    work.push(learning.record(outcome));
    work.push(learning.refresh());
  }
  await Promise.all(work);
}

const viewOf = (learning: PatternLearning) => learning.list().map(({ outcomes, successes }) => ({ outcomes, successes }));

describe('the learned-count view while records and refreshes overlap', () => {
  let redisUrl = '';
  beforeAll(async () => {
    redisUrl = await freshRedisDatabase(inject('redisUrl'), 12);
  });

  it(`on Redis shows exactly ${RECORDS} outcomes after ${RECORDS} records with a refresh after each`, async () => {
    const client = new Redis(redisUrl);
    try {
      const learning = createPatternLearning({ routeDefaults: DEFAULT_POLICY.thresholds, redis: { client, key: 'baton:learning:view-test' } });
      await recordWhileRefreshing(learning);
      expect(viewOf(learning)).toEqual([{ outcomes: RECORDS, successes: RECORDS }]);
      await learning.refresh();
      expect(viewOf(learning)).toEqual([{ outcomes: RECORDS, successes: RECORDS }]);
    } finally {
      await client.quit();
    }
  });

  describe('on SQLite', () => {
    let dir = '';
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'baton-learning-view-'));
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it(`shows exactly ${RECORDS} outcomes after ${RECORDS} records with a refresh after each`, async () => {
      const store = createSqliteStore({ path: join(dir, 'baton.db') });
      try {
        const learning = createPatternLearning({ routeDefaults: DEFAULT_POLICY.thresholds, backend: store.patternCounts });
        await recordWhileRefreshing(learning);
        expect(viewOf(learning)).toEqual([{ outcomes: RECORDS, successes: RECORDS }]);
      } finally {
        await store.close();
      }
    });
  });
});
