// GoHighLevel's per-location request budget (burst per interval, per day), shared through Redis or kept in memory.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ghlRateBudgetKeys } from '../store/keys';
import type { RedisConnection } from '../store/redis-client';
import { z } from 'zod';

export interface RateLimits {
  /** Requests per interval per location (GoHighLevel: 100 per 10 s). */
  max: number;
  intervalMs: number;
  /** Requests per UTC day per location (GoHighLevel: 200,000). */
  daily: number;
}

export const DEFAULT_GHL_RATE_LIMITS: RateLimits = { max: 100, intervalMs: 10_000, daily: 200_000 };

export interface RateBudget {
  /** Takes one request slot for the location: 0 when taken, else the ms to wait (nothing taken). */
  take(locationId: string, now: number): Promise<number>;
  /** GoHighLevel asked for a pause: every host holds this location's requests until it ends. */
  pause(locationId: string, untilMs: number): Promise<void>;
}

const DAY_MS = 86_400_000;
const msLeftInDay = (now: number): number => DAY_MS - (now % DAY_MS);

export function createMemoryRateBudget(limits: RateLimits = DEFAULT_GHL_RATE_LIMITS): RateBudget {
  const recent = new Map<string, number[]>();
  const days = new Map<string, { day: number; count: number }>();
  const paused = new Map<string, number>();
  return {
    async take(locationId, now) {
      const until = paused.get(locationId) ?? 0;
      if (until > now) return until - now;
      const log = (recent.get(locationId) ?? []).filter((at) => at > now - limits.intervalMs);
      recent.set(locationId, log);
      const oldest = log[0];
      if (log.length >= limits.max && oldest !== undefined) return Math.max(1, oldest + limits.intervalMs - now);
      const day = Math.floor(now / DAY_MS);
      const today = days.get(locationId);
      const count = today?.day === day ? today.count : 0;
      if (count >= limits.daily) return msLeftInDay(now);
      log.push(now);
      days.set(locationId, { day, count: count + 1 });
      return 0;
    },
    async pause(locationId, untilMs) {
      paused.set(locationId, Math.max(untilMs, paused.get(locationId) ?? 0));
    },
  };
}

const SCRIPT = 'batonRateTake';
let source: string | null = null;

/** Keys are hash-tagged per location, so the script's three keys share one Cluster slot. */
export function rateBudgetKeys(prefix: string, locationId: string, now: number) {
  return ghlRateBudgetKeys(prefix, locationId, Math.floor(now / DAY_MS));
}

export function createRedisRateBudget(client: RedisConnection, prefix: string, limits: RateLimits = DEFAULT_GHL_RATE_LIMITS): RateBudget {
  source ??= readFileSync(new URL('./rate-budget.lua', import.meta.url), 'utf8');
  if (typeof Reflect.get(client, SCRIPT) !== 'function') client.defineCommand(SCRIPT, { numberOfKeys: 3, lua: source });
  return {
    async take(locationId, now) {
      const keys = rateBudgetKeys(prefix, locationId, now);
      const args = [now, limits.intervalMs, limits.max, limits.daily, `${now}-${randomUUID()}`, msLeftInDay(now)];
      const command: unknown = Reflect.get(client, SCRIPT);
      if (typeof command !== 'function') throw new Error(`script ${SCRIPT} is not defined on this client`);
      const reply: unknown = await Reflect.apply(command, client, [keys.recent, keys.day, keys.paused, ...args]);
      return z.number().int().min(0).parse(reply);
    },
    async pause(locationId, untilMs) {
      const key = rateBudgetKeys(prefix, locationId, untilMs).paused;
      const ttl = Math.max(1, untilMs - Date.now());
      // Keep the later of two pauses: SET only if the stored deadline is earlier (or missing).
      const current = Number((await client.get(key)) ?? '0');
      if (current < untilMs) await client.set(key, String(untilMs), 'PX', ttl);
    },
  };
}
