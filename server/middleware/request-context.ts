// Request id and a per-request child logger; one access-log line per request (pino-http is not used),
// which carries what the route noted about the request (the webhook's contact, decision, effects).
import { randomUUID } from 'node:crypto';
import type { RequestHandler, Response } from 'express';
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

interface AccessNote {
  msg: string;
  fields: Record<string, unknown>;
}

const notes = new WeakMap<Response, AccessNote>();

/**
 * Says what the request did on its access-log line (written when the response finishes) instead of a
 * line of its own: one line per request. A later note replaces an earlier one.
 */
export function noteOnAccessLog(res: Response, msg: string, fields: Record<string, unknown>): void {
  notes.set(res, { msg, fields });
}

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
      const note = notes.get(res);
      const line = { method: req.method, route, status: res.statusCode, ms: Math.round((now() - started) * 100) / 100 };
      req.log?.info(note === undefined ? line : { ...note.fields, ...line }, note?.msg ?? 'request');
    });
    next();
  };
}
