// Bot-call samples in the SQLite store's file: the same buckets as the Redis hashes, so a restart keeps the health window.
import type Database from 'libsql';
import { z } from 'zod';
import { BOT_NAMES, type BotName } from '../../domain/types';
import type { HealthSampleStore, SampleWindow } from './samples';
import { bucketStart, bucketsInWindow, emptyBucket, latencyEdge, type HealthBucket } from './window';

const row = z.tuple([z.enum(BOT_NAMES), z.number().int(), z.string(), z.number().int()]);

export function createSqliteSampleStore(db: Database.Database, window: SampleWindow): HealthSampleStore {
  const bump = db.prepare(
    `INSERT INTO health_buckets (bot, bucket_start, field, count) VALUES (?, ?, ?, ?)
     ON CONFLICT (bot, bucket_start, field) DO UPDATE SET count = count + excluded.count`,
  );
  const prune = db.prepare('DELETE FROM health_buckets WHERE bot = ? AND bucket_start < ?');
  const read = db.prepare('SELECT bot, bucket_start, field, count FROM health_buckets WHERE bucket_start >= ? AND bucket_start <= ?').raw();
  const lastStart: Partial<Record<BotName, number>> = {};

  const record = db.transaction((bot: BotName, start: number, ok: boolean, edge: number) => {
    bump.run(bot, start, 'calls', 1);
    if (!ok) bump.run(bot, start, 'errors', 1);
    bump.run(bot, start, `l:${edge}`, 1);
    // Buckets older than the window go when a new bucket opens (Redis expires them by TTL).
    if (lastStart[bot] !== start) prune.run(bot, start - window.windowMs - 2 * window.bucketMs);
  });

  return {
    kind: 'sqlite',
    async record(bot, sample) {
      const start = bucketStart(sample.at, window.bucketMs);
      record.immediate(bot, start, sample.ok, latencyEdge(sample.latencyMs));
      lastStart[bot] = start;
    },
    async read(at) {
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
  };
}
