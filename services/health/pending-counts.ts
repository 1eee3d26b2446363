// Bot-call counts kept in the process until a store writes them in one batch: by bot, bucket start and field.
import type { BotName } from '../../domain/types';
import { bucketStart, latencyEdge, type HealthSample } from './window';

export interface PendingCount {
  bot: BotName;
  start: number;
  /** `calls`, `errors` or `l:<latency edge>`, as the stored buckets name them. */
  field: string;
  count: number;
}

export interface PendingCounts {
  readonly size: number;
  /** Counts one call into its bucket's fields. */
  add(bot: BotName, sample: HealthSample, bucketMs: number): void;
  /** Everything counted so far, leaving nothing pending. */
  take(): PendingCount[];
  /** Puts back counts whose write failed, added to whatever was counted meanwhile. */
  restore(counts: Iterable<PendingCount>): void;
}

export function createPendingCounts(): PendingCounts {
  let pending = new Map<string, PendingCount>();
  const bump = (bot: BotName, start: number, field: string, by: number) => {
    const key = `${bot}\u0000${start}\u0000${field}`;
    const counted = pending.get(key);
    if (counted === undefined) pending.set(key, { bot, start, field, count: by });
    else counted.count += by;
  };
  return {
    get size() {
      return pending.size;
    },
    add(bot, sample, bucketMs) {
      const start = bucketStart(sample.at, bucketMs);
      bump(bot, start, 'calls', 1);
      if (!sample.ok) bump(bot, start, 'errors', 1);
      bump(bot, start, `l:${latencyEdge(sample.latencyMs)}`, 1);
    },
    take() {
      const counts = [...pending.values()];
      pending = new Map();
      return counts;
    },
    restore(counts) {
      for (const { bot, start, field, count } of counts) bump(bot, start, field, count);
    },
  };
}
