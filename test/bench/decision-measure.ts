// One decision timed: transition() through every guard plus the context transfer, for bench:decision and npm run bench.
import { transition } from 'xstate';
import { createConversationMachine } from '../../machines/conversation';
import type { MessageReceivedEvent } from '../../machines/events';
import { createDecide } from '../../services/engine/decide';
import { initialSnapshot } from '../../services/engine/snapshot';
import { HEALTHY_REPORT, HOUR, handoff, MINUTE, T0 } from '../support/attempts';
import { committedIntentClassifier } from '../../services/intent/model-file';
import { percentile, summarize } from './stats';

export interface RoundsResult {
  /** Median over the rounds of each round's P50 and P99, in ms. */
  p50Ms: number;
  p99Ms: number;
  rounds: number;
  perRound: number;
}

const WARMUP = 20_000;

type Step = (event: MessageReceivedEvent) => ReturnType<ReturnType<typeof createDecide>>;

function fixture() {
  const classifyIntent = committedIntentClassifier();
  const machine = createConversationMachine();
  const start = initialSnapshot(machine, 'bench-contact');
  // A lead with history, so the rate, depth and cooldown guards walk real lists.
  const lead = machine.resolveState({
    value: { lead: 'timeline' },
    context: {
      ...start.context,
      facts: { goal: 'buy', budget: { min: null, max: 450_000, currency: 'USD' } },
      handoffs: [handoff('buyer', 'seller', T0 - 20 * HOUR), handoff('seller', 'buyer', T0 - 10 * HOUR), handoff('buyer', 'seller', T0 - 2 * HOUR)],
      messageCount: 4,
    },
  });
  const texts = ["We're pre-approved and looking to buy a 3 bed around $450k", 'I want to sell my house', 'what’s my home worth?', 'ok sounds good'];
  const events: MessageReceivedEvent[] = texts.map((text, i) => ({
    type: 'MESSAGE_RECEIVED',
    messageId: `bench-${i}`,
    text,
    at: T0 + i * MINUTE,
    intent: classifyIntent(text),
    facts: {},
    health: HEALTHY_REPORT,
    thresholds: {},
  }));
  const decide = createDecide(machine);
  return { events, engine: (event: MessageReceivedEvent) => decide(lead, event), xstate: (event: MessageReceivedEvent) => transition(machine, lead, event) };
}

function run(events: readonly MessageReceivedEvent[], count: number, record: Float64Array | null, step: Step): number {
  let handoffs = 0;
  for (let i = 0; i < count; i += 1) {
    const event = events[i % events.length];
    if (event === undefined) continue;
    const began = process.hrtime.bigint();
    const [next] = step(event);
    const took = process.hrtime.bigint() - began;
    if (record !== null) record[i] = Number(took) / 1e6;
    if (next.context.decision?.kind === 'handoff') handoffs += 1;
  }
  return handoffs;
}

const median = (values: number[]): number => values.sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

/** Times `rounds` rounds of `perRound` decisions; this VM's jitter moves one round's P99 by ±20 %, so the median round is the figure. */
export function measureDecision(options: { perRound: number; rounds: number; via?: 'engine' | 'xstate'; log?: (line: string) => void }): RoundsResult {
  const { events, engine, xstate } = fixture();
  const step = options.via === 'xstate' ? xstate : engine;
  run(events, WARMUP, null, step);
  const p50s: number[] = [];
  const p99s: number[] = [];
  for (let round = 1; round <= options.rounds; round += 1) {
    const samples = new Float64Array(options.perRound);
    const handoffs = run(events, options.perRound, samples, step);
    const sorted = Float64Array.from(samples).sort();
    p50s.push(percentile(sorted, 0.5));
    p99s.push(percentile(sorted, 0.99));
    options.log?.(summarize(`${options.via ?? 'engine'} round ${round}/${options.rounds} [${handoffs} handoffs with context transfer]`, samples));
  }
  return { p50Ms: median(p50s), p99Ms: median(p99s), rounds: options.rounds, perRound: options.perRound };
}
