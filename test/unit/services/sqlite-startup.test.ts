// The SQLite store at start-up: it refuses a file it must not use (corrupt, unreadable, foreign, newer, owned by a live process) and leaves it untouched.
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'libsql';
import { describe, expect, it } from 'vitest';
import { sqliteFiles } from '../../support/sqlite-files';
import { createSqliteStore } from '../../../services/store/sqlite';
import { SqliteStartupError } from '../../../services/store/sqlite-errors';
import { MIGRATIONS, SCHEMA_VERSION, userVersion } from '../../../services/store/sqlite-schema';
import { StoreUnavailableError, VersionConflictError } from '../../../services/store/errors';
import { commitInput } from '../../contract/fixtures';

const freshPath = sqliteFiles('sqlite-startup');

const digest = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

function refusal(open: () => unknown): SqliteStartupError {
  try {
    open();
  } catch (error) {
    if (error instanceof SqliteStartupError) return error;
    throw error;
  }
  throw new Error('the store opened');
}

/** A file with committed data, closed cleanly (checkpointed into the main file). */
async function populated(path: string): Promise<void> {
  const store = createSqliteStore({ path });
  for (let v = 0; v < 200; v++) await store.commit(commitInput('c', v, `m${v}`));
  await store.close();
  const db = new Database(path);
  db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  db.close();
}

