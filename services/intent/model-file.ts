// Reads the committed intent model file once at start-up (zod-checked) and builds the classifier over it.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { intentModelSchema, type IntentModel } from '../../domain/intent-model';
import { createIntentClassifier, type IntentClassifier } from '../../bots/intent/classify';
import { compileIntentModel } from '../../bots/intent/predict';

/** The model `npm run train:intent` writes and the host loads: no download, ever. */
export const INTENT_MODEL_PATH = fileURLToPath(new URL('../../models/intent-model.json', import.meta.url));

export class IntentModelError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IntentModelError';
  }
}

export function readIntentModel(path: string = INTENT_MODEL_PATH): IntentModel {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new IntentModelError(`intent model ${path} cannot be read: ${err instanceof Error ? err.message : String(err)} (run npm run train:intent)`);
  }
  const parsed = intentModelSchema.safeParse(json);
  if (!parsed.success) throw new IntentModelError(`intent model ${path} is not a baton intent model: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return parsed.data;
}

export function loadIntentClassifier(path: string = INTENT_MODEL_PATH): IntentClassifier {
  return createIntentClassifier(compileIntentModel(readIntentModel(path)));
}

let committed: IntentClassifier | null = null;

/** The classifier over the committed model file, read once per process (the file never changes while it runs). */
export function committedIntentClassifier(): IntentClassifier {
  committed ??= loadIntentClassifier();
  return committed;
}
