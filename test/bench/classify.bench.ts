// npm run bench:classify — P50/P99 of one classification (carrier rules, features, calibrated model, pattern) over the dev split's texts.
import { measureClassify } from './classify-measure';

const CALLS = Number(process.env['BENCH_EVENTS'] ?? 100_000);

console.log(`classification bench: node ${process.version}, ${CALLS} calls over the dev split's real SMS, target P99 ≤ 0.1 ms`);
const result = measureClassify({ perRound: CALLS, rounds: 5, log: (line) => console.log(line) });
console.log(`classify: median P99 over 5 rounds = ${result.p99Ms.toFixed(4)} ms`);
