// The engine's operational defaults (lock, bot timeout, message-time window): config.ts reads env over these, nothing else repeats them.
import type { LockOptions } from '../store/types';
import type { MessageWindow } from './window';

/** Held while one message is processed; renewed while held, so it only needs to outlast a stalled host. */
export const DEFAULT_LOCK: LockOptions = { ttlMs: 30_000, waitMs: 2_000 };

/** A bot turn slower than this counts as an error and the contact gets no reply this turn. */
export const DEFAULT_BOT_TIMEOUT_MS = 2_000;

/** DESIGN section 2: 5 min of clock skew; 2 h of age, longer than GoHighLevel's retry horizon. */
export const DEFAULT_WINDOW: MessageWindow = { maxClockSkewMs: 5 * 60_000, maxMessageAgeMs: 2 * 60 * 60_000 };
