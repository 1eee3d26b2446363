// One host process per database file: an owner row (token, pid, heartbeat) claimed at start-up and checked by every commit.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type Database from 'libsql';
import { z } from 'zod';
import { databaseInUse } from './sqlite-errors';
import { StoreUnavailableError } from './errors';

export interface OwnerOptions {
  /** How often the owner row's heartbeat is written. */
  heartbeatMs: number;
  /** A row whose heartbeat is older than this is taken over even if its pid is alive (it may be another program's by now). */
  staleAfterMs: number;
  clock: () => number;
  onLost?: () => void;
}

export interface Ownership {
  readonly token: string;
  /** Throws (retryable) when another process has taken the file over: called inside every commit. */
  assertOwner(): void;
  /** Stops the heartbeat and clears the row, so the next start needs no wait. */
  release(): void;
}

const ownerRow = z.tuple([z.string(), z.number(), z.number(), z.string(), z.number()]);

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return typeof error === 'object' && error !== null && 'code' in error && error.code === 'EPERM';
  }
}

/**
 * The previous owner is still there when its heartbeat is fresh and (on this machine) its pid is
 * alive. A kill -9 leaves the row behind with a dead pid, so a restart takes over at once. A pid
 * equal to ours with another process start time is a previous incarnation (containers reuse pid 1).
 */
function stillOwned(row: z.infer<typeof ownerRow>, now: number, staleAfterMs: number): boolean {
  const [, pid, startedAt, host, heartbeatAt] = row;
  if (now - heartbeatAt >= staleAfterMs) return false;
  if (host !== hostname()) return true;
  if (pid === process.pid) return startedAt === performance.timeOrigin;
  return pidAlive(pid);
}

export function claimOwnership(db: Database.Database, path: string, options: OwnerOptions): Ownership {
  const token = randomUUID();
  const read = db.prepare('SELECT token, pid, process_started_at, hostname, heartbeat_at FROM host_owner WHERE id = 1').raw();
  const write = db.prepare(
    `INSERT INTO host_owner (id, token, pid, process_started_at, hostname, claimed_at, heartbeat_at) VALUES (1, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET token = excluded.token, pid = excluded.pid, process_started_at = excluded.process_started_at,
       hostname = excluded.hostname, claimed_at = excluded.claimed_at, heartbeat_at = excluded.heartbeat_at`,
  );
  const beat = db.prepare('UPDATE host_owner SET heartbeat_at = ? WHERE id = 1 AND token = ?');
  const clear = db.prepare('DELETE FROM host_owner WHERE id = 1 AND token = ?');
  const current = db.prepare('SELECT token FROM host_owner WHERE id = 1').raw();

  db.transaction(() => {
    const now = options.clock();
    const found = read.get();
    if (found !== undefined) {
      const row = ownerRow.parse(found);
      if (stillOwned(row, now, options.staleAfterMs)) {
        throw databaseInUse(path, { pid: row[1], hostname: row[3], heartbeatAgoMs: now - row[4] }, options.staleAfterMs);
      }
    }
    write.run(token, process.pid, performance.timeOrigin, hostname(), now, now);
  }).immediate();

  let lost = false;
  const timer = setInterval(() => {
    if (lost) return;
    try {
      if (beat.run(options.clock(), token).changes === 0) {
        lost = true;
        options.onLost?.();
      }
    } catch {
      // A busy or failing disk: the next beat tries again; commits report the store error themselves.
    }
  }, options.heartbeatMs);
  timer.unref();

  return {
    token,
    assertOwner() {
      const row = current.get();
      if (!Array.isArray(row) || row[0] !== token) {
        lost = true;
        throw new StoreUnavailableError(`another process took over the database ${path}; this host no longer writes to it`);
      }
    },
    release() {
      clearInterval(timer);
      if (!lost) clear.run(token);
    },
  };
}
