// The SQLite store's schema as numbered migrations; PRAGMA user_version records the last one applied.
import type Database from 'libsql';
import { foreignDatabase, schemaTooNew } from './sqlite-errors';

/**
 * Append-only: a released migration is never edited, a change is a new entry. Migration n (1-based)
 * moves the file from user_version n-1 to n, in one transaction with the version bump.
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE contacts (
    contact_id TEXT PRIMARY KEY,
    version INTEGER NOT NULL,
    record TEXT NOT NULL,
    updated_at INTEGER NOT NULL
  ) WITHOUT ROWID;

  -- Kept across erase, so a redelivery cannot resurrect a deleted contact.
  CREATE TABLE processed (
    contact_id TEXT NOT NULL,
    message_id TEXT NOT NULL,
    expires_at INTEGER NOT NULL,
    PRIMARY KEY (contact_id, message_id)
  ) WITHOUT ROWID;
  CREATE INDEX processed_by_expiry ON processed (expires_at);

  -- Versions are gapless per contact, so retention keeps the versions above (newest - cap).
  CREATE TABLE journal (
    contact_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    entry TEXT NOT NULL,
    PRIMARY KEY (contact_id, version)
  ) WITHOUT ROWID;

  CREATE TABLE transcript (
    id INTEGER PRIMARY KEY,
    contact_id TEXT NOT NULL,
    entry TEXT NOT NULL
  );
  CREATE INDEX transcript_by_contact ON transcript (contact_id, id);

  CREATE TABLE packages (
    contact_id TEXT PRIMARY KEY,
    json TEXT NOT NULL,
    expires_at INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX packages_by_expiry ON packages (expires_at);

  -- id gives the commit order; delivered effects are deleted, failed ones stay for inspection.
  CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    contact_id TEXT NOT NULL,
    effect_id TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'failed')),
    attempts INTEGER NOT NULL,
    last_error TEXT,
    effect TEXT NOT NULL,
    UNIQUE (contact_id, effect_id)
  );
  CREATE INDEX outbox_by_status ON outbox (status, contact_id);

  CREATE TABLE pattern_counts (
    route TEXT NOT NULL,
    pattern TEXT NOT NULL,
    outcomes INTEGER NOT NULL,
    successes INTEGER NOT NULL,
    PRIMARY KEY (route, pattern)
  ) WITHOUT ROWID;

  -- One row: the host process that owns this file (one host process per database file).
  CREATE TABLE host_owner (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    token TEXT NOT NULL,
    pid INTEGER NOT NULL,
    process_started_at REAL NOT NULL,
    hostname TEXT NOT NULL,
    claimed_at INTEGER NOT NULL,
    heartbeat_at INTEGER NOT NULL
  );
  `,
  // 2: the transcript is numbered per contact, so keeping the newest N is an index range delete
  // (trimming by OFFSET walked N index entries on every commit: half the commit's time).
  `
  CREATE TABLE transcript_by_seq (
    contact_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    entry TEXT NOT NULL,
    PRIMARY KEY (contact_id, seq)
  ) WITHOUT ROWID;
  INSERT INTO transcript_by_seq (contact_id, seq, entry)
    SELECT contact_id, row_number() OVER (PARTITION BY contact_id ORDER BY id), entry FROM transcript;
  DROP TABLE transcript;
  ALTER TABLE transcript_by_seq RENAME TO transcript;
  `,
  // 3: bot health samples, bucketed like the Redis hashes (calls, errors, l:<latency edge> per bucket).
  `
  CREATE TABLE health_buckets (
    bot TEXT NOT NULL,
    bucket_start INTEGER NOT NULL,
    field TEXT NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (bot, bucket_start, field)
  ) WITHOUT ROWID;
  `,
  // 4: retention by age: journal and transcript rows carry their time (backfilled from the JSON), indexed
  // per contact so a commit drops its too-old rows with one range delete.
  `
  ALTER TABLE journal ADD COLUMN at INTEGER;
  UPDATE journal SET at = json_extract(entry, '$.decision.at');
  CREATE INDEX journal_by_age ON journal (contact_id, at);
  ALTER TABLE transcript ADD COLUMN at INTEGER;
  UPDATE transcript SET at = json_extract(entry, '$.at');
  CREATE INDEX transcript_by_age ON transcript (contact_id, at);
  `,
  // 5: the in-flight marker: when the first send attempt of a pending effect began (null: none yet).
  `
  ALTER TABLE outbox ADD COLUMN attempted_at INTEGER;
  `,
  // 6: records and journal entries (~1.2 KB of JSON each) move to rowid tables. In a WITHOUT ROWID table a row
  // above ~1 KB (4 KB pages) spills into an overflow page of its own and interior pages hold whole rows, so every
  // commit rewrote two mostly empty overflow pages through a 7-level tree (21,000 of 30,000 pages after 13,000 messages).
  `
  CREATE TABLE contacts_v6 (
    id INTEGER PRIMARY KEY,
    contact_id TEXT NOT NULL UNIQUE,
    version INTEGER NOT NULL,
    record TEXT NOT NULL,
    updated_at INTEGER NOT NULL
  );
  INSERT INTO contacts_v6 (contact_id, version, record, updated_at) SELECT contact_id, version, record, updated_at FROM contacts;
  DROP TABLE contacts;
  ALTER TABLE contacts_v6 RENAME TO contacts;
  CREATE TABLE journal_v6 (
    id INTEGER PRIMARY KEY,
    contact_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    entry TEXT NOT NULL,
    at INTEGER,
    UNIQUE (contact_id, version)
  );
  INSERT INTO journal_v6 (contact_id, version, entry, at) SELECT contact_id, version, entry, at FROM journal ORDER BY contact_id, version;
  DROP TABLE journal;
  ALTER TABLE journal_v6 RENAME TO journal;
  CREATE INDEX journal_by_age ON journal (contact_id, at);
  `,
  // 7: the outbox keeps one index per row, (contact_id, effect_id): an effect lives for milliseconds, and every
  // index took a page write when it was queued and another when it was delivered. The contact's next effect is
  // read through it (its few rows sorted by id); the sweep of contacts with pending effects scans the table.
  `
  DROP INDEX outbox_by_status;
  `,
  // 8: the age trims drop the oldest entries up to the first recent one (as commit.lua and the memory store do),
  // read on the primary order, so the (contact_id, at) indexes only cost two page writes per commit.
  `
  DROP INDEX journal_by_age;
  DROP INDEX transcript_by_age;
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

export function userVersion(db: Database.Database): number {
  const row = db.prepare('PRAGMA user_version').raw().get();
  const value = Array.isArray(row) ? row[0] : undefined;
  return typeof value === 'number' ? value : Number(value ?? 0);
}

/** Tables in the file that are not SQLite's own. */
function tableNames(db: Database.Database): string[] {
  const rows = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").raw().all();
  return rows.flatMap((row) => (Array.isArray(row) && typeof row[0] === 'string' ? [row[0]] : []));
}

/** Refuses, before any write, a file this code must not touch: a newer schema, or someone else's tables. */
export function assertMigratable(db: Database.Database, path: string): number {
  const found = userVersion(db);
  if (found > SCHEMA_VERSION) throw schemaTooNew(path, found, SCHEMA_VERSION);
  if (found === 0) {
    const tables = tableNames(db);
    if (tables.length > 0) throw foreignDatabase(path, tables);
  }
  return found;
}

/** Applies the migrations the file lacks, each atomically with its user_version bump; returns the versions applied. */
export function migrate(db: Database.Database, from: number): number[] {
  const applied: number[] = [];
  for (let version = from + 1; version <= SCHEMA_VERSION; version++) {
    const sql = MIGRATIONS[version - 1];
    if (sql === undefined) break;
    db.transaction(() => {
      db.exec(sql);
      // PRAGMA takes no bound parameters; version is an integer from this loop.
      db.exec(`PRAGMA user_version = ${version}`);
    }).immediate();
    applied.push(version);
  }
  return applied;
}
