// The SQLite store's group commit (sqlite-batch.ts): writes asked for in one turn share one transaction, and each caller still hears only about its own write, after COMMIT.
import { join } from 'node:path';
import Database from 'libsql';
import { describe, expect, it } from 'vitest';
import { sqliteFiles } from '../support/sqlite-files';
import { StoreUnavailableError, VersionConflictError } from '../../services/store/errors';
import { createWriteBatcher } from '../../services/store/sqlite-batch';
import { createSqliteStore } from '../../services/store/sqlite';
import { commitInput, smsEffect } from '../contract/fixtures';

const freshPath = sqliteFiles('sqlite-batch');

/** Another connection to the file: sees only what is committed. */
function committedVersion(path: string, contactId: string): number | null {
  const raw = new Database(path);
  try {
    const row = raw.prepare('SELECT version FROM contacts WHERE contact_id = ?').raw().get(contactId);
    return Array.isArray(row) && typeof row[0] === 'number' ? row[0] : null;
  } finally {
    raw.close();
  }
}

describe('sqlite store: writes of one turn in one transaction', () => {
  it('commits the commits asked for in one turn in one transaction, each answered with its own version', async () => {
    const store = createSqliteStore({ path: freshPath() });
    try {
      const before = store.writeBatches();
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => store.commit(commitInput(`c${i}`, 0, `m${i}`))));
      expect(results).toEqual(Array.from({ length: 20 }, () => ({ status: 'committed', version: 1 })));
      const after = store.writeBatches();
      expect(after.transactions - before.transactions).toBe(1);
      expect(after.writes - before.writes).toBe(20);
      for (let i = 0; i < 20; i++) expect((await store.load(`c${i}`))?.version).toBe(1);
    } finally {
      await store.close();
    }
  });

  it('refuses a conflicting or duplicate commit alone: the others of its transaction stand, and it leaves nothing behind', async () => {
    const store = createSqliteStore({ path: freshPath() });
    try {
      await store.commit(commitInput('taken', 0, 'm-taken'));
      const before = store.writeBatches();
      const [first, conflict, duplicate, last] = await Promise.allSettled([
        store.commit(commitInput('a', 0, 'm-a')),
        store.commit(commitInput('taken', 0, 'm-conflict', { effects: [smsEffect('taken', 'never-queued')] })),
        store.commit(commitInput('taken', 1, 'm-taken')),
        store.commit(commitInput('b', 0, 'm-b')),
      ]);
      expect(store.writeBatches().transactions - before.transactions).toBe(1);
      expect(first).toEqual({ status: 'fulfilled', value: { status: 'committed', version: 1 } });
      expect(conflict.status === 'rejected' && conflict.reason instanceof VersionConflictError).toBe(true);
      expect(duplicate).toEqual({ status: 'fulfilled', value: { status: 'duplicate' } });
      expect(last).toEqual({ status: 'fulfilled', value: { status: 'committed', version: 1 } });
      expect((await store.load('taken'))?.version).toBe(1);
      expect(await store.isProcessed('taken', 'm-conflict')).toBe(false);
      expect((await store.pendingEffects('taken')).map((item) => item.effect.id)).toEqual(['taken-effect-1']);
      expect(await store.journal('taken', 10)).toHaveLength(1);
    } finally {
      await store.close();
    }
  });

  it('answers a commit only once it is in the file: not when asked, and visible to another connection when answered', async () => {
    const path = freshPath();
    const store = createSqliteStore({ path });
    try {
      const pending = store.commit(commitInput('c', 0, 'm1'));
      expect(committedVersion(path, 'c')).toBeNull();
      expect(await pending).toEqual({ status: 'committed', version: 1 });
      expect(committedVersion(path, 'c')).toBe(1);
    } finally {
      await store.close();
    }
  });

  it('groups effect marks with commits, and refuses the whole transaction once another process owns the file', async () => {
    const path = freshPath();
    const store = createSqliteStore({ path });
    try {
      await store.commit(commitInput('c', 0, 'm1'));
      const before = store.writeBatches();
      const [attempt, next] = await Promise.all([store.beginEffectAttempt?.('c', 'c-effect-1', 5_000), store.commit(commitInput('d', 0, 'm2'))]);
      expect(attempt).toBeNull();
      expect(next).toEqual({ status: 'committed', version: 1 });
      expect(store.writeBatches().transactions - before.transactions).toBe(1);

      const raw = new Database(path);
      raw.prepare("UPDATE host_owner SET token = 'someone-else'").run();
      raw.close();
      const refused = await Promise.allSettled([store.commit(commitInput('e', 0, 'm3')), store.markEffect('c', 'c-effect-1', { status: 'delivered', error: null })]);
      expect(refused.map((result) => result.status === 'rejected' && result.reason instanceof StoreUnavailableError)).toEqual([true, true]);
      expect(await store.load('e')).toBeNull();
      expect(await store.pendingEffects('c')).toHaveLength(1);
    } finally {
      await store.close();
    }
  });

  it('commits the writes still queued when the store closes, and refuses writes after', async () => {
    const path = freshPath();
    const store = createSqliteStore({ path });
    const queued = store.commit(commitInput('c', 0, 'm1'));
    await store.close();
    expect(await queued).toEqual({ status: 'committed', version: 1 });
    await expect(store.commit(commitInput('c', 1, 'm2'))).rejects.toBeInstanceOf(StoreUnavailableError);
    const reopened = createSqliteStore({ path });
    try {
      expect((await reopened.load('c'))?.version).toBe(1);
    } finally {
      await reopened.close();
    }
  });
});

