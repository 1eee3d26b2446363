// Reads GoHighLevel's rate-limit answer headers (X-RateLimit-*, Retry-After) into "pause this location for N ms".
import { parseRetryAfter } from './errors';

const DAY_MS = 86_400_000;

/** What the parser needs of an answer's headers: `Headers` (fetch) has it, and so does the client's reader over undici's. */
export interface HeaderReader {
  get(name: string): string | null;
}

function count(headers: HeaderReader, name: string): number | null {
  const value = headers.get(name);
  if (value === null || !/^\d+$/.test(value.trim())) return null;
  return Number(value.trim());
}

/**
 * GoHighLevel sends on every answer: X-RateLimit-Max / X-RateLimit-Remaining per
 * X-RateLimit-Interval-Milliseconds, and X-RateLimit-Limit-Daily / X-RateLimit-Daily-Remaining.
 * The pause is: Retry-After when given; the rest of the UTC day when the daily budget is spent; one
 * interval when the burst budget is spent (or on a 429 that names no delay); otherwise none.
 */
export function pauseFromHeaders(headers: HeaderReader, status: number, now: number, defaultIntervalMs: number): number | null {
  const retryAfter = parseRetryAfter(headers.get('retry-after'), now);
  if (retryAfter !== null && (status === 429 || retryAfter > 0)) return retryAfter;
  if (count(headers, 'x-ratelimit-daily-remaining') === 0) return DAY_MS - (now % DAY_MS);
  const interval = count(headers, 'x-ratelimit-interval-milliseconds') ?? defaultIntervalMs;
  if (count(headers, 'x-ratelimit-remaining') === 0 || status === 429) return interval;
  return null;
}
