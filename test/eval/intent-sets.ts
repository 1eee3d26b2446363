// Scores the classifier on the corpus sets: training (5-fold cross-validated), dev and blind, each as an IntentReport.
import { INTENT_CLASSES, type IntentClass, type IntentModel } from '../../domain/intent-model';
import { createIntentClassifier } from '../../bots/intent/classify';
import { featuresOf } from '../../bots/intent/features';
import { compileIntentModel, probabilitiesOf } from '../../bots/intent/predict';
import { buildIntentModel } from '../../services/intent/build';
import { BLIND_2_FILE, BLIND_FILE, CORPUS_DIR, DEV_FILE, readCorpus, readCorpusFiles, TRAIN_FILES, type LabelledSms } from '../../services/intent/corpus';
import { readIntentModel } from '../../services/intent/model-file';
import { reportOn, type IntentReport, type Scored } from './intent-report';

export function scoreWith(model: IntentModel, set: readonly LabelledSms[]): Scored[] {
  const compiled = compileIntentModel(model);
  const classify = createIntentClassifier(compiled);
  return set.map((sms) => {
    const probs = probabilitiesOf(compiled, featuresOf(sms.text));
    const top = INTENT_CLASSES.reduce<IntentClass>((best, c) => (probs[c] > probs[best] ? c : best), 'none');
    return { sms, intent: classify(sms.text), top, topProbability: probs[top] };
  });
}

export const trainingSet = (): LabelledSms[] => readCorpusFiles(CORPUS_DIR, TRAIN_FILES);
export const devSet = (): LabelledSms[] => readCorpus(`${CORPUS_DIR}/${DEV_FILE}`);
export const blindSet = (): LabelledSms[] => readCorpus(`${CORPUS_DIR}/${BLIND_FILE}`);
export const blind2Set = (): LabelledSms[] => readCorpus(`${CORPUS_DIR}/${BLIND_2_FILE}`);

/** k-fold cross-validation on the training set: each fold scored by a model trained on the other folds (calibrated on dev). */
export function crossValidated(folds = 5): IntentReport {
  const train = trainingSet();
  const dev = devSet();
  const scored: Scored[] = [];
  for (let fold = 0; fold < folds; fold += 1) {
    const held = train.filter((_, i) => i % folds === fold);
    const rest = train.filter((_, i) => i % folds !== fold);
    scored.push(...scoreWith(buildIntentModel(rest, dev, TRAIN_FILES), held));
  }
  return reportOn(scored);
}

export function committedModelOn(set: readonly LabelledSms[]): IntentReport {
  return reportOn(scoreWith(readIntentModel(), set));
}
