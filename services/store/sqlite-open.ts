// Opens the SQLite file for the store: refuses a corrupt, unreadable, foreign or newer file before writing anything, then WAL and migrations.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'libsql';
import { corruptDatabase, SqliteStartupError, unreadableDatabase } from './sqlite-errors';
import { assertMigratable, migrate } from './sqlite-schema';

export type SynchronousMode = 'FULL' | 'NORMAL';

export interface OpenOptions {
  /** FULL: a commit is on disk when it returns. NORMAL (default): survives a process crash; a power loss can lose the commits since the last WAL sync. */
  synchronous?: SynchronousMode;
  /** How long a statement waits for a lock held by another connection (a reader, a backup). */
  busyTimeoutMs?: number;
  /** Runs PRAGMA quick_check on an existing file (default true): a damaged page is refused at start-up, not met mid-conversation. */
  integrityCheck?: boolean;
}

export interface OpenedDatabase {
  db: Database.Database;
  /** Migrations applied by this open (empty when the file was current). */
  migrated: number[];
}

const CORRUPT_CODES = new Set(['SQLITE_NOTADB', 'SQLITE_CORRUPT']);

function sqliteCode(error: unknown): string | null {
  if (typeof error !== 'object' || error === null || !('code' in error)) return null;
  const code = (error as { code: unknown }).code;
  return typeof code === 'string' ? code : null;
}

/** Maps a failure while opening to a start-up error that names the file and the way out. */
function startupError(path: string, error: unknown): SqliteStartupError {
  if (error instanceof SqliteStartupError) return error;
  const code = sqliteCode(error);
  if (code !== null && CORRUPT_CODES.has(code)) return corruptDatabase(path, error instanceof Error ? error.message : code, error);
  return unreadableDatabase(path, error);
}

function quickCheck(db: Database.Database, path: string): void {
  const rows = db.prepare('PRAGMA quick_check').raw().all();
  const first = rows[0];
  const verdict = Array.isArray(first) ? first[0] : undefined;
  if (verdict !== 'ok') throw corruptDatabase(path, `integrity check: ${String(verdict)}`);
}

export function openDatabase(path: string, options: OpenOptions = {}): OpenedDatabase {
  try {
    mkdirSync(dirname(path), { recursive: true });
  } catch (error) {
    throw unreadableDatabase(path, error);
  }
  let db: Database.Database;
  try {
    db = new Database(path, { timeout: options.busyTimeoutMs ?? 5_000 });
  } catch (error) {
    throw startupError(path, error);
  }
  try {
    // Reads only, until every refusal has had its chance: a refused file is left byte for byte as it was.
    const found = assertMigratable(db, path);
    if (found > 0 && options.integrityCheck !== false) quickCheck(db, path);
    const mode = db.prepare('PRAGMA journal_mode = WAL').raw().get();
    if (!Array.isArray(mode) || mode[0] !== 'wal') throw unreadableDatabase(path, `journal_mode WAL refused (${JSON.stringify(mode)})`);
    db.exec(`PRAGMA synchronous = ${options.synchronous ?? 'NORMAL'}`);
    db.exec('PRAGMA cache_size = -65536');
    const migrated = migrate(db, found);
    return { db, migrated };
  } catch (error) {
    db.close();
    throw startupError(path, error);
  }
}
