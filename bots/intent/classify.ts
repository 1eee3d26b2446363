// The intent classifier: carrier rules first, then the calibrated model → {target, goal, confidence, pattern, command}.
import type { IntentClass } from '../../domain/intent-model';
import type { Goal, HandoffTarget, Intent, IntentCommand } from '../../domain/types';
import { carrierCommandOfFolded } from './compliance';
import { patternFor } from './families';
import { featuresOfFolded } from './features';
import { evidenceFor, probabilitiesOf, type ClassProbabilities, type CompiledIntentModel } from './predict';
import { foldText } from './text';

/** DESIGN section 3's distress words: a person handles these whatever the model thinks. */
const DISTRESS = new RegExp(
  [
    'foreclos\\w*', 'pre-?foreclosure', 'bankrupt\\w*', 'chapter (?:7|13)', 'probate', 'short sale', 'attorney', 'lawyer', 'divorc\\w*',
    'executor', 'notice of default', 'evict\\w*', 'sheriff sale', 'passed away', 'behind on (?:my |our |the )?(?:mortgage|payments)',
    'ejecucion hipotecaria', 'bancarrota', 'quiebra', 'abogad[oa]s?', 'embargo\\w*', 'desaloj\\w*', 'falleci\\w*', 'murio',
    'atrasad[oa]s? (?:en|con) (?:la |el |los )?(?:hipoteca|pagos)',
  ]
    .map((word) => `\\b${word}\\b`)
    .join('|'),
);

const GOAL_OF: Partial<Record<IntentClass, Goal>> = { buyer: 'buy', seller: 'sell', both: 'both' };
/** Both sides of a "both" lead start with the Seller bot: selling usually comes first. */
const TARGET_OF: Partial<Record<IntentClass, HandoffTarget>> = { buyer: 'buyer', seller: 'seller', both: 'seller' };

function topClass(probs: ClassProbabilities, classes: readonly IntentClass[]): IntentClass {
  let best: IntentClass = 'none';
  for (const name of classes) if (probs[name] > probs[best]) best = name;
  return best;
}

function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

function commandOf(folded: string, probs: ClassProbabilities, top: IntentClass, optOutThreshold: number): IntentCommand | null {
  const rule = carrierCommandOfFolded(folded);
  if (rule === 'opt_out') return 'opt_out';
  if (rule === 'opt_in') return 'opt_in';
  if (probs.opt_out >= optOutThreshold) return 'opt_out';
  if (top === 'opt_in') return 'opt_in';
  if (DISTRESS.test(folded.replace(/\s+/g, ' '))) return 'distress';
  if (rule === 'help') return 'help';
  if (top === 'human') return 'human';
  if (top === 'help') return 'help';
  return null;
}

export type IntentClassifier = (text: string) => Intent;

/** Builds the classifier over a compiled model (read from its file by services/, handed in here as data). */
export function createIntentClassifier(model: CompiledIntentModel): IntentClassifier {
  return function classify(text: string): Intent {
    const folded = foldText(text);
    const features = featuresOfFolded(folded);
    const probs = probabilitiesOf(model, features);
    const top = topClass(probs, model.classes);
    const command = commandOf(folded, probs, top, model.optOutThreshold);
    const scores = { buyer: round(probs.buyer + probs.both), seller: round(probs.seller + probs.both) };
    const target = TARGET_OF[top] ?? null;
    const goal = GOAL_OF[top] ?? null;
    if (target === null || goal === null) return { target: null, goal: null, confidence: 0, pattern: '', scores, command };
    // Only words and word pairs can name a phrase family: weigh those, not every character n-gram.
    const phrases = features.filter((feature) => feature.startsWith('w:') || feature.startsWith('b:'));
    return { target, goal, confidence: scores[target], pattern: patternFor(top, evidenceFor(model, phrases, top)), scores, command };
  };
}
