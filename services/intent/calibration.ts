// Temperature scaling (fitted on the dev split) and the expected calibration error that checks it.
import { softmax } from '../../bots/intent/predict';

export interface Scored {
  logits: Float64Array;
  /** Index of the true class. */
  label: number;
}

function negativeLogLikelihood(items: readonly Scored[], temperature: number): number {
  let total = 0;
  for (const item of items) total -= Math.log(Math.max(1e-12, softmax(item.logits, temperature)[item.label] ?? 0));
  return total / Math.max(1, items.length);
}

/** The temperature in [0.2, 6] (step 0.01) with the lowest dev-set negative log-likelihood. */
export function fitTemperature(items: readonly Scored[]): number {
  let best = 1;
  let bestLoss = Infinity;
  for (let t = 0.2; t <= 6.0001; t += 0.01) {
    const loss = negativeLogLikelihood(items, t);
    if (loss < bestLoss) {
      bestLoss = loss;
      best = Math.round(t * 100) / 100;
    }
  }
  return best;
}

/**
 * Expected calibration error over equal-width confidence bins: the gap between how sure the model
 * says it is and how often it is right, weighted by how many predictions fall in each bin.
 */
export function expectedCalibrationError(predictions: ReadonlyArray<{ confidence: number; correct: boolean }>, bins = 10): number {
  const totals = new Array<number>(bins).fill(0);
  const confidence = new Array<number>(bins).fill(0);
  const correct = new Array<number>(bins).fill(0);
  for (const p of predictions) {
    const bin = Math.min(bins - 1, Math.floor(p.confidence * bins));
    totals[bin] = (totals[bin] ?? 0) + 1;
    confidence[bin] = (confidence[bin] ?? 0) + p.confidence;
    correct[bin] = (correct[bin] ?? 0) + (p.correct ? 1 : 0);
  }
  let ece = 0;
  for (let b = 0; b < bins; b += 1) {
    const n = totals[b] ?? 0;
    if (n === 0) continue;
    ece += (n / predictions.length) * Math.abs((confidence[b] ?? 0) / n - (correct[b] ?? 0) / n);
  }
  return ece;
}
