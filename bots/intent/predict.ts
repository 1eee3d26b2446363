// Inference of the linear intent model: features → calibrated class probabilities, and which features drove them.
import { INTENT_CLASSES, type IntentClass, type IntentModel } from '../../domain/intent-model';
import { featureValue } from './features';

const CLASS_COUNT = INTENT_CLASSES.length;

/** The model as inference wants it: weights in a Map of typed arrays (built once from the parsed file). */
export interface CompiledIntentModel {
  readonly classes: readonly IntentClass[];
  readonly temperature: number;
  readonly optOutThreshold: number;
  readonly bias: Float64Array;
  readonly weights: ReadonlyMap<string, Float64Array>;
}

export function compileIntentModel(model: IntentModel): CompiledIntentModel {
  const weights = new Map<string, Float64Array>();
  // Each row is centred on its mean: the softmax is unchanged (every class moves by the same amount), and a
  // weight then reads directly as evidence for or against its class.
  for (const [feature, row] of Object.entries(model.weights)) {
    const mean = row.reduce((sum, w) => sum + w, 0) / row.length;
    weights.set(feature, Float64Array.from(row, (w) => w - mean));
  }
  return {
    classes: model.classes,
    temperature: model.temperature,
    optOutThreshold: model.optOutThreshold,
    bias: Float64Array.from(model.bias),
    weights,
  };
}

/** Raw scores per class (before temperature and softmax). */
export function logitsOf(model: CompiledIntentModel, features: readonly string[]): Float64Array {
  const logits = Float64Array.from(model.bias);
  const value = featureValue(features.length);
  for (const feature of features) {
    const row = model.weights.get(feature);
    if (row === undefined) continue;
    for (let k = 0; k < CLASS_COUNT; k += 1) logits[k] = (logits[k] ?? 0) + (row[k] ?? 0) * value;
  }
  return logits;
}

/** Softmax of logits / temperature, numerically stable. */
export function softmax(logits: Float64Array, temperature: number): Float64Array {
  let max = -Infinity;
  for (const logit of logits) max = Math.max(max, logit / temperature);
  const out = new Float64Array(logits.length);
  let sum = 0;
  for (let k = 0; k < logits.length; k += 1) {
    const e = Math.exp((logits[k] ?? 0) / temperature - max);
    out[k] = e;
    sum += e;
  }
  for (let k = 0; k < out.length; k += 1) out[k] = (out[k] ?? 0) / sum;
  return out;
}

export type ClassProbabilities = Record<IntentClass, number>;

export function probabilitiesOf(model: CompiledIntentModel, features: readonly string[]): ClassProbabilities {
  const probs = softmax(logitsOf(model, features), model.temperature);
  const out = {} as ClassProbabilities;
  model.classes.forEach((name, k) => {
    out[name] = probs[k] ?? 0;
  });
  return out;
}

/** Which of the given features pushed `target` up (its evidence), strongest first. */
export function evidenceFor(model: CompiledIntentModel, features: readonly string[], target: IntentClass): Array<{ feature: string; weight: number }> {
  const k = model.classes.indexOf(target);
  const evidence: Array<{ feature: string; weight: number }> = [];
  for (const feature of features) {
    const weight = model.weights.get(feature)?.[k] ?? 0;
    if (weight > 0) evidence.push({ feature, weight });
  }
  return evidence.sort((a, b) => b.weight - a.weight);
}
