// Learned-pattern counts in the SQLite store's file: one row per (route, pattern), incremented in place.
import type Database from 'libsql';
import { z } from 'zod';
import type { PatternCountsBackend } from './patterns';

const countsRow = z.tuple([z.string(), z.string(), z.number().int(), z.number().int()]);
const totalsRow = z.tuple([z.number().int(), z.number().int()]);

export function createSqlitePatternCounts(db: Database.Database): PatternCountsBackend {
  const increment = db.prepare(
    `INSERT INTO pattern_counts (route, pattern, outcomes, successes) VALUES (?, ?, 1, ?)
     ON CONFLICT (route, pattern) DO UPDATE SET outcomes = outcomes + 1, successes = successes + excluded.successes
     RETURNING outcomes, successes`,
  ).raw();
  const all = db.prepare('SELECT route, pattern, outcomes, successes FROM pattern_counts ORDER BY route, pattern').raw();
  return {
    async increment(route, pattern, success) {
      const [outcomes, successes] = totalsRow.parse(increment.get(route, pattern, success ? 1 : 0));
      return { outcomes, successes };
    },
    async readAll() {
      return all.all().flatMap((row) => {
        const parsed = countsRow.safeParse(row);
        if (!parsed.success) return [];
        const [route, pattern, outcomes, successes] = parsed.data;
        return [{ route, pattern, outcomes, successes }];
      });
    },
  };
}
