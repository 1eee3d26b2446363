// The SQLite commit reads version, processed mark and the history's edges in one statement before it writes: duplicates, conflicts and trims as before.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, type RetentionRules } from '../../domain/policy';
import { createSqliteStore } from '../../services/store/sqlite';
import type { ContactStore } from '../../services/store/types';
import { commitInput, decision, inbound } from '../contract/fixtures';

const root = mkdtempSync(join(tmpdir(), 'baton-sqlite-commit-reads-'));
let files = 0;
afterAll(() => rmSync(root, { recursive: true, force: true }));

const MINUTE = 60_000;

/** Commits version n of contact c: its decision dated `journalAt`, its transcript lines dated as given. */
async function commitAt(store: ContactStore, n: number, journalAt: number, lineAts: number[]): Promise<void> {
  const input = commitInput('c', n - 1, `m${n}`, { effects: [] });
  await store.commit({
    ...input,
    journal: { ...input.journal, decision: decision(`m${n}`, journalAt) },
    transcript: lineAts.map((at, i) => inbound(`line ${n}.${i}`, at, i === 0 ? `m${n}` : null)),
  });
}

async function history(store: ContactStore) {
  return {
    journal: (await store.journal('c', 100)).map((entry) => entry.version),
    transcript: (await store.transcript('c')).map((entry) => entry.text),
  };
}

describe('sqlite commit: the reads before the writes', () => {
  // Dates that go back in time are not what the engine commits (it keeps a contact's clock monotonic), which is
  // what makes them a test: the oldest entry after a count trim is not the oldest one read before the commit.
  it('trims by count, then by age from the oldest entry left, and dates a first transcript line from the commit itself', async () => {
    const retention: RetentionRules = { ...DEFAULT_POLICY.retention, journalEntries: 3, transcriptEntries: 4, historyMaxAgeMs: 10 * MINUTE };
    const store = createSqliteStore({ path: join(root, `store-${++files}`, 'baton.db'), retention });
    try {
      await commitAt(store, 1, 100 * MINUTE, [100 * MINUTE]);
      await commitAt(store, 2, 0, [0, 100 * MINUTE]);
      await commitAt(store, 3, 100 * MINUTE, [100 * MINUTE]);
      expect(await history(store)).toEqual({ journal: [3, 2, 1], transcript: ['line 1.0', 'line 2.0', 'line 2.1', 'line 3.0'] });
      // The count trims drop version 1 and line 1.0; the oldest left (version 2, line 2.0, at minute 0) are too old.
      await commitAt(store, 4, 100 * MINUTE, [100 * MINUTE]);
      expect(await history(store)).toEqual({ journal: [4, 3], transcript: ['line 2.1', 'line 3.0', 'line 4.0'] });
      await commitAt(store, 5, 101 * MINUTE, []);
      await commitAt(store, 6, 102 * MINUTE, [5 * MINUTE]);
      expect(await history(store)).toEqual({ journal: [6, 5, 4], transcript: ['line 2.1', 'line 3.0', 'line 4.0', 'line 6.0'] });

      // A contact's first commit whose first line is already too old.
      const first = commitInput('d', 0, 'd1', { effects: [] });
      await store.commit({ ...first, journal: { ...first.journal, decision: decision('d1', 100 * MINUTE) }, transcript: [inbound('old', 0, 'd1'), inbound('new', 100 * MINUTE, null)] });
      expect((await store.transcript('d')).map((entry) => entry.text)).toEqual(['new']);
    } finally {
      await store.close();
    }
  });

  it('answers duplicate before it checks the version, and a conflict with the stored version, for a new contact too', async () => {
    const store = createSqliteStore({ path: join(root, `store-${++files}`, 'baton.db') });
    try {
      await expect(store.commit(commitInput('new', 2, 'm1'))).rejects.toMatchObject({ code: 'version_conflict' });
      await store.commit(commitInput('c', 0, 'm1'));
      expect(await store.commit(commitInput('c', 5, 'm1'))).toEqual({ status: 'duplicate' });
      expect(await store.commit(commitInput('c', 1, null))).toEqual({ status: 'committed', version: 2 });
    } finally {
      await store.close();
    }
  });
});
