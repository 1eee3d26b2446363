// Bot-call samples in the SQLite store's file: the same buckets as the Redis hashes, so a restart keeps the health window.
import type Database from 'libsql';
import { z } from 'zod';
import { BOT_NAMES, type BotName } from '../../domain/types';
import type { HealthSampleStore, SampleWindow } from './samples';
import { createPendingCounts, type PendingCount } from './pending-counts';
import { bucketStart, bucketsInWindow, emptyBucket, type HealthBucket } from './window';

const row = z.tuple([z.enum(BOT_NAMES), z.number().int(), z.string(), z.number().int()]);

/** How often counts recorded in the process are written to the file (one transaction for all of them). */
export const SAMPLE_FLUSH_MS = 1_000;

export interface SqliteSampleStore extends HealthSampleStore {
  /** Writes the counts recorded since the last flush; a failed write keeps them for the next one. */
  flush(): void;
  /** Flushes and stops the timer (the store calls it before closing the file). */
  close(): void;
}

/**
 * A sample is counted in the process and written with the others at most SAMPLE_FLUSH_MS later, in one
 * transaction: a write transaction per bot call was a second commit per message. A read flushes first, so
 * the figures include every sample; a kill -9 loses at most the last second of samples (a health window is 5 min).
 */
export function createSqliteSampleStore(db: Database.Database, window: SampleWindow): SqliteSampleStore {
  const bump = db.prepare(
    `INSERT INTO health_buckets (bot, bucket_start, field, count) VALUES (?, ?, ?, ?)
     ON CONFLICT (bot, bucket_start, field) DO UPDATE SET count = count + excluded.count`,
  );
  const prune = db.prepare('DELETE FROM health_buckets WHERE bot = ? AND bucket_start < ?');
  const read = db.prepare('SELECT bot, bucket_start, field, count FROM health_buckets WHERE bucket_start >= ? AND bucket_start <= ?').raw();
  /** Counts not yet in the file. */
  const pending = createPendingCounts();
  const newest: Partial<Record<BotName, number>> = {};
  const pruned: Partial<Record<BotName, number>> = {};

  const write = db.transaction((counts: readonly PendingCount[]) => {
    for (const { bot, start, field, count } of counts) bump.run(bot, start, field, count);
    // Buckets older than the window go when a new bucket opens (Redis expires them by TTL).
    for (const bot of BOT_NAMES) {
      const start = newest[bot];
      if (start === undefined || pruned[bot] === start) continue;
      prune.run(bot, start - window.windowMs - 2 * window.bucketMs);
      pruned[bot] = start;
    }
  });

  function flush(): void {
    if (pending.size === 0) return;
    const counts = pending.take();
    try {
      write.immediate(counts);
    } catch (error) {
      // Kept for the next flush, added to whatever was counted meanwhile.
      pending.restore(counts);
      throw error;
    }
  }

  const timer = setInterval(() => {
    try {
      flush();
    } catch {
      // A busy or failing disk: the counts stay pending and the next flush (or read) writes them.
    }
  }, SAMPLE_FLUSH_MS);
  timer.unref();

  return {
    kind: 'sqlite',
    async record(bot, sample) {
      const start = bucketStart(sample.at, window.bucketMs);
      pending.add(bot, sample, window.bucketMs);
      newest[bot] = Math.max(newest[bot] ?? start, start);
    },
    async read(at) {
      flush();
      const starts = bucketsInWindow(at, window.windowMs, window.bucketMs);
      const result: Record<BotName, HealthBucket[]> = { lead: [], buyer: [], seller: [] };
      if (starts.length === 0) return result;
      const buckets = new Map<string, HealthBucket>();
      for (const raw of read.all(Math.min(...starts), Math.max(...starts))) {
        const parsed = row.safeParse(raw);
        if (!parsed.success) continue;
        const [bot, start, field, count] = parsed.data;
        const key = `${bot}:${start}`;
        const bucket = buckets.get(key) ?? emptyBucket();
        buckets.set(key, bucket);
        if (field === 'calls') bucket.calls = count;
        else if (field === 'errors') bucket.errors = count;
        else if (field.startsWith('l:')) bucket.histogram.set(Number(field.slice(2)), count);
      }
      for (const bot of BOT_NAMES) {
        for (const start of starts) {
          const bucket = buckets.get(`${bot}:${start}`);
          if (bucket !== undefined && bucket.calls > 0) result[bot].push(bucket);
        }
      }
      return result;
    },
    flush,
    close() {
      clearInterval(timer);
      flush();
    },
  };
}
