// Admin API for one contact: view, journal, transcript, failed effects, takeover and release.
import express, { Router, type Request } from 'express';
import type { z } from 'zod';
import type { Engine } from '../../services/engine/types';
import type { ContactStore } from '../../services/store/types';
import { badRequest, notFound } from '../errors';
import { noteOnAccessLog } from '../middleware/request-context';
import { describeIssues } from '../schemas/ghl';
import { contactParamsSchema, journalQuerySchema, releaseBodySchema, takeoverBodySchema } from '../schemas/api';

export interface ContactsDeps {
  engine: Engine;
  store: ContactStore;
}

function parse<T extends z.ZodType>(schema: T, value: unknown, code: string): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw badRequest(code, describeIssues(parsed.error.issues));
  return parsed.data;
}

const contactId = (req: Request): string => parse(contactParamsSchema, req.params, 'invalid_contact_id').id;

/** An absent or non-JSON body is an empty object, so optional fields take their defaults. */
const jsonBody = (req: Request): unknown => (typeof req.body === 'object' && req.body !== null ? req.body : {});

export function contactsRouter(deps: ContactsDeps): Router {
  const router = Router();
  router.use(express.json({ limit: '16kb' }));

  router.get('/contacts/:id', async (req, res) => {
    const id = contactId(req);
    const view = await deps.engine.view(id);
    if (view === null) throw notFound('contact_not_found', `contact ${id} not found`);
    res.json(view);
  });

  router.get('/contacts/:id/journal', async (req, res) => {
    const id = contactId(req);
    const { limit } = parse(journalQuerySchema, req.query, 'invalid_query');
    res.json({ contactId: id, entries: await deps.engine.journal(id, limit) });
  });

  router.get('/contacts/:id/messages', async (req, res) => {
    const id = contactId(req);
    const transcript = await deps.engine.transcript(id);
    const messages = transcript.map(({ direction, text, at, bot, asks }) => ({ direction, text, at, bot, asks }));
    res.json({ contactId: id, messages });
  });

  router.get('/contacts/:id/effects/failed', async (req, res) => {
    const id = contactId(req);
    res.json({ contactId: id, effects: await deps.store.failedEffects(id) });
  });

  router.post('/contacts/:id/takeover', async (req, res) => {
    const id = contactId(req);
    const { by } = parse(takeoverBodySchema, jsonBody(req), 'invalid_body');
    noteOnAccessLog(res, 'human takeover', { contactId: id, by });
    res.json(await deps.engine.takeover(id, by));
  });

  router.post('/contacts/:id/release', async (req, res) => {
    const id = contactId(req);
    const { bot } = parse(releaseBodySchema, jsonBody(req), 'invalid_body');
    noteOnAccessLog(res, 'human release', { contactId: id, bot });
    res.json(await deps.engine.release(id, bot));
  });

  return router;
}
