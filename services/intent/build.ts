// Builds an intent model from labelled SMS: trains on one set, fits temperature and the opt-out threshold on another.
import { INTENT_CLASSES, type IntentModel } from '../../domain/intent-model';
import { featuresOf } from '../../bots/intent/features';
import { compileIntentModel, logitsOf, probabilitiesOf } from '../../bots/intent/predict';
import { fitTemperature } from './calibration';
import type { LabelledSms } from './corpus';
import { DEFAULT_TRAINER, trainSoftmax, type TrainerOptions } from './softmax-trainer';

/** The model alone opts out at this probability at least, and above every calibration message that is not an opt-out. */
const MIN_OPT_OUT_THRESHOLD = 0.5;

export function buildIntentModel(train: readonly LabelledSms[], calibration: readonly LabelledSms[], corpus: readonly string[], options: TrainerOptions = DEFAULT_TRAINER): IntentModel {
  const linear = trainSoftmax(
    train.map((sms) => ({ features: featuresOf(sms.text), label: sms.label })),
    options,
  );
  const draft: IntentModel = {
    format: 'baton-intent-linear/1',
    classes: [...INTENT_CLASSES],
    temperature: 1,
    optOutThreshold: 1,
    bias: linear.bias,
    weights: linear.weights,
    trainedOn: { examples: train.length, features: Object.keys(linear.weights).length, seed: options.seed, corpus: [...corpus] },
  };
  const uncalibrated = compileIntentModel(draft);
  const temperature = fitTemperature(calibration.map((sms) => ({ logits: logitsOf(uncalibrated, featuresOf(sms.text)), label: INTENT_CLASSES.indexOf(sms.label) })));
  const calibrated = compileIntentModel({ ...draft, temperature });
  let highestNonOptOut = 0;
  for (const sms of calibration) {
    if (sms.label !== 'opt_out') highestNonOptOut = Math.max(highestNonOptOut, probabilitiesOf(calibrated, featuresOf(sms.text)).opt_out);
  }
  const optOutThreshold = Math.max(MIN_OPT_OUT_THRESHOLD, Math.ceil((highestNonOptOut + 0.01) * 100) / 100);
  return { ...draft, temperature, optOutThreshold };
}
