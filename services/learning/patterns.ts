// Pattern learning: outcome counts per (route, pattern), kept in memory, in Redis or in SQLite, and the thresholds they yield.
import type { RedisConnection } from '../store/redis-client';
import type { HandoffOutcome, SettledOutcome } from '../../machines/outcomes';
import { ROUTES, type Route, type ThresholdOverrides } from '../../domain/types';
import { DEFAULT_POLICY, type LearningRules } from '../../domain/policy';
import { learnedThreshold, type PatternCounts } from './thresholds';

export interface PatternStats extends PatternCounts {
  successRate: number;
  routeDefault: number;
  threshold: number;
  learned: boolean;
}

export interface PatternLearning {
  /** Sync on the hot path: answered from the in-process view. */
  thresholdsFor(pattern: string): ThresholdOverrides;
  record(outcome: SettledOutcome): Promise<void>;
  list(): PatternStats[];
  /** Reloads the counts from the durable store (at start-up, so a restart forgets nothing). */
  refresh(): Promise<void>;
}

const SUCCESS: ReadonlySet<HandoffOutcome> = new Set(['successful']);

function isRoute(value: string): value is Route {
  return (ROUTES as readonly string[]).includes(value);
}

/** A durable home for the counts other than Redis (the SQLite store's file). */
export interface PatternCountsBackend {
  /** Adds one outcome and answers the pattern's totals after it. */
  increment(route: Route, pattern: string, success: boolean): Promise<{ outcomes: number; successes: number }>;
  /** Rows whose route is not a known one are skipped by the reader. */
  readAll(): Promise<Array<{ route: string; pattern: string; outcomes: number; successes: number }>>;
}

export interface PatternLearningOptions {
  routeDefaults: Record<Route, number>;
  rules?: LearningRules;
  /** With a client, counts live in one Redis hash (HINCRBY, shared by every worker); without, in memory. */
  redis?: { client: RedisConnection; key: string };
  /** Or in another durable backend (used when no Redis client is given). */
  backend?: PatternCountsBackend;
}

export function createPatternLearning(options: PatternLearningOptions): PatternLearning {
  const rules = options.rules ?? DEFAULT_POLICY.learning;
  const counts = new Map<string, PatternCounts>();
  let overrides = new Map<string, ThresholdOverrides>();

  const fieldOf = (route: Route, pattern: string) => `${route}|${pattern}`;

  function rebuild(): void {
    const next = new Map<string, ThresholdOverrides>();
    for (const entry of counts.values()) {
      const threshold = learnedThreshold(entry, options.routeDefaults[entry.route], rules);
      if (threshold === null) continue;
      next.set(entry.pattern, { ...(next.get(entry.pattern) ?? {}), [entry.route]: threshold });
    }
    overrides = next;
  }

  function bump(route: Route, pattern: string, outcomes: number, successes: number): void {
    const key = fieldOf(route, pattern);
    const entry = counts.get(key) ?? { route, pattern, outcomes: 0, successes: 0 };
    counts.set(key, { ...entry, outcomes: entry.outcomes + outcomes, successes: entry.successes + successes });
  }

  /**
   * Totals read from the durable store only ever grow, so the view keeps the larger of what it has and
   * what it reads: a refresh's read that was overtaken by a record (or the reverse) can neither undo an
   * outcome nor count one twice, whatever order their answers arrive in.
   */
  function atLeast(route: Route, pattern: string, outcomes: number, successes: number): void {
    const key = fieldOf(route, pattern);
    const entry = counts.get(key) ?? { route, pattern, outcomes: 0, successes: 0 };
    counts.set(key, { ...entry, outcomes: Math.max(entry.outcomes, outcomes), successes: Math.max(entry.successes, successes) });
  }

  return {
    thresholdsFor: (pattern) => overrides.get(pattern) ?? {},
    async record(settled) {
      if (settled.pattern === '') return;
      const success = SUCCESS.has(settled.outcome) ? 1 : 0;
      if (options.redis !== undefined) {
        const field = fieldOf(settled.route, settled.pattern);
        const replies = await options.redis.client.multi().hincrby(options.redis.key, `${field}|n`, 1).hincrby(options.redis.key, `${field}|ok`, success).exec();
        const [outcomes, successes] = (replies ?? []).map(([error, value]) => (error === null ? Number(value) : Number.NaN));
        if (outcomes === undefined || successes === undefined || Number.isNaN(outcomes) || Number.isNaN(successes)) throw new Error(`learning: HINCRBY on ${field} failed`);
        atLeast(settled.route, settled.pattern, outcomes, successes);
      } else if (options.backend !== undefined) {
        const totals = await options.backend.increment(settled.route, settled.pattern, success === 1);
        atLeast(settled.route, settled.pattern, totals.outcomes, totals.successes);
      } else {
        bump(settled.route, settled.pattern, 1, success);
      }
      rebuild();
    },
    list() {
      return [...counts.values()].map((entry) => {
        const routeDefault = options.routeDefaults[entry.route];
        const learned = learnedThreshold(entry, routeDefault, rules);
        return {
          ...entry,
          successRate: entry.outcomes === 0 ? 0 : entry.successes / entry.outcomes,
          routeDefault,
          threshold: learned ?? routeDefault,
          learned: learned !== null,
        };
      });
    },
    async refresh() {
      if (options.redis === undefined) {
        if (options.backend === undefined) return;
        const rows = await options.backend.readAll();
        for (const row of rows) if (isRoute(row.route)) atLeast(row.route, row.pattern, row.outcomes, row.successes);
        rebuild();
        return;
      }
      const hash = await options.redis.client.hgetall(options.redis.key);
      const read = new Map<string, { route: Route; pattern: string; outcomes: number; successes: number }>();
      for (const [field, value] of Object.entries(hash)) {
        const [route, pattern, kind] = field.split('|');
        if (route === undefined || pattern === undefined || !isRoute(route)) continue;
        const entry = read.get(fieldOf(route, pattern)) ?? { route, pattern, outcomes: 0, successes: 0 };
        if (kind === 'n') entry.outcomes = Number(value);
        else if (kind === 'ok') entry.successes = Number(value);
        read.set(fieldOf(route, pattern), entry);
      }
      for (const entry of read.values()) atLeast(entry.route, entry.pattern, entry.outcomes, entry.successes);
      rebuild();
    },
  };
}
