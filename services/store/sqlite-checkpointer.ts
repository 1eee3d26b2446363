// Checkpoints the SQLite WAL from a worker thread on its own connection, so no commit on the event loop ever waits for a checkpoint's fsyncs.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { z } from 'zod';

/**
 * With synchronous=NORMAL the WAL is synced at each checkpoint, so the interval between two
 * checkpoints is the most an OS crash or power loss can take back (a process crash takes nothing).
 * A PASSIVE checkpoint never blocks the writer; the worker keeps its own connection to the file.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.libsql);
const db = new Database(workerData.path, { timeout: 0 });
const checkpoint = db.prepare('PRAGMA wal_checkpoint(PASSIVE)').raw();
let stopped = false;
let timer = null;
function tick() {
  if (stopped) return;
  const started = Date.now();
  try {
    const [busy, log, done] = checkpoint.get();
    parentPort.postMessage({ kind: 'checkpoint', startedAt: started, ms: Date.now() - started, busy, log, done });
  } catch (error) {
    parentPort.postMessage({ kind: 'error', message: String(error && error.message || error) });
  }
  timer = setTimeout(tick, workerData.everyMs);
}
parentPort.on('message', () => { stopped = true; clearTimeout(timer); db.close(); parentPort.close(); });
timer = setTimeout(tick, workerData.everyMs);
`;

const reportSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('checkpoint'), startedAt: z.number(), ms: z.number(), busy: z.number(), log: z.number(), done: z.number() }),
  z.object({ kind: z.literal('error'), message: z.string() }),
]);

export interface CheckpointStats {
  checkpoints: number;
  /** The longest time between the starts of two checkpoints, plus the later one's duration: the power-loss window seen. */
  longestGapMs: number;
  lastError: string | null;
}

export interface Checkpointer {
  stats(): CheckpointStats;
  stop(): Promise<void>;
}

export function startCheckpointer(path: string, everyMs: number): Checkpointer {
  const stats: CheckpointStats = { checkpoints: 0, longestGapMs: 0, lastError: null };
  let previousStart = Date.now();
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { libsql: createRequire(import.meta.url).resolve('libsql'), path, everyMs },
  });
  worker.unref();
  worker.on('message', (message: unknown) => {
    const report = reportSchema.safeParse(message);
    if (!report.success) return;
    if (report.data.kind === 'error') {
      stats.lastError = report.data.message;
      return;
    }
    stats.checkpoints += 1;
    stats.longestGapMs = Math.max(stats.longestGapMs, report.data.startedAt - previousStart + report.data.ms);
    previousStart = report.data.startedAt;
  });
  worker.on('error', (error) => {
    stats.lastError = error.message;
  });
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  return {
    stats: () => ({ ...stats }),
    async stop() {
      // Held while it stops: an unref'd worker would not keep the process alive until its exit, and a process with
      // nothing else left would end here, before the store releases its ownership and closes the file.
      worker.ref();
      worker.postMessage('stop');
      await exited;
    },
  };
}
