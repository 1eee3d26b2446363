// POST /api/playground: a message as a test contact straight into the engine (no phone, no signature), for trying the chart; off in production.
import { randomUUID } from 'node:crypto';
import express, { Router } from 'express';
import { z } from 'zod';
import type { Engine } from '../../services/engine/types';
import { parseOr400 } from '../routes/parse';
import { contactIdSchema } from '../schemas/ghl';

const playgroundBodySchema = z.strictObject({
  contactId: contactIdSchema,
  text: z.string().trim().min(1, 'must not be empty').max(1_600),
});

export function playgroundRouter(deps: { engine: Pick<Engine, 'handleInbound'>; clock?: () => number }): Router {
  const clock = deps.clock ?? Date.now;
  const router = Router();
  // JSON only: a cross-site form cannot send it without a CORS preflight, and the session cookie is SameSite=Strict.
  router.post('/playground', express.json({ limit: '8kb', type: 'application/json' }), async (req, res) => {
    const { contactId, text } = parseOr400(playgroundBodySchema, req.is('application/json') === false ? undefined : req.body, 'invalid_body');
    const result = await deps.engine.handleInbound({ contactId, messageId: `playground-${randomUUID()}`, text, at: clock(), locationId: null, conversationId: null });
    res.json(result);
  });
  return router;
}