describe('createWriteBatcher', () => {
  function table() {
    const db = new Database(join(freshPath()));
    db.exec('CREATE TABLE t (k TEXT PRIMARY KEY)');
    const insert = db.prepare('INSERT INTO t (k) VALUES (?)');
    const keys = () => db.prepare('SELECT k FROM t ORDER BY k').raw().all().map((row) => (Array.isArray(row) ? row[0] : null));
    return { db, insert, keys };
  }

  it('undoes the writes of a write that throws halfway, and only those: the others run again and commit once', async () => {
    const { db, insert, keys } = table();
    const batcher = createWriteBatcher(db, { assertOwner: () => undefined });
    const results = await Promise.allSettled([
      batcher.write(() => insert.run('a')),
      batcher.write(() => {
        insert.run('half');
        throw new Error('halfway');
      }),
      batcher.write(() => insert.run('b')),
    ]);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(keys()).toEqual(['a', 'b']);
    expect(batcher.stats()).toEqual({ transactions: 1, writes: 2 });
    db.close();
  });

  it('refuses a write whose statement fails (a constraint) alone, and commits the others of its turn', async () => {
    const { db, insert, keys } = table();
    const batcher = createWriteBatcher(db, { assertOwner: () => undefined });
    const results = await Promise.allSettled([batcher.write(() => insert.run('a')), batcher.write(() => insert.run('a')), batcher.write(() => insert.run('b'))]);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(keys()).toEqual(['a', 'b']);
    expect(db.inTransaction).toBe(false);
    db.close();
  });

  it('fails every write of a transaction that does not commit, and writes none of them', async () => {
    const { db, insert, keys } = table();
    let owned = true;
    const batcher = createWriteBatcher(db, {
      assertOwner: () => {
        if (!owned) throw new StoreUnavailableError('lost the file');
      },
    });
    owned = false;
    const results = await Promise.allSettled([batcher.write(() => insert.run('a')), batcher.write(() => insert.run('b'))]);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected']);
    expect(keys()).toEqual([]);
    expect(db.inTransaction).toBe(false);
    owned = true;
    await batcher.write(() => insert.run('c'));
    expect(keys()).toEqual(['c']);
    db.close();
  });

  it('splits a longer queue into transactions of at most maxWrites, in the order asked', async () => {
    const { db, insert, keys } = table();
    const batcher = createWriteBatcher(db, { assertOwner: () => undefined, maxWrites: 2 });
    await Promise.all(['a', 'b', 'c', 'd', 'e'].map((key) => batcher.write(() => insert.run(key))));
    expect(keys()).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(batcher.stats()).toEqual({ transactions: 3, writes: 5 });
    db.close();
  });
});
