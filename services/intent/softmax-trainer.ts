// Trains the linear intent model: multinomial logistic regression over sparse features, AdaGrad, L2, seeded and deterministic.
import { INTENT_CLASSES, type IntentClass } from '../../domain/intent-model';
import { featureValue } from '../../bots/intent/features';

export interface TrainingExample {
  features: readonly string[];
  label: IntentClass;
}

export interface TrainerOptions {
  epochs: number;
  learningRate: number;
  /** L2 penalty per update (weight decay scaled by the learning rate). */
  l2: number;
  /** Features seen in fewer training messages than this are dropped (noise, and a smaller file). */
  minCount: number;
  seed: number;
}

export const DEFAULT_TRAINER: TrainerOptions = { epochs: 40, learningRate: 0.5, l2: 1e-5, minCount: 2, seed: 20261204 };

export interface LinearWeights {
  bias: number[];
  weights: Record<string, number[]>;
}

const K = INTENT_CLASSES.length;

/** mulberry32: a tiny seeded generator, so the same corpus and seed give the same model byte for byte. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function vocabularyOf(examples: readonly TrainingExample[], minCount: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (const example of examples) for (const feature of example.features) counts.set(feature, (counts.get(feature) ?? 0) + 1);
  const vocabulary = new Map<string, number>();
  for (const [feature, count] of [...counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (count >= minCount) vocabulary.set(feature, vocabulary.size);
  }
  return vocabulary;
}

export function trainSoftmax(examples: readonly TrainingExample[], options: TrainerOptions = DEFAULT_TRAINER): LinearWeights {
  const vocabulary = vocabularyOf(examples, options.minCount);
  const rows = examples.map((example) => ({
    indices: example.features.map((f) => vocabulary.get(f)).filter((i): i is number => i !== undefined),
    value: featureValue(example.features.length),
    label: INTENT_CLASSES.indexOf(example.label),
  }));
  const w = new Float64Array(vocabulary.size * K);
  const g2 = new Float64Array(vocabulary.size * K).fill(1e-8);
  const bias = new Float64Array(K);
  const biasG2 = new Float64Array(K).fill(1e-8);
  const random = seededRandom(options.seed);
  const order = rows.map((_, i) => i);
  const probs = new Float64Array(K);
  for (let epoch = 0; epoch < options.epochs; epoch += 1) {
    for (let i = order.length - 1; i > 0; i -= 1) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j] ?? 0, order[i] ?? 0];
    }
    for (const index of order) {
      const row = rows[index];
      if (row === undefined) continue;
      let max = -Infinity;
      for (let k = 0; k < K; k += 1) {
        let z = bias[k] ?? 0;
        for (const f of row.indices) z += (w[f * K + k] ?? 0) * row.value;
        probs[k] = z;
        max = Math.max(max, z);
      }
      let sum = 0;
      for (let k = 0; k < K; k += 1) {
        probs[k] = Math.exp((probs[k] ?? 0) - max);
        sum += probs[k] ?? 0;
      }
      for (let k = 0; k < K; k += 1) {
        const grad = (probs[k] ?? 0) / sum - (k === row.label ? 1 : 0);
        biasG2[k] = (biasG2[k] ?? 0) + grad * grad;
        bias[k] = (bias[k] ?? 0) - (options.learningRate * grad) / Math.sqrt(biasG2[k] ?? 1);
        for (const f of row.indices) {
          const at = f * K + k;
          const g = grad * row.value + options.l2 * (w[at] ?? 0);
          g2[at] = (g2[at] ?? 0) + g * g;
          w[at] = (w[at] ?? 0) - (options.learningRate * g) / Math.sqrt(g2[at] ?? 1);
        }
      }
    }
  }
  const weights: Record<string, number[]> = {};
  for (const [feature, f] of vocabulary) {
    const row = Array.from(w.subarray(f * K, f * K + K), round);
    if (row.some((x) => x !== 0)) weights[feature] = row;
  }
  return { bias: Array.from(bias, round), weights };
}

/** Four decimals: a smaller file, and no difference a probability could show. */
function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
