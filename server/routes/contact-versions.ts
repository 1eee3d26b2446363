// GET /contacts/:id/versions/:version: the contact as of one committed version (time travel), replayed from its journal.
import { Router } from 'express';
import { createConversationMachine } from '../../machines/conversation';
import type { Engine } from '../../services/engine/types';
import { versionView } from '../../services/replay/history';
import { notFound } from '../errors';
import { versionParamsSchema } from '../schemas/live';
import { parseOr400 } from './parse';

export function contactVersionsRouter(deps: { engine: Pick<Engine, 'policy' | 'journal'> }): Router {
  const { engine } = deps;
  // The machine of the policy in force: the replay recomputes each step's context with it.
  const machine = createConversationMachine(engine.policy);
  const router = Router();
  router.get('/contacts/:id/versions/:version', async (req, res) => {
    const { id, version } = parseOr400(versionParamsSchema, req.params, 'invalid_path');
    const journal = await engine.journal(id, engine.policy.retention.journalEntries);
    if (journal.length === 0) throw notFound('contact_not_found', `contact ${id} not found`);
    const view = versionView(machine, engine.policy, id, journal, version);
    if (view === null) throw notFound('version_not_found', `contact ${id} has no version ${version} in its journal`);
    res.setHeader('Cache-Control', 'no-store');
    res.json(view);
  });
  return router;
}
