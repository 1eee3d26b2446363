// One error family for the host and the one place that turns any error into a JSON answer.
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { ContactNotFoundError, LockBusyError, MessageOutOfWindowError } from '../services/engine/types';
import { StoreError } from '../services/store/errors';

export class AppError extends Error {
  readonly status: number;
  readonly code: string;
  /** Seconds for a Retry-After header (429/503). */
  readonly retryAfterSeconds: number | null;
  constructor(status: number, code: string, message: string, retryAfterSeconds: number | null = null) {
    super(message);
    this.name = 'AppError';
    this.status = status;
    this.code = code;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

export const badRequest = (code: string, message: string): AppError => new AppError(400, code, message);
export const unauthorized = (code: string, message: string): AppError => new AppError(401, code, message);
export const notFound = (code: string, message: string): AppError => new AppError(404, code, message);

export interface ErrorBody {
  error: { code: string; message: string };
}

/** Errors thrown by body-parser carry `type` and `status`; the `type` is the stable part. */
interface BodyParserError {
  type: string;
  status: number;
}

function isBodyParserError(err: unknown): err is BodyParserError {
  return (
    typeof err === 'object' &&
    err !== null &&
    'type' in err &&
    typeof err.type === 'string' &&
    'status' in err &&
    typeof err.status === 'number'
  );
}

const BODY_PARSER_ERRORS: Record<string, { status: number; code: string; message: string }> = {
  'entity.too.large': { status: 413, code: 'payload_too_large', message: 'request body is larger than 64 KB' },
  'entity.parse.failed': { status: 400, code: 'invalid_json', message: 'request body is not valid JSON' },
  'entity.verify.failed': { status: 401, code: 'invalid_signature', message: 'request body failed verification' },
  'encoding.unsupported': { status: 415, code: 'unsupported_encoding', message: 'unsupported content encoding' },
  'charset.unsupported': { status: 415, code: 'unsupported_charset', message: 'unsupported charset' },
  'request.aborted': { status: 400, code: 'request_aborted', message: 'request was aborted by the client' },
  'request.size.invalid': { status: 400, code: 'invalid_content_length', message: 'request size did not match Content-Length' },
  'stream.encoding.set': { status: 500, code: 'internal_error', message: 'internal error' },
};

/**
 * Express's router throws a URIError carrying `status: 400` when a path parameter is not valid
 * percent-encoding (`/v1/contacts/%`, `%ZZ`, a truncated UTF-8 sequence): the client's mistake.
 */
function isMalformedEncoding(err: unknown): boolean {
  return err instanceof URIError;
}

/** Any other error a library marks as the client's (a numeric 4xx `status`), without a `type`. */
function clientStatusOf(err: unknown): number | null {
  if (typeof err !== 'object' || err === null || !('status' in err) || typeof err.status !== 'number') return null;
  return err.status >= 400 && err.status < 500 ? err.status : null;
}

/** Maps any thrown value to an AppError; `null` means a real bug (→ 500, logged with its stack). */
export function toAppError(err: unknown): AppError | null {
  if (err instanceof AppError) return err;
  if (isMalformedEncoding(err)) return new AppError(400, 'invalid_encoding', 'the request path or query is not valid percent-encoding');
  if (err instanceof LockBusyError) return new AppError(429, err.code, err.message, Math.max(1, Math.ceil(err.retryAfterSeconds)));
  if (err instanceof ContactNotFoundError) return new AppError(404, err.code, err.message);
  if (err instanceof MessageOutOfWindowError) return new AppError(400, err.code, err.message);
  if (err instanceof StoreError) {
    // GoHighLevel retries a webhook only on 429, so anything that may succeed later answers 429.
    if (err.retryable) return new AppError(429, err.code, 'temporarily unable to process; retry later', 1);
    return new AppError(500, err.code, 'this contact cannot be processed by this version of the service');
  }
  if (isBodyParserError(err)) {
    const known = BODY_PARSER_ERRORS[err.type];
    if (known !== undefined && known.status < 500) return new AppError(known.status, known.code, known.message);
    if (err.status >= 400 && err.status < 500) return new AppError(err.status, 'bad_request', 'the request could not be read');
  }
  const clientStatus = clientStatusOf(err);
  if (clientStatus !== null) return new AppError(clientStatus, 'bad_request', 'the request could not be read');
  return null;
}

export function sendError(res: Parameters<ErrorRequestHandler>[2], error: AppError): void {
  if (error.retryAfterSeconds !== null) res.setHeader('Retry-After', String(error.retryAfterSeconds));
  const body: ErrorBody = { error: { code: error.code, message: error.message } };
  res.status(error.status).json(body);
}

/** The single error handler: JSON `{error:{code,message}}`, never a stack trace. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    const known = toAppError(err);
    const log = req.log ?? logger;
    if (known === null) {
      log.error({ err }, 'unexpected error');
      sendError(res, new AppError(500, 'internal_error', 'internal error'));
      return;
    }
    if (known.status >= 500) log.error({ err, code: known.code }, 'request failed');
    else log.info({ code: known.code, status: known.status }, 'request refused');
    sendError(res, known);
  };
}

/** Unknown routes answer the same JSON shape as every other error. */
export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(notFound('route_not_found', `no route for ${req.method} ${req.path}`));
};
