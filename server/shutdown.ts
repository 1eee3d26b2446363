// Graceful shutdown bounded by one deadline: stop accepting, let requests finish, close the host, exit within the grace period.
import type { Server } from 'node:http';
import type { Logger } from '../services/observability/logger';

export interface ShutdownDeps {
  server: Server;
  /** Stops the sweep, the effect workers and the store connections; may hang while Redis is down. */
  closeHost: () => Promise<void>;
  markShuttingDown: () => void;
  logger: Logger;
  /** SHUTDOWN_GRACE_MS: the process has exited by then, whatever still hangs. */
  graceMs: number;
  exit: (code: number) => void;
  now?: () => number;
}

/**
 * Kept back from the grace period for process exit itself (flushing the log, tearing down sockets,
 * and timers firing late on a busy machine): a fifth of it, at least 1 s, at most half.
 */
export function exitReserveMs(graceMs: number): number {
  return Math.min(graceMs / 2, Math.max(1_000, graceMs / 5));
}

/** In-flight requests get at most this share of the grace period; the rest is for closing the host. */
const REQUEST_SHARE = 0.5;

/** Resolves true when `work` settles before `ms`, false when the time ran out first (work is abandoned, not awaited). */
export async function settlesWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), Math.max(0, ms));
  });
  try {
    return await Promise.race([work.then(() => true, () => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The sequence main.ts runs on SIGTERM/SIGINT. Exit code 0 when everything closed in time, 1 when the
 * deadline cut something short (e.g. BullMQ's worker.close() waiting on a Redis that is gone). Either
 * way nothing is lost: committed effects stay in the Redis outbox and the next host's sweep sends them.
 */
export async function shutdownWithin(deps: ShutdownDeps): Promise<void> {
  const now = deps.now ?? Date.now;
  const deadline = now() + Math.max(0, deps.graceMs - exitReserveMs(deps.graceMs));
  const remaining = () => Math.max(0, deadline - now());
  deps.markShuttingDown();

  // close() stops accepting and resolves once in-flight requests are answered (their locks released).
  const closed = new Promise<void>((resolve) => deps.server.close(() => resolve()));
  deps.server.closeIdleConnections();
  const requestsDone = await settlesWithin(closed, remaining() * REQUEST_SHARE);
  if (!requestsDone) {
    deps.logger.warn('grace period: closing connections still open');
    deps.server.closeAllConnections();
  }

  const hostClosed = await settlesWithin(deps.closeHost(), remaining());
  if (!hostClosed) {
    deps.logger.warn({ graceMs: deps.graceMs }, 'grace period over: exiting with connections still closing (pending effects stay in the outbox)');
    deps.exit(1);
    return;
  }
  deps.logger.info('shutdown complete');
  deps.exit(0);
}
