// The intent model file's schema: a calibrated linear model over named features (weights per class), read once at start-up.
import { z } from 'zod';

/** What a message can be about; the last three are carrier commands. */
export const INTENT_CLASSES = ['buyer', 'seller', 'both', 'none', 'human', 'opt_out', 'opt_in', 'help'] as const;
export type IntentClass = (typeof INTENT_CLASSES)[number];

export const intentModelSchema = z.object({
  format: z.literal('baton-intent-linear/1'),
  classes: z.array(z.enum(INTENT_CLASSES)).length(INTENT_CLASSES.length),
  /** Logits are divided by this before the softmax (temperature scaling, fitted on the dev split). */
  temperature: z.number().positive(),
  /** The opt-out class's probability at which the model alone opts a contact out (the keyword rules come first). */
  optOutThreshold: z.number().min(0).max(1),
  bias: z.array(z.number()).length(INTENT_CLASSES.length),
  /** feature → one weight per class, in `classes` order; features absent here weigh nothing. */
  weights: z.record(z.string(), z.array(z.number()).length(INTENT_CLASSES.length)),
  trainedOn: z.object({ examples: z.number().int(), features: z.number().int(), seed: z.number().int(), corpus: z.array(z.string()) }),
});

export type IntentModel = z.infer<typeof intentModelSchema>;
