// npm run bench:classify — P50/P99 of one classification (carrier rules, features, calibrated model, pattern) over the dev split's texts.
import { readCorpus, CORPUS_DIR, DEV_FILE } from '../../services/intent/corpus';
import { committedIntentClassifier } from '../../services/intent/model-file';
import { percentile, summarize } from './stats';

const CALLS = Number(process.env['BENCH_EVENTS'] ?? 100_000);
const WARMUP = 20_000;
const texts = readCorpus(`${CORPUS_DIR}/${DEV_FILE}`).map((sms) => sms.text);
const classify = committedIntentClassifier();

function run(count: number, record: Float64Array | null): number {
  let targets = 0;
  for (let i = 0; i < count; i += 1) {
    const text = texts[i % texts.length] ?? '';
    const began = process.hrtime.bigint();
    const intent = classify(text);
    const took = process.hrtime.bigint() - began;
    if (record !== null) record[i] = Number(took) / 1e6;
    if (intent.target !== null) targets += 1;
  }
  return targets;
}

console.log(`classification bench: node ${process.version}, ${CALLS} calls over ${texts.length} real SMS (dev split), target P99 ≤ 0.1 ms`);
run(WARMUP, null);
const p99s: number[] = [];
for (let round = 1; round <= 5; round += 1) {
  const samples = new Float64Array(CALLS);
  run(CALLS, samples);
  p99s.push(percentile(Float64Array.from(samples).sort(), 0.99));
  console.log(summarize(`classify round ${round}/5`, samples));
}
const median = p99s.sort((a, b) => a - b)[2] ?? 0;
console.log(`classify: median P99 over 5 rounds = ${median.toFixed(4)} ms`);
