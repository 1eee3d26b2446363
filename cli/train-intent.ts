// `npm run train:intent`: rebuilds models/intent-model.json from the corpus (train files; temperature and opt-out threshold fitted on dev).
import { writeFileSync } from 'node:fs';
import { buildIntentModel } from '../services/intent/build';
import { CORPUS_DIR, DEV_FILE, readCorpus, readCorpusFiles, TRAIN_FILES } from '../services/intent/corpus';
import { INTENT_MODEL_PATH } from '../services/intent/model-file';

const started = performance.now();
const model = buildIntentModel(readCorpusFiles(CORPUS_DIR, TRAIN_FILES), readCorpus(`${CORPUS_DIR}/${DEV_FILE}`), TRAIN_FILES);
writeFileSync(INTENT_MODEL_PATH, `${JSON.stringify(model)}\n`);
const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(
  `intent model: ${model.trainedOn.examples} training messages, ${model.trainedOn.features} features, temperature ${model.temperature}, ` +
    `opt-out threshold ${model.optOutThreshold}, ${seconds} s → ${INTENT_MODEL_PATH}`,
);
