// The one place replay takes "the current classifier" from: the engine's default, the committed intent model.
import type { Intent } from '../../domain/types';
import { committedIntentClassifier } from '../intent/model-file';

/** `baton replay --reclassify` and the rebuilding of old journal entries read texts with this. */
export function currentClassifier(): (text: string) => Intent {
  return committedIntentClassifier();
}
