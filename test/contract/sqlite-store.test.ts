// Runs the store contract against the SQLite store (a real file per test), plus what only a file on disk can show.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../services/store/sqlite';
import { DEFAULT_POLICY } from '../../domain/policy';
import { describeStoreContract } from './store.contract';
import { commitInput, smsEffect } from './fixtures';

const PROCESSED_RETENTION_MS = DEFAULT_POLICY.retention.processedIdsMs;
const root = mkdtempSync(join(tmpdir(), 'baton-sqlite-contract-'));
let files = 0;
const nextPath = () => join(root, `store-${++files}`, 'baton.db');
afterAll(() => rmSync(root, { recursive: true, force: true }));

describeStoreContract('sqlite', () => createSqliteStore({ path: nextPath() }));

describe('sqlite store', () => {
  it('keeps every contact, journal, transcript, package and outbox across a close and a reopen of the file', async () => {
    const path = nextPath();
    const first = createSqliteStore({ path });
    await first.commit(commitInput('c', 0, 'm1', { contextPackage: { json: '{"budget":450000}', ttlMs: 60_000 } }));
    await first.commit(commitInput('c', 1, 'm2', { effects: [smsEffect('c', 'e2'), smsEffect('c', 'e3')] }));
    await first.markEffect('c', 'e2', { status: 'failed', error: 'HTTP 422' });
    await first.patternCounts.increment('lead>buyer', 'buy.preapproved', true);
    await first.close();

    const second = createSqliteStore({ path });
    try {
      expect((await second.load('c'))?.version).toBe(2);
      expect(await second.isProcessed('c', 'm1')).toBe(true);
      expect((await second.journal('c', 10)).map((entry) => entry.version)).toEqual([2, 1]);
      expect((await second.transcript('c')).map((entry) => entry.messageId)).toEqual(['m1', 'm2']);
      expect(await second.contextPackage('c')).toBe('{"budget":450000}');
      expect((await second.pendingEffects('c')).map((item) => item.effect.id)).toEqual(['c-effect-1', 'e3']);
      expect(await second.failedEffects('c')).toEqual([{ effect: smsEffect('c', 'e2'), attempts: 1, status: 'failed', lastError: 'HTTP 422' }]);
      expect(await second.patternCounts.readAll()).toEqual([{ route: 'lead>buyer', pattern: 'buy.preapproved', outcomes: 1, successes: 1 }]);
      expect(second.migrated).toEqual([]);
      expect(await second.commit(commitInput('c', 2, 'm1'))).toEqual({ status: 'duplicate' });
    } finally {
      await second.close();
    }
  });

  it('forgets a processed messageId after the retention period by the injected clock, not before', async () => {
    let now = 1_000_000;
    const store = createSqliteStore({ path: nextPath(), clock: () => now });
    try {
      await store.commit(commitInput('c', 0, 'm1'));
      now += PROCESSED_RETENTION_MS - 1;
      expect(await store.isProcessed('c', 'm1')).toBe(true);
      now += 1;
      expect(await store.isProcessed('c', 'm1')).toBe(false);
      expect(await store.commit(commitInput('c', 1, 'm1'))).toEqual({ status: 'committed', version: 2 });
    } finally {
      await store.close();
    }
  });

  it('expires the context package by the injected clock', async () => {
    let now = 0;
    const store = createSqliteStore({ path: nextPath(), clock: () => now });
    try {
      await store.commit(commitInput('c', 0, 'm1', { contextPackage: { json: '{}', ttlMs: 24 * 3_600_000 } }));
      now = 24 * 3_600_000 - 1;
      expect(await store.contextPackage('c')).toBe('{}');
      now += 1;
      expect(await store.contextPackage('c')).toBeNull();
    } finally {
      await store.close();
    }
  });

  it('names the next effect in commit order, not id order, with failed ones in between', async () => {
    const store = createSqliteStore({ path: nextPath() });
    try {
      await store.commit(commitInput('c', 0, 'm1', { effects: [smsEffect('c', 'z'), smsEffect('c', 'm')] }));
      await store.commit(commitInput('c', 1, 'm2', { effects: [smsEffect('c', 'a')] }));
      await store.commit(commitInput('d', 0, 'm3', { effects: [smsEffect('d', 'b')] }));
      expect((await store.nextEffect('c'))?.effect.id).toBe('z');
      await store.markEffect('c', 'z', { status: 'failed', error: 'HTTP 422' });
      expect((await store.nextEffect('c'))?.effect.id).toBe('m');
      await store.markEffect('c', 'm', { status: 'delivered', error: null });
      expect((await store.nextEffect('c'))?.effect.id).toBe('a');
      expect((await store.contactsWithPendingEffects()).sort()).toEqual(['c', 'd']);
      await store.markEffect('c', 'a', { status: 'delivered', error: null });
      expect(await store.contactsWithPendingEffects()).toEqual(['d']);
    } finally {
      await store.close();
    }
  });

  it('keeps the transcript to the retention cap, dropping the oldest entries', async () => {
    const retention = { ...DEFAULT_POLICY.retention, transcriptEntries: 3, journalEntries: 2 };
    const store = createSqliteStore({ path: nextPath(), retention });
    try {
      for (let v = 0; v < 5; v++) await store.commit(commitInput('c', v, `m${v + 1}`));
      expect((await store.transcript('c')).map((entry) => entry.messageId)).toEqual(['m3', 'm4', 'm5']);
      expect((await store.journal('c', 10)).map((entry) => entry.version)).toEqual([5, 4]);
    } finally {
      await store.close();
    }
  });
});
