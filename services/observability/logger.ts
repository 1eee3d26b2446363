// Structured JSON logging with pino; message bodies and secrets never reach info level.
import { pino, type Logger, type LevelWithSilent } from 'pino';

export type { Logger } from 'pino';

/** How long stdout lines may wait to be written together (LOG_FLUSH_MS); 0 writes each line as it comes. */
export const DEFAULT_LOG_FLUSH_MS = 1_000;
/** Buffered bytes that are written at once, whatever LOG_FLUSH_MS says. */
const LOG_BUFFER_BYTES = 4_096;

export interface LoggerOptions {
  level: LevelWithSilent;
  /**
   * Where to write; defaults to stdout, written asynchronously (a blocking write per line cost the host
   * about 5 % of its CPU under load; pino flushes what is buffered when the process exits). Tests pass a
   * stream to read the lines back.
   */
  destination?: pino.DestinationStream;
  /**
   * stdout only: lines are written when 4 KB are buffered or every `flushMs` (default 1 s), not one write each.
   * Each lone write went through libuv's thread pool and woke the event loop again (npm run bench:redis-cost: host
   * syscalls per message 16–25 → 10–16, event-loop wakes halved). A kill -9 loses at most the last `flushMs` of
   * lines; an exit writes them. 0: each line as it comes, as before.
   */
  flushMs?: number;
}

/**
 * Paths that may carry message text or credentials. Bodies are logged only at debug level,
 * through `debugBody`, never as part of an info line.
 */
const REDACT = [
  'text',
  'body',
  'message.text',
  'effect.text',
  'req.headers.authorization',
  'req.headers["x-ghl-signature"]',
  'headers.authorization',
  'authorization',
];

export function createLogger(options: LoggerOptions): Logger {
  const base = { level: options.level, redact: { paths: REDACT, censor: '[redacted]' }, base: { service: 'baton' } };
  return pino(base, options.destination ?? stdoutDestination(options.flushMs ?? DEFAULT_LOG_FLUSH_MS));
}

function stdoutDestination(flushMs: number): pino.DestinationStream {
  if (flushMs <= 0) return pino.destination({ dest: 1, sync: false });
  return pino.destination({ dest: 1, sync: false, minLength: LOG_BUFFER_BYTES, periodicFlush: flushMs });
}

/** Logs a message body at debug level only; at info and above nothing is written. */
export function debugBody(logger: Logger, fields: Record<string, unknown>, text: string, msg: string): void {
  if (logger.isLevelEnabled('debug')) logger.debug({ ...fields, textPreview: text.slice(0, 200) }, msg);
}
