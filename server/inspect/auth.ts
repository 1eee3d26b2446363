// The inspector's admin-token guard that works in a browser: a bearer header, or a session cookie set once the token is entered in the page.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import express, { Router, type Request, type RequestHandler } from 'express';
import { z } from 'zod';
import { badRequest, unauthorized } from '../errors';
import { renderLoginPage } from './login-page';

export const SESSION_COOKIE = 'baton_inspect';

/** How long an entered token is remembered (the cookie's Max-Age). */
const SESSION_SECONDS = 12 * 3600;

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/** The cookie holds an HMAC of the token, not the token: rotating ADMIN_TOKEN ends every session. */
const sessionValue = (token: string): string => createHmac('sha256', token).update('baton inspector session v1').digest('base64url');

function cookie(req: Request, name: string): string | undefined {
  for (const part of (req.get('cookie') ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}

const sessionBodySchema = z.object({ token: z.string().min(1).max(512) });

export interface InspectAuth {
  /** Public: POST /session (the token, once, in a JSON or form body) sets the cookie; DELETE /session ends it. */
  session: Router;
  /** Lets a request through with a valid bearer header or session cookie; without one, the page answers 401 with the token form. */
  guard: RequestHandler;
}

export function inspectAuth(token: string | undefined): InspectAuth {
  const session = Router();
  if (token === undefined) {
    session.post('/session', (_req, res) => {
      res.status(204).end();
    });
    return { session, guard: (_req, _res, next) => next() };
  }
  const expectedToken = digest(token);
  const expectedSession = digest(sessionValue(token));
  const equals = (presented: string | undefined, expected: Buffer) => presented !== undefined && timingSafeEqual(digest(presented), expected);

  const cookieHeader = (req: Request, value: string, maxAge: number) =>
    `${SESSION_COOKIE}=${value}; Path=${req.baseUrl || '/'}; Max-Age=${maxAge}; HttpOnly; SameSite=Strict${req.secure ? '; Secure' : ''}`;

  session.post('/session', express.json({ limit: '2kb' }), express.urlencoded({ extended: false, limit: '2kb' }), (req, res) => {
    const parsed = sessionBodySchema.safeParse(req.body);
    if (!parsed.success) throw badRequest('invalid_body', 'token: the admin token is required');
    const form = req.is('application/x-www-form-urlencoded') !== false;
    if (!equals(parsed.data.token, expectedToken)) {
      if (form) {
        res.status(401).type('html').send(renderLoginPage({ base: req.baseUrl, error: 'That token is not the admin token.' }));
        return;
      }
      throw unauthorized('unauthorized', 'that is not the admin token');
    }
    res.setHeader('Set-Cookie', cookieHeader(req, sessionValue(token), SESSION_SECONDS));
    if (form) res.redirect(303, `${req.baseUrl}/`);
    else res.status(204).end();
  });
  session.delete('/session', (req, res) => {
    res.setHeader('Set-Cookie', cookieHeader(req, '', 0));
    res.status(204).end();
  });

  const guard: RequestHandler = (req, res, next) => {
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(req.get('authorization') ?? '')?.[1];
    if (equals(bearer, expectedToken) || equals(cookie(req, SESSION_COOKIE), expectedSession)) {
      next();
      return;
    }
    // A browser opening the page gets the token form (a page with no data, so 200 like any sign-in page); an API client gets the JSON 401.
    if (req.method === 'GET' && req.path === '/' && req.accepts(['application/json', 'text/html']) === 'text/html') {
      res.setHeader('Cache-Control', 'no-store');
      res.status(200).type('html').send(renderLoginPage({ base: req.baseUrl, error: null }));
      return;
    }
    res.setHeader('WWW-Authenticate', 'Bearer realm="baton-admin"');
    next(unauthorized('unauthorized', 'enter the admin token in the inspector page, or send a bearer token'));
  };
  return { session, guard };
}
