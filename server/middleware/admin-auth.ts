// Bearer-token guard for the admin API and the inspector, compared in constant time.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { unauthorized } from '../errors';

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/** Without a configured token the guard lets everything through (the host warns at startup). */
export function adminAuth(token: string | undefined): RequestHandler {
  if (token === undefined) return (_req, _res, next) => next();
  // Comparing fixed-length digests keeps the comparison constant-time whatever the caller sends.
  const expected = digest(token);
  return (req, res, next) => {
    const header = req.get('authorization') ?? '';
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    const presented = match?.[1];
    if (presented === undefined || !timingSafeEqual(digest(presented), expected)) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="baton-admin"');
      next(unauthorized('unauthorized', 'a valid admin bearer token is required'));
      return;
    }
    next();
  };
}
