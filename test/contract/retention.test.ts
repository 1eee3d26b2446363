// A contact's history stays bounded by the retention policy, by count and by age, in every store.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, type RetentionRules } from '../../domain/policy';
import { createMemoryStore } from '../../services/store/memory';
import { createRedisStore } from '../../services/store/redis';
import { createSqliteStore } from '../../services/store/sqlite';
import type { ContactStore } from '../../services/store/types';
import { useTestRedis } from '../setup/redis';
import { commitInput, decision, inbound } from './fixtures';

const redis = useTestRedis();
const root = mkdtempSync(join(tmpdir(), 'baton-retention-'));
let files = 0;
afterAll(() => rmSync(root, { recursive: true, force: true }));

const factories: Array<[string, (retention: RetentionRules) => ContactStore]> = [
  ['memory', (retention) => createMemoryStore({ retention })],
  ['sqlite', (retention) => createSqliteStore({ path: join(root, `store-${++files}`, 'baton.db'), retention })],
  ['redis', (retention) => createRedisStore({ url: redis.url, prefix: redis.nextPrefix(), retention })],
];

const MINUTE = 60_000;

describe.each(factories)('%s store retention', (_name, create) => {
  const opened: ContactStore[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((store) => store.close()));
  });
  function open(retention: Partial<RetentionRules>): ContactStore {
    const store = create({ ...DEFAULT_POLICY.retention, ...retention });
    opened.push(store);
    return store;
  }

  /** Commits message n of a conversation, one a minute, each with an inbound and an outbound transcript entry. */
  async function say(store: ContactStore, n: number): Promise<void> {
    const at = n * MINUTE;
    const input = commitInput('c', n - 1, `m${n}`, { effects: [] });
    const outbound = { ...inbound(`reply ${n}`, at, null), direction: 'outbound' as const, bot: 'lead' as const };
    await store.commit({
      ...input,
      journal: { ...input.journal, decision: decision(`m${n}`, at) },
      transcript: [inbound(`message ${n}`, at, `m${n}`), outbound],
    });
  }

  it('drops journal and transcript entries older than historyMaxAgeMs, measured back from the newest message', async () => {
    const store = open({ historyMaxAgeMs: 10 * MINUTE });
    for (let n = 1; n <= 30; n++) await say(store, n);
    // Message 30 is at minute 30: minutes 20..30 are within ten minutes of it.
    expect((await store.journal('c', 100)).map((entry) => entry.version)).toEqual(Array.from({ length: 11 }, (_, i) => 30 - i));
    const transcript = await store.transcript('c');
    expect(transcript).toHaveLength(22);
    expect(transcript[0]?.text).toBe('message 20');
    expect(transcript.at(-1)?.text).toBe('reply 30');
  });

  it('keeps the count cap when it is tighter than the age', async () => {
    const store = open({ journalEntries: 4, transcriptEntries: 5, historyMaxAgeMs: 24 * 60 * MINUTE });
    for (let n = 1; n <= 30; n++) await say(store, n);
    expect((await store.journal('c', 100)).map((entry) => entry.version)).toEqual([30, 29, 28, 27]);
    expect((await store.transcript('c')).map((entry) => entry.text)).toEqual(['reply 28', 'message 29', 'reply 29', 'message 30', 'reply 30']);
  });
});
