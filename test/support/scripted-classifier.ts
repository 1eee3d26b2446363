// A classifier for host tests: fixed intents for the texts a story uses, so its outcome never depends on the real model's scores.
import type { Intent } from '../../domain/types';
import { intentFor } from './attempts';

/** Each known text reads as its scripted intent; any other text carries no handoff intent. */
export function scriptedClassifier(script: Readonly<Record<string, Intent>>): (text: string) => Intent {
  return (text) => script[text] ?? intentFor(null, 0);
}