describe('sqlite store start-up', () => {
  it('creates the folder and the file, migrates it to the current schema, and applies nothing on the next open', async () => {
    const path = join(freshPath(), '..', 'nested', 'deeper', 'baton.db');
    const first = createSqliteStore({ path });
    expect(first.migrated).toEqual(Array.from({ length: SCHEMA_VERSION }, (_, i) => i + 1));
    await first.close();
    const second = createSqliteStore({ path });
    expect(second.migrated).toEqual([]);
    await second.close();
    const db = new Database(path);
    expect(userVersion(db)).toBe(SCHEMA_VERSION);
    db.close();
  });

  it('moves records and journal entries of a version-5 file to rowid tables, keeping versions, order and the version check', async () => {
    const path = freshPath();
    const v5 = new Database(path);
    for (const sql of MIGRATIONS.slice(0, 5)) v5.exec(sql);
    v5.exec('PRAGMA user_version = 5');
    const record = (version: number) => JSON.stringify({ machineVersion: 2, version, snapshot: { note: 'x'.repeat(1_500) } });
    const entry = (version: number) => ({ version, messageId: `m${version}`, pad: 'y'.repeat(1_500) });
    v5.prepare('INSERT INTO contacts (contact_id, version, record, updated_at) VALUES (?, ?, ?, ?)').run('a', 2, record(2), 1);
    const journal = v5.prepare('INSERT INTO journal (contact_id, version, entry, at) VALUES (?, ?, ?, ?)');
    for (const version of [2, 1]) journal.run('a', version, JSON.stringify(entry(version)), version);
    journal.run('b', 1, JSON.stringify(entry(1)), 1);
    v5.close();
    const store = createSqliteStore({ path });
    try {
      expect(store.migrated).toEqual(Array.from({ length: SCHEMA_VERSION - 5 }, (_, i) => i + 6));
      const db = new Database(path);
      const layout = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name IN ('contacts', 'journal') ORDER BY name").raw().all();
      db.close();
      expect(layout.map((row) => (Array.isArray(row) ? String(row[1]).includes('WITHOUT ROWID') : true))).toEqual([false, false]);
      const rows = new Database(path);
      const moved = rows.prepare('SELECT version, record FROM contacts WHERE contact_id = ?').raw().get('a');
      const entries = rows.prepare('SELECT contact_id, version, entry, at FROM journal ORDER BY contact_id, version').raw().all();
      rows.close();
      expect(moved).toEqual([2, record(2)]);
      expect(entries).toEqual([
        ['a', 1, JSON.stringify(entry(1)), 1],
        ['a', 2, JSON.stringify(entry(2)), 2],
        ['b', 1, JSON.stringify(entry(1)), 1],
      ]);
      await expect(store.commit(commitInput('a', 1, 'm3'))).rejects.toBeInstanceOf(VersionConflictError);
      expect(await store.commit(commitInput('a', 2, 'm3'))).toEqual({ status: 'committed', version: 3 });
      expect((await store.load('a'))?.version).toBe(3);
    } finally {
      await store.close();
    }
  });

  it('upgrades a version-1 file in place, keeping each contact\'s transcript in order', async () => {
    const path = freshPath();
    const v1 = new Database(path);
    v1.exec(MIGRATIONS[0] ?? '');
    v1.exec('PRAGMA user_version = 1');
    const insert = v1.prepare('INSERT INTO transcript (contact_id, entry) VALUES (?, ?)');
    for (const [contactId, text] of [['a', 'a1'], ['b', 'b1'], ['a', 'a2'], ['a', 'a3'], ['b', 'b2']] as const) {
      insert.run(contactId, JSON.stringify({ direction: 'inbound', text, at: 1, bot: null, asks: [], messageId: text }));
    }
    v1.close();
    const store = createSqliteStore({ path });
    try {
      expect(store.migrated).toEqual(Array.from({ length: SCHEMA_VERSION - 1 }, (_, i) => i + 2));
      expect((await store.transcript('a')).map((entry) => entry.text)).toEqual(['a1', 'a2', 'a3']);
      expect((await store.transcript('b')).map((entry) => entry.text)).toEqual(['b1', 'b2']);
      await store.commit(commitInput('a', 0, 'm1'));
      expect((await store.transcript('a')).map((entry) => entry.text)).toEqual(['a1', 'a2', 'a3', 'message 1']);
    } finally {
      await store.close();
    }
  });

  it('refuses a file with a newer schema than this code knows and leaves it byte for byte untouched', () => {
    const path = freshPath();
    const db = new Database(path);
    db.exec(`CREATE TABLE contacts (contact_id TEXT PRIMARY KEY); PRAGMA user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    const before = digest(path);
    const error = refusal(() => createSqliteStore({ path }));
    expect(error.code).toBe('schema_too_new');
    expect(error.message).toContain(`schema version ${SCHEMA_VERSION + 1}`);
    expect(error.message).toContain('left untouched');
    expect(digest(path)).toBe(before);
  });

  it('refuses a file that is not an SQLite database, with a clear error and without writing to it', () => {
    const path = freshPath();
    writeFileSync(path, Buffer.alloc(16_384, 0x5a));
    const before = digest(path);
    const error = refusal(() => createSqliteStore({ path }));
    expect(error.code).toBe('database_corrupt');
    expect(error.message).toMatch(/corrupt or not an SQLite file .*Nothing was written/);
    expect(digest(path)).toBe(before);
  });

  it('refuses a database whose pages are damaged instead of starting on it', async () => {
    const path = freshPath();
    await populated(path);
    const bytes = readFileSync(path);
    expect(bytes.length).toBeGreaterThan(4_096 * 8);
    bytes.fill(0xab, 4_096 * 3, 4_096 * 6);
    writeFileSync(path, bytes);
    const error = refusal(() => createSqliteStore({ path }));
    expect(error.code).toBe('database_corrupt');
    expect(digest(path)).toBe(createHash('sha256').update(bytes).digest('hex'));
  });

  it('refuses a path it cannot open as a file, naming the path', () => {
    const path = freshPath();
    mkdirSync(path);
    const error = refusal(() => createSqliteStore({ path }));
    expect(error.code).toBe('database_unreadable');
    expect(error.message).toContain(path);
  });

  it("refuses an SQLite file that holds someone else's tables", () => {
    const path = freshPath();
    const db = new Database(path);
    db.exec('CREATE TABLE invoices (id INTEGER PRIMARY KEY)');
    db.close();
    const before = digest(path);
    const error = refusal(() => createSqliteStore({ path }));
    expect(error.code).toBe('database_foreign');
    expect(error.message).toContain('invoices');
    expect(digest(path)).toBe(before);
  });
});

describe('one host process per database file', () => {
  it('refuses a second store on a file a live store owns, naming its pid, and opens once the first has closed', async () => {
    const path = freshPath();
    const first = createSqliteStore({ path });
    const error = refusal(() => createSqliteStore({ path }));
    expect(error.code).toBe('database_in_use');
    expect(error.message).toContain(`pid ${process.pid}`);
    expect(await first.commit(commitInput('c', 0, 'm1'))).toEqual({ status: 'committed', version: 1 });
    await first.close();
    const second = createSqliteStore({ path });
    expect((await second.load('c'))?.version).toBe(1);
    await second.close();
  });

  it('finishes close() in a process with nothing else to do: ownership released and the file closed before it exits', () => {
    const path = freshPath();
    // The checkpointer's worker thread is unref'd; a close awaiting its exit must still keep the process alive until then.
    const script = [
      "import { createSqliteStore } from './services/store/sqlite.ts';",
      `const store = createSqliteStore({ path: ${JSON.stringify(path)} });`,
      'await store.close();',
      "process.stdout.write('closed');",
    ].join('\n');
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', cwd: join(import.meta.dirname, '../../..') });
    expect({ status: child.status, stdout: child.stdout }).toEqual({ status: 0, stdout: 'closed' });
    const raw = new Database(path);
    expect(raw.prepare('SELECT count(*) FROM host_owner').raw().get()).toEqual([0]);
    raw.close();
  });

  it('takes over at once from an owner that died without closing (kill -9 leaves its row behind)', async () => {
    const path = freshPath();
    const store = createSqliteStore({ path });
    await store.commit(commitInput('c', 0, 'm1'));
    // Forge the row a killed process leaves: a fresh heartbeat, the pid of a process that has exited.
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const deadPid = Number(dead.stdout);
    const raw = new Database(path);
    raw.prepare('UPDATE host_owner SET pid = ?, token = ?, heartbeat_at = ?').run(deadPid, 'killed', Date.now());
    raw.close();
    const restarted = createSqliteStore({ path });
    expect((await restarted.load('c'))?.version).toBe(1);
    await restarted.close();
    await store.close();
  });

  it('refuses every write of a store whose file another process took over', async () => {
    const path = freshPath();
    const store = createSqliteStore({ path });
    try {
      const raw = new Database(path);
      raw.prepare("UPDATE host_owner SET token = 'someone-else'").run();
      raw.close();
      await expect(store.commit(commitInput('c', 0, 'm1'))).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(store.erase('c')).rejects.toBeInstanceOf(StoreUnavailableError);
      expect(await store.ping()).toBe(false);
      expect(await store.load('c')).toBeNull();
    } finally {
      await store.close();
    }
  });
});
