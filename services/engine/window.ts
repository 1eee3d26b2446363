// The message-time window of DESIGN section 2: not too far in the future, not older than GoHighLevel retries.
import { MessageOutOfWindowError } from './types';

export interface MessageWindow {
  /** 0 turns both checks off (tests and replays send hours of conversation in seconds). */
  maxClockSkewMs: number;
  maxMessageAgeMs: number;
}

export function assertInWindow(at: number, now: number, window: MessageWindow): void {
  if (window.maxClockSkewMs === 0) return;
  if (at - now > window.maxClockSkewMs) {
    throw new MessageOutOfWindowError(`dateAdded is ${Math.round((at - now) / 1000)} s in the future (max ${window.maxClockSkewMs / 1000} s)`);
  }
  if (now - at > window.maxMessageAgeMs) {
    throw new MessageOutOfWindowError(`dateAdded is ${Math.round((now - at) / 1000)} s old (max ${window.maxMessageAgeMs / 1000} s)`);
  }
}
