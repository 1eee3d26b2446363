// One classification timed (carrier rules, features, calibrated model, pattern) over the dev split's texts, for bench:classify and npm run bench.
import { readCorpus, CORPUS_DIR, DEV_FILE } from '../../services/intent/corpus';
import { committedIntentClassifier } from '../../services/intent/model-file';
import type { RoundsResult } from './decision-measure';
import { percentile, summarize } from './stats';

const WARMUP = 20_000;

const median = (values: number[]): number => values.sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

export function measureClassify(options: { perRound: number; rounds: number; log?: (line: string) => void }): RoundsResult & { texts: number } {
  const texts = readCorpus(`${CORPUS_DIR}/${DEV_FILE}`).map((sms) => sms.text);
  const classify = committedIntentClassifier();
  const run = (count: number, record: Float64Array | null): void => {
    for (let i = 0; i < count; i += 1) {
      const text = texts[i % texts.length] ?? '';
      const began = process.hrtime.bigint();
      classify(text);
      const took = process.hrtime.bigint() - began;
      if (record !== null) record[i] = Number(took) / 1e6;
    }
  };
  run(WARMUP, null);
  const p50s: number[] = [];
  const p99s: number[] = [];
  for (let round = 1; round <= options.rounds; round += 1) {
    const samples = new Float64Array(options.perRound);
    run(options.perRound, samples);
    const sorted = Float64Array.from(samples).sort();
    p50s.push(percentile(sorted, 0.5));
    p99s.push(percentile(sorted, 0.99));
    options.log?.(summarize(`classify round ${round}/${options.rounds}`, samples));
  }
  return { p50Ms: median(p50s), p99Ms: median(p99s), rounds: options.rounds, perRound: options.perRound, texts: texts.length };
}
