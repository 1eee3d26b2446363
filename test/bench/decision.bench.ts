// npm run bench:decision — P50/P99 of one decision: transition() through every guard plus the context transfer.
import { measureDecision } from './decision-measure';

const EVENTS = Number(process.env['BENCH_EVENTS'] ?? 100_000);
const log = (line: string) => console.log(line);

console.log(`decision bench: node ${process.version}, ${EVENTS} events over 4 message kinds (stay, handoff to seller, handoff to buyer...)`);
const engine = measureDecision({ perRound: EVENTS, rounds: 5, via: 'engine', log });
console.log(`engine decide() (reused inert scope): median P99 over 5 rounds = ${engine.p99Ms.toFixed(4)} ms`);
const xstate = measureDecision({ perRound: EVENTS, rounds: 1, via: 'xstate', log });
console.log(`xstate transition() (new actor per call): P99 = ${xstate.p99Ms.toFixed(4)} ms`);
