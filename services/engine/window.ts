// The message-time window of DESIGN section 2: not too far in the future, not older than GoHighLevel retries.
import { MessageOutOfWindowError } from './types';

export interface MessageWindow {
  /** 0 turns both checks off (tests and replays send hours of conversation in seconds). */
  maxClockSkewMs: number;
  maxMessageAgeMs: number;
  /**
   * How far ahead of now a time may ever be, even with the window off. Each contact's clock only
   * moves forward (`at = max(dateAdded, lastAt)`), so one year-9999 message would pin it for good;
   * such a time is refused, never absorbed. Default FAR_FUTURE_LIMIT_MS.
   */
  farFutureLimitMs?: number;
}

/**
 * One year and a day: far beyond any real clock skew, yet room for replays and simulations that run
 * a conversation ahead of the wall clock with the window off.
 */
export const FAR_FUTURE_LIMIT_MS = 366 * 24 * 60 * 60_000;

export function assertInWindow(at: number, now: number, window: MessageWindow): void {
  const farFuture = window.farFutureLimitMs ?? FAR_FUTURE_LIMIT_MS;
  if (!Number.isFinite(at) || at - now > farFuture) {
    throw new MessageOutOfWindowError(`dateAdded is more than ${Math.round(farFuture / 86_400_000)} days in the future`);
  }
  if (window.maxClockSkewMs === 0) return;
  if (at - now > window.maxClockSkewMs) {
    throw new MessageOutOfWindowError(`dateAdded is ${Math.round((at - now) / 1000)} s in the future (max ${window.maxClockSkewMs / 1000} s)`);
  }
  if (now - at > window.maxMessageAgeMs) {
    throw new MessageOutOfWindowError(`dateAdded is ${Math.round((now - at) / 1000)} s old (max ${window.maxMessageAgeMs / 1000} s)`);
  }
}
