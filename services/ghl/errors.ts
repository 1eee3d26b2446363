// Classified GoHighLevel API failures: retryable (with an optional server-given delay) or permanent.

export type GhlFailureReason = 'rate_limited' | 'server_error' | 'timeout' | 'network' | 'client_error';

export class GhlApiError extends Error {
  readonly reason: GhlFailureReason;
  readonly retryable: boolean;
  /** HTTP status, or null when no answer arrived (timeout, network). */
  readonly status: number | null;
  /** The delay GoHighLevel asked for (Retry-After), in ms; null when it named none. */
  readonly retryAfterMs: number | null;
  constructor(reason: GhlFailureReason, message: string, status: number | null, retryAfterMs: number | null = null) {
    super(message);
    this.name = 'GhlApiError';
    this.reason = reason;
    this.retryable = reason !== 'client_error';
    this.status = status;
    this.retryAfterMs = retryAfterMs;
  }
}

/** Retry-After is either delta-seconds or an HTTP date (RFC 9110 section 10.2.3). */
export function parseRetryAfter(header: string | null, nowMs: number): number | null {
  if (header === null) return null;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return null;
  return Math.max(0, date - nowMs);
}
