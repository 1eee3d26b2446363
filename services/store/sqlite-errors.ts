// Start-up errors of the SQLite store: each names the file and says what to do; none is ever answered by a fresh, empty database.

/** The database file cannot be used; the host must not start on it. */
export class SqliteStartupError extends Error {
  readonly code: string;
  readonly path: string;
  constructor(code: string, path: string, message: string, options?: { cause: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    this.path = path;
  }
}

/** The file could not be opened or read (a directory, no permission, a missing volume). */
export function unreadableDatabase(path: string, cause: unknown): SqliteStartupError {
  return new SqliteStartupError(
    'database_unreadable',
    path,
    `cannot open the database ${path}: ${describe(cause)}. Check that the path is a file this process can read and write (DATA_DIR moves it).`,
    { cause },
  );
}

/** The file is not an SQLite database, or fails the integrity check. */
export function corruptDatabase(path: string, detail: string, cause?: unknown): SqliteStartupError {
  return new SqliteStartupError(
    'database_corrupt',
    path,
    `the database ${path} is corrupt or not an SQLite file (${detail}). Nothing was written to it. Restore it from a backup, or move it away to start with an empty database.`,
    cause === undefined ? undefined : { cause },
  );
}

/** The file carries a schema newer than this code knows (a rollback after an upgrade). */
export function schemaTooNew(path: string, found: number, known: number): SqliteStartupError {
  return new SqliteStartupError(
    'schema_too_new',
    path,
    `the database ${path} has schema version ${found}; this version of Baton knows up to ${known}. It was left untouched: run the newer Baton, or restore a backup taken before the upgrade.`,
  );
}

/** The file holds tables that are not Baton's (user_version 0 but not empty). */
export function foreignDatabase(path: string, tables: string[]): SqliteStartupError {
  return new SqliteStartupError(
    'database_foreign',
    path,
    `the database ${path} is not a Baton database (it holds ${tables.slice(0, 5).join(', ')}). It was left untouched; point DATA_DIR elsewhere.`,
  );
}

/** Another live process owns the file: one host process per database file. */
export function databaseInUse(path: string, owner: { pid: number; hostname: string; heartbeatAgoMs: number }, staleAfterMs: number): SqliteStartupError {
  return new SqliteStartupError(
    'database_in_use',
    path,
    `the database ${path} is in use by another Baton process (pid ${owner.pid} on ${owner.hostname}, alive ${Math.round(owner.heartbeatAgoMs)} ms ago). ` +
      `One host process per database file: stop that process, give this one its own DATA_DIR, or use Redis (REDIS_URL) to run several hosts. ` +
      `If that process is gone, start again after ${Math.ceil(staleAfterMs / 1000)} s.`,
  );
}

function describe(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}
