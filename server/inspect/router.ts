// createInspectRouter: GET / (the live statechart page), /layout.json, /inspector.js and /contacts/:id (view + journal + messages).
import { fileURLToPath } from 'node:url';
import { Router, type Request } from 'express';
import type { BatonEngine } from '../../services/engine/engine';
import { badRequest, notFound } from '../errors';
import { describeIssues } from '../schemas/ghl';
import { contactParamsSchema } from '../schemas/api';
import { activeStateIds } from './graph';
import { layoutOnce } from './layout';
import { renderPage } from './page';

export interface InspectDeps {
  engine: Pick<BatonEngine, 'machine' | 'view' | 'journal' | 'transcript'>;
  /** How many journal entries and messages the contact route returns (default 20). */
  recent?: number;
}

const CLIENT_SCRIPT = fileURLToPath(new URL('./static/inspector.js', import.meta.url));

function contactId(req: Request): string {
  const parsed = contactParamsSchema.safeParse(req.params);
  if (!parsed.success) throw badRequest('invalid_contact_id', describeIssues(parsed.error.issues));
  return parsed.data.id;
}

export function createInspectRouter(deps: InspectDeps): Router {
  const { engine } = deps;
  const recent = deps.recent ?? 20;
  const layout = layoutOnce(engine.machine);
  const router = Router();

  router.get('/', async (req, res) => {
    const page = renderPage({ base: req.baseUrl, layout: await layout() });
    res.setHeader('Cache-Control', 'no-store');
    res.type('html').send(page);
  });

  router.get('/layout.json', async (_req, res) => {
    res.json(await layout());
  });

  // Served as a same-origin file so helmet's default CSP (script-src 'self') stays as it is.
  router.get('/inspector.js', (_req, res, next) => {
    res.setHeader('Cache-Control', 'no-cache');
    res.type('text/javascript').sendFile(CLIENT_SCRIPT, (error) => {
      if (error !== undefined) next(error);
    });
  });

  router.get('/contacts/:id', async (req, res) => {
    const id = contactId(req);
    const view = await engine.view(id);
    if (view === null) throw notFound('contact_not_found', `contact ${id} not found`);
    const [journal, transcript] = await Promise.all([engine.journal(id, recent), engine.transcript(id)]);
    const messages = transcript.slice(-recent).map(({ direction, text, at, bot, asks }) => ({ direction, text, at, bot, asks }));
    res.setHeader('Cache-Control', 'no-store');
    res.json({ contactId: id, view, active: activeStateIds(engine.machine.id, view.stateValue), journal, messages });
  });

  return router;
}
