// Measures the intent classifier on a labelled set, at the Lead bot's operating point: per-class P/R/F1, confusion, the errors that matter.
import { INTENT_CLASSES, type IntentClass } from '../../domain/intent-model';
import { DEFAULT_POLICY } from '../../domain/policy';
import type { Intent } from '../../domain/types';
import { isStopWordNegative, type LabelledSms } from '../../services/intent/corpus';
import { expectedCalibrationError } from '../../services/intent/calibration';

/** The Lead bot's handoff thresholds: what a message does at intake. */
const LEAD_TO = { buyer: DEFAULT_POLICY.thresholds['lead>buyer'], seller: DEFAULT_POLICY.thresholds['lead>seller'] };

/** What the Lead bot does with the message, as a class: a command, a handoff (with its goal), or nothing. */
export function outcomeOf(intent: Intent): IntentClass {
  switch (intent.command) {
    case 'opt_out':
      return 'opt_out';
    case 'opt_in':
      return 'opt_in';
    case 'human':
    case 'distress':
      return 'human';
    case 'help':
      return 'help';
    default:
  }
  if (intent.target === null || intent.confidence < LEAD_TO[intent.target]) return 'none';
  return intent.goal === 'both' ? 'both' : intent.target;
}

export interface ClassFigures {
  support: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface IntentReport {
  total: number;
  accuracy: number;
  perClass: Record<IntentClass, ClassFigures>;
  /** confusion[label][outcome] */
  confusion: Record<IntentClass, Record<IntentClass, number>>;
  /** Messages labelled none that would hand off (the published system's "false positives"). */
  falsePositives: number;
  falsePositiveRate: number;
  /** Buyers sent to the Seller bot, sellers or both-leads sent to the Buyer bot. */
  wrongTarget: number;
  missedOptOuts: number;
  /** Messages opted out that did not ask to be; `stopWordFalseOptOuts` of them used a stop-like word ("can I stop by"). */
  falseOptOuts: number;
  stopWordNegatives: number;
  stopWordFalseOptOuts: number;
  /** Expected calibration error of the model's top-class probability. */
  calibrationError: number;
  errors: Array<{ text: string; label: IntentClass; outcome: IntentClass; confidence: number; pattern: string }>;
}

const SIDE: Partial<Record<IntentClass, 'buyer' | 'seller'>> = { buyer: 'buyer', seller: 'seller', both: 'seller' };

export interface Scored {
  sms: LabelledSms;
  intent: Intent;
  /** The model's top class and its calibrated probability (for calibration). */
  top: IntentClass;
  topProbability: number;
}

export function reportOn(scored: readonly Scored[]): IntentReport {
  const confusion = Object.fromEntries(INTENT_CLASSES.map((l) => [l, Object.fromEntries(INTENT_CLASSES.map((o) => [o, 0]))])) as IntentReport['confusion'];
  const report: IntentReport = {
    total: scored.length, accuracy: 0, perClass: {} as IntentReport['perClass'], confusion,
    falsePositives: 0, falsePositiveRate: 0, wrongTarget: 0, missedOptOuts: 0, falseOptOuts: 0, stopWordNegatives: 0, stopWordFalseOptOuts: 0,
    calibrationError: 0, errors: [],
  };
  let correct = 0;
  let none = 0;
  for (const { sms, intent } of scored) {
    const outcome = outcomeOf(intent);
    confusion[sms.label][outcome] += 1;
    if (outcome === sms.label) correct += 1;
    else report.errors.push({ text: sms.text, label: sms.label, outcome, confidence: intent.confidence, pattern: intent.pattern });
    if (sms.label === 'none') {
      none += 1;
      if (SIDE[outcome] !== undefined) report.falsePositives += 1;
    }
    const wanted = SIDE[sms.label];
    const went = SIDE[outcome];
    if (wanted !== undefined && went !== undefined && wanted !== went) report.wrongTarget += 1;
    if (sms.label === 'opt_out' && outcome !== 'opt_out') report.missedOptOuts += 1;
    if (sms.label !== 'opt_out' && intent.command === 'opt_out') report.falseOptOuts += 1;
    if (isStopWordNegative(sms)) {
      report.stopWordNegatives += 1;
      if (intent.command === 'opt_out') report.stopWordFalseOptOuts += 1;
    }
  }
  report.accuracy = correct / Math.max(1, scored.length);
  report.falsePositiveRate = report.falsePositives / Math.max(1, none);
  for (const c of INTENT_CLASSES) {
    const tp = confusion[c][c];
    const support = INTENT_CLASSES.reduce((sum, o) => sum + confusion[c][o], 0);
    const predicted = INTENT_CLASSES.reduce((sum, l) => sum + confusion[l][c], 0);
    const precision = predicted === 0 ? 0 : tp / predicted;
    const recall = support === 0 ? 0 : tp / support;
    report.perClass[c] = { support, precision, recall, f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall) };
  }
  report.calibrationError = expectedCalibrationError(scored.map((s) => ({ confidence: s.topProbability, correct: s.top === s.sms.label })));
  return report;
}
