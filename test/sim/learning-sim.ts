// npm run sim:learning: 1,000 synthetic conversations through the engine, fixed thresholds vs learned ones; prints the table.
import { pathToFileURL } from 'node:url';
import { DEFAULT_POLICY } from '../../domain/policy';
import type { HandoffTarget, Intent } from '../../domain/types';
import type { HandoffOutcome } from '../../machines/outcomes';
import { createEngine } from '../../services/engine/engine';
import { createPatternLearning, type PatternLearning, type PatternStats } from '../../services/learning/patterns';
import { createMemoryStore } from '../../services/store/memory';
import { drawTruth, nextIntent, seeded, type Truth } from './synthetic';

const MINUTE = 60_000;
const MESSAGES_PER_CONVERSATION = 4;
const START = Date.UTC(2026, 0, 5, 9);

export interface SimFigures {
  precision: number;
  recall: number;
  falsePositiveRate: number;
  /** Settled handoff outcomes that were `successful` (the contact stayed with the bot it was handed to). */
  handoffSuccess: number;
  handoffs: number;
  counts: { tp: number; fp: number; fn: number; tn: number };
}

export interface SimResult {
  all: SimFigures;
  /** The second half only: learning has had the first half to learn from. */
  secondHalf: SimFigures;
  learned: PatternStats[];
}

/** Route defaults only, nothing learned: the "fixed thresholds" arm. */
function fixedThresholds(): PatternLearning {
  return { thresholdsFor: () => ({}), record: async () => undefined, list: () => [], refresh: async () => undefined };
}

interface ContactRun {
  truth: Truth;
  /** Where the contact's first handoff out of Lead went (null: never handed off). */
  first: HandoffTarget | null;
  outcomes: HandoffOutcome[];
}

function figures(runs: readonly ContactRun[]): SimFigures {
  const counts = { tp: 0, fp: 0, fn: 0, tn: 0 };
  // One-vs-rest over (contact, target) pairs: "should this contact go to the buyer bot?", same for seller.
  for (const run of runs) {
    for (const target of ['buyer', 'seller'] as const) {
      const needed = run.truth === target;
      const handed = run.first === target;
      if (needed && handed) counts.tp += 1;
      else if (!needed && handed) counts.fp += 1;
      else if (needed) counts.fn += 1;
      else counts.tn += 1;
    }
  }
  const outcomes = runs.flatMap((run) => run.outcomes);
  const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);
  return {
    precision: ratio(counts.tp, counts.tp + counts.fp),
    recall: ratio(counts.tp, counts.tp + counts.fn),
    falsePositiveRate: ratio(counts.fp, counts.fp + counts.tn),
    handoffSuccess: ratio(outcomes.filter((o) => o === 'successful').length, outcomes.length),
    handoffs: runs.filter((run) => run.first !== null).length,
    counts,
  };
}

export async function simulate(mode: 'fixed' | 'learning', conversations: number, seed = 12): Promise<SimResult> {
  const policy = DEFAULT_POLICY;
  const inner = mode === 'fixed' ? fixedThresholds() : createPatternLearning({ routeDefaults: policy.thresholds, rules: policy.learning });
  let current: ContactRun | null = null;
  const learning: PatternLearning = {
    ...inner,
    async record(outcome) {
      current?.outcomes.push(outcome.outcome);
      await inner.record(outcome);
    },
  };
  let intent: Intent | null = null;
  const engine = createEngine({
    store: createMemoryStore(),
    policy,
    learning,
    classify: () => {
      if (intent === null) throw new Error('no synthetic intent prepared');
      return intent;
    },
    window: { maxClockSkewMs: 0, maxMessageAgeMs: 0 },
  });

  const runs: ContactRun[] = [];
  for (let c = 0; c < conversations; c += 1) {
    const random = seeded(seed * 1_000_003 + c);
    const run: ContactRun = { truth: drawTruth(random), first: null, outcomes: [] };
    current = run;
    let owner: 'lead' | HandoffTarget | null = 'lead';
    for (let m = 0; m < MESSAGES_PER_CONVERSATION && owner !== null; m += 1) {
      intent = nextIntent(run.truth, owner, random);
      const at = START + c * 60 * MINUTE + m * 5 * MINUTE;
      const result = await engine.handleInbound({ contactId: `sim-${c}`, messageId: `sim-${c}-${m}`, text: `message ${m}`, at, locationId: null, conversationId: null });
      if (result.status !== 'processed') throw new Error(`message sim-${c}-${m} was not processed`);
      const decision = result.decision;
      if (decision.kind === 'handoff' && decision.from === 'lead' && run.first === null && (decision.to === 'buyer' || decision.to === 'seller')) run.first = decision.to;
      owner = result.bot === 'lead' || result.bot === 'buyer' || result.bot === 'seller' ? result.bot : null;
    }
    runs.push(run);
  }
  return { all: figures(runs), secondHalf: figures(runs.slice(Math.floor(runs.length / 2))), learned: inner.list().filter((p) => p.learned) };
}

const pct = (value: number) => `${(value * 100).toFixed(1)} %`;

export function table(fixed: SimResult, learned: SimResult, conversations: number): string {
  const rows: Array<[string, (f: SimFigures) => string]> = [
    ['handoff precision', (f) => pct(f.precision)],
    ['handoff recall', (f) => pct(f.recall)],
    ['false-positive rate', (f) => pct(f.falsePositiveRate)],
    ['handoff success (next message)', (f) => pct(f.handoffSuccess)],
    ['contacts handed off', (f) => String(f.handoffs)],
  ];
  const line = (cells: string[]) => `${(cells[0] ?? '').padEnd(32)}${cells.slice(1).map((cell) => cell.padStart(19)).join('')}`;
  const out = [
    `${conversations} synthetic conversations (seeded), ${MESSAGES_PER_CONVERSATION} messages each; ground truth: buyer 40 %, seller 35 %, no handoff 25 %`,
    '',
    line(['', 'fixed', 'learning', 'fixed 2nd half', 'learning 2nd half']),
    ...rows.map(([name, cell]) => line([name, cell(fixed.all), cell(learned.all), cell(fixed.secondHalf), cell(learned.secondHalf)])),
    '',
    'learned thresholds (route | pattern: outcomes, success rate → threshold):',
    ...learned.learned.map((p) => `  ${p.route} | ${p.pattern}: ${p.outcomes}, ${pct(p.successRate)} → ${p.threshold} (default ${p.routeDefault})`),
  ];
  return out.join('\n');
}

async function main(): Promise<void> {
  const conversations = Number(process.argv[2] ?? 1_000);
  const fixed = await simulate('fixed', conversations);
  const learned = await simulate('learning', conversations);
  process.stdout.write(`${table(fixed, learned, conversations)}\n`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error: unknown) => {
    process.stderr.write(`sim:learning failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}
