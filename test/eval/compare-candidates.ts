// `npm run compare:intent`: the intent model's candidates trained on the same features and compared on the dev split.
import { Matrix } from 'ml-matrix';
import LogisticRegression from 'ml-logistic-regression';
import winkNaiveBayes from 'wink-naive-bayes-text-classifier';
import { INTENT_CLASSES, type IntentClass } from '../../domain/intent-model';
import { featuresOf } from '../../bots/intent/features';
import { compileIntentModel, probabilitiesOf } from '../../bots/intent/predict';
import { CORPUS_DIR, DEV_FILE, readCorpus, readCorpusFiles, TRAIN_FILES } from '../../services/intent/corpus';
import { DEFAULT_TRAINER, trainSoftmax } from '../../services/intent/softmax-trainer';

const train = readCorpusFiles(CORPUS_DIR, TRAIN_FILES).map((s) => ({ features: featuresOf(s.text), label: s.label }));
const dev = readCorpus(`${CORPUS_DIR}/${DEV_FILE}`).map((s) => ({ features: featuresOf(s.text), label: s.label }));

interface Candidate {
  name: string;
  fit(): (features: readonly string[]) => IntentClass;
}

function argmax(probs: Record<IntentClass, number>): IntentClass {
  return INTENT_CLASSES.reduce((best, c) => (probs[c] > probs[best] ? c : best), INTENT_CLASSES[0]);
}

const candidates: Candidate[] = [
  {
    name: 'softmax regression, sparse AdaGrad (services/intent)',
    fit() {
      const w = trainSoftmax(train, DEFAULT_TRAINER);
      const model = compileIntentModel({
        format: 'baton-intent-linear/1', classes: [...INTENT_CLASSES], temperature: 1, optOutThreshold: 0.5, bias: w.bias, weights: w.weights,
        trainedOn: { examples: train.length, features: 0, seed: DEFAULT_TRAINER.seed, corpus: [] },
      });
      return (features) => argmax(probabilitiesOf(model, features));
    },
  },
  {
    name: 'wink-naive-bayes-text-classifier (multinomial NB, presence)',
    fit() {
      const nb = winkNaiveBayes();
      nb.defineConfig({ considerOnlyPresence: true, smoothingFactor: 0.5 });
      for (const example of train) nb.learn([...example.features], example.label);
      nb.consolidate();
      return (features) => {
        const label = nb.predict([...features]);
        return (INTENT_CLASSES as readonly string[]).includes(label) ? (label as IntentClass) : 'none';
      };
    },
  },
  {
    name: 'ml-logistic-regression (one-vs-rest, dense, features seen >= 10 times)',
    fit() {
      const counts = new Map<string, number>();
      for (const e of train) for (const f of e.features) counts.set(f, (counts.get(f) ?? 0) + 1);
      const vocabulary = new Map([...counts].filter(([, n]) => n >= 10).map(([f], i) => [f, i] as const));
      const dense = (features: readonly string[]) => {
        const row = new Array<number>(vocabulary.size).fill(0);
        for (const f of features) {
          const i = vocabulary.get(f);
          if (i !== undefined) row[i] = 1 / Math.sqrt(features.length);
        }
        return row;
      };
      const lr = new LogisticRegression({ numSteps: 60, learningRate: 0.5 });
      lr.train(new Matrix(train.map((e) => dense(e.features))), Matrix.columnVector(train.map((e) => INTENT_CLASSES.indexOf(e.label))));
      return (features) => INTENT_CLASSES[lr.predict(new Matrix([dense(features)]))[0] ?? 3] ?? 'none';
    },
  },
];

console.log(`candidates on the dev split (${dev.length} messages), trained on ${train.length}`);
for (const candidate of candidates) {
  const started = performance.now();
  const classify = candidate.fit();
  const trainMs = performance.now() - started;
  const inferStart = performance.now();
  const predicted = dev.map((e) => classify(e.features));
  const inferMs = (performance.now() - inferStart) / dev.length;
  const accuracy = predicted.filter((p, i) => p === dev[i]?.label).length / dev.length;
  const f1s = INTENT_CLASSES.map((c) => {
    const tp = predicted.filter((p, i) => p === c && dev[i]?.label === c).length;
    const fp = predicted.filter((p, i) => p === c && dev[i]?.label !== c).length;
    const fn = predicted.filter((p, i) => p !== c && dev[i]?.label === c).length;
    return tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
  });
  const macroF1 = f1s.reduce((a, b) => a + b, 0) / f1s.length;
  console.log(`  ${candidate.name}\n    accuracy ${(accuracy * 100).toFixed(1)} %  macro-F1 ${(macroF1 * 100).toFixed(1)} %  train ${(trainMs / 1000).toFixed(1)} s  ${inferMs.toFixed(3)} ms/message`);
}
