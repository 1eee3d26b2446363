// createInspectRouter: the token form and session, then behind the guard the live page, its assets, the contact view and the live API (/api).
import { fileURLToPath } from 'node:url';
import { Router, type Request, type RequestHandler } from 'express';
import type { BatonEngine } from '../../services/engine/engine';
import { notFound } from '../errors';
import type { Live } from '../live';
import { parseOr400 } from '../routes/parse';
import { liveRouter } from '../routes/live';
import { contactParamsSchema } from '../schemas/api';
import { inspectAuth } from './auth';
import { activeStateIds } from './graph';
import { layoutOnce } from './layout';
import { renderPage } from './page';
import { playgroundRouter } from './playground';

export interface InspectDeps {
  engine: Pick<BatonEngine, 'machine' | 'view' | 'journal' | 'transcript' | 'policy' | 'handleInbound'>;
  live: Live;
  /** ADMIN_TOKEN: the page asks for it once and keeps a session cookie. */
  adminToken?: string | undefined;
  /** Mount POST /api/playground (off in production unless INSPECT_PLAYGROUND=1). */
  playground?: boolean;
  /** The playground's message time (Date.now by default). */
  clock?: () => number;
  /** How many journal entries and messages the contact route returns (default 20). */
  recent?: number;
  onError?: (error: unknown) => void;
}

const file = (name: string): string => fileURLToPath(new URL(`./static/${name}`, import.meta.url));

/** Scripts and styles are same-origin files: no inline script or style is allowed, nor any other origin. */
export const INSPECT_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

const csp: RequestHandler = (_req, res, next) => {
  res.setHeader('Content-Security-Policy', INSPECT_CSP);
  next();
};

function asset(name: string, type: string): RequestHandler {
  const path = file(name);
  return (_req, res, next) => {
    res.setHeader('Cache-Control', 'no-cache');
    res.type(type).sendFile(path, (error) => {
      if (error !== undefined) next(error);
    });
  };
}

const contactId = (req: Request): string => parseOr400(contactParamsSchema, req.params, 'invalid_contact_id').id;

export function createInspectRouter(deps: InspectDeps): Router {
  const { engine } = deps;
  const recent = deps.recent ?? 20;
  const playground = deps.playground ?? false;
  const layout = layoutOnce(engine.machine);
  const auth = inspectAuth(deps.adminToken);
  const router = Router();
  router.use(csp);

  // Public: what the token form needs (no data).
  router.get('/inspector.css', asset('inspector.css', 'text/css'));
  router.get('/login.js', asset('login.js', 'text/javascript'));
  router.use(auth.session);

  router.use(auth.guard);
  router.get('/', async (req, res) => {
    const page = renderPage({ base: req.baseUrl, layout: await layout(), playground });
    res.setHeader('Cache-Control', 'no-store');
    res.type('html').send(page);
  });
  router.get('/layout.json', async (_req, res) => {
    res.json(await layout());
  });
  for (const script of ['panels.js', 'chart.js', 'inspector.js']) router.get(`/${script}`, asset(script, 'text/javascript'));

  router.get('/contacts/:id', async (req, res) => {
    const id = contactId(req);
    const view = await engine.view(id);
    if (view === null) throw notFound('contact_not_found', `contact ${id} not found`);
    const [journal, transcript] = await Promise.all([engine.journal(id, recent), engine.transcript(id)]);
    const messages = transcript.slice(-recent).map(({ direction, text, at, bot, asks }) => ({ direction, text, at, bot, asks }));
    res.setHeader('Cache-Control', 'no-store');
    res.json({ contactId: id, view, active: activeStateIds(engine.machine.id, view.stateValue), journal, messages, playground });
  });

  router.use('/api', liveRouter({ engine, live: deps.live, ...(deps.onError === undefined ? {} : { onError: deps.onError }) }));
  if (playground) router.use('/api', playgroundRouter({ engine, ...(deps.clock === undefined ? {} : { clock: deps.clock }) }));
  return router;
}
