// Structured JSON logging with pino; message bodies and secrets never reach info level.
import { pino, type Logger, type LevelWithSilent } from 'pino';

export type { Logger } from 'pino';

export interface LoggerOptions {
  level: LevelWithSilent;
  /**
   * Where to write; defaults to stdout, written asynchronously (a blocking write per line cost the host
   * about 5 % of its CPU under load; pino flushes what is buffered when the process exits). Tests pass a
   * stream to read the lines back.
   */
  destination?: pino.DestinationStream;
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
  return pino(base, options.destination ?? pino.destination({ dest: 1, sync: false }));
}

/** Logs a message body at debug level only; at info and above nothing is written. */
export function debugBody(logger: Logger, fields: Record<string, unknown>, text: string, msg: string): void {
  if (logger.isLevelEnabled('debug')) logger.debug({ ...fields, textPreview: text.slice(0, 200) }, msg);
}
