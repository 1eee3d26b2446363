// What the main thread hands a replay worker (a shard of contacts in one Redis) and what it answers; zod-checked on arrival.
import { z } from 'zod';
import { conversationPolicySchema } from '../../domain/policy';

const route = z.enum(['lead>buyer', 'lead>seller', 'buyer>seller', 'seller>buyer']);

export const workerJobSchema = z.object({
  url: z.string(),
  prefix: z.string(),
  contactIds: z.array(z.string()),
  policy: conversationPolicySchema,
  overriddenRoutes: z.array(route),
  reclassify: z.boolean(),
  since: z.number().nullable(),
});
export type WorkerJob = z.infer<typeof workerJobSchema>;
