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
  increment(route: Route, pattern: string, success: boolean): Promise<void>;
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

  return {
    thresholdsFor: (pattern) => overrides.get(pattern) ?? {},
    async record(settled) {
      if (settled.pattern === '') return;
      const success = SUCCESS.has(settled.outcome) ? 1 : 0;
      if (options.redis !== undefined) {
        const field = fieldOf(settled.route, settled.pattern);
        await options.redis.client.multi().hincrby(options.redis.key, `${field}|n`, 1).hincrby(options.redis.key, `${field}|ok`, success).exec();
      } else if (options.backend !== undefined) {
        await options.backend.increment(settled.route, settled.pattern, success === 1);
      }
      bump(settled.route, settled.pattern, 1, success);
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
        counts.clear();
        for (const row of rows) if (isRoute(row.route)) bump(row.route, row.pattern, row.outcomes, row.successes);
        rebuild();
        return;
      }
      const hash = await options.redis.client.hgetall(options.redis.key);
      counts.clear();
      for (const [field, value] of Object.entries(hash)) {
        const [route, pattern, kind] = field.split('|');
        if (route === undefined || pattern === undefined || !isRoute(route)) continue;
        const n = Number(value);
        if (kind === 'n') bump(route, pattern, n, 0);
        else if (kind === 'ok') bump(route, pattern, 0, n);
      }
      rebuild();
    },
  };
}
