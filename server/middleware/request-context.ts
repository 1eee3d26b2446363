// Request id and a per-request child logger; one access-log line per request (pino-http is not used).
import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Logger } from '../../services/observability/logger';

declare global {
  namespace Express {
    interface Request {
      /** Set by requestContext: the caller's X-Request-Id when well-formed, else a fresh UUID. */
      id?: string;
      log?: Logger;
    }
  }
}

const SAFE_REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

export function requestContext(logger: Logger, now: () => number = () => performance.now()): RequestHandler {
  return (req, res, next) => {
    const incoming = req.get('x-request-id');
    const id = incoming !== undefined && SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
    req.id = id;
    req.log = logger.child({ reqId: id });
    res.setHeader('X-Request-Id', id);
    const started = now();
    res.on('finish', () => {
      // The route pattern, not the raw path: contact ids stay out of the access log's path field.
      const route = typeof req.route?.path === 'string' ? `${req.baseUrl}${req.route.path}` : req.baseUrl || 'unmatched';
      req.log?.info({ method: req.method, route, status: res.statusCode, ms: Math.round((now() - started) * 100) / 100 }, 'request');
    });
    next();
  };
}
