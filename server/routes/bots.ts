// Admin API across contacts: bot health against SLA, learned thresholds per pattern, the policy in force.
import { Router } from 'express';
import type { z } from 'zod';
import type { Engine } from '../../services/engine/types';
import type { patternSchema } from '../schemas/api';

export type LearnedPattern = z.infer<typeof patternSchema>;

export interface BotsDeps {
  engine: Engine;
  /** Learned thresholds with their sample counts; absent until learning is wired. */
  patterns?: () => Promise<LearnedPattern[]> | LearnedPattern[];
}

export function botsRouter(deps: BotsDeps): Router {
  const router = Router();
  router.get('/bots/health', async (_req, res) => {
    res.json({ bots: await deps.engine.health() });
  });
  router.get('/policy', (_req, res) => {
    res.json({ policy: deps.engine.policy });
  });
  router.get('/patterns', async (_req, res) => {
    res.json({ patterns: deps.patterns === undefined ? [] : await deps.patterns() });
  });
  return router;
}
