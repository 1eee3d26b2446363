// npm run test:model, after vitest: how much of the chart the generated paths cover (transitions, guard outcomes), as a table.
import { GUARD_ORDER, type GuardName } from '../../guards';
import { createConversationMachine } from '../../machines/conversation';
import { createCoverageRecorder, type CoverageFigures } from './coverage';
import { generatedTraces, lastSteps, MODELS, type Trace } from './model';
import { fromBot, messageSteps } from './steps';

/** The handoff guards of guards/ (GUARD_ORDER) × {pass, fail}, read from the decisions the generated messages left. */
function handoffVerdicts(traces: readonly Trace[]): { covered: string[]; missed: string[] } {
  const seen = new Set<string>();
  const order = GUARD_ORDER.map(([name]) => name);
  for (const step of fromBot(messageSteps(lastSteps(traces)))) {
    const { decidedBy, kind } = step.decision;
    const failedAt = order.indexOf(decidedBy as GuardName);
    if (kind !== 'handoff' && failedAt === -1) continue;
    const passed = failedAt === -1 ? order : order.slice(0, failedAt);
    for (const name of passed) seen.add(`${name}:pass`);
    if (failedAt !== -1) seen.add(`${decidedBy}:fail`);
  }
  const all = order.flatMap((name) => [`${name}:pass`, `${name}:fail`]);
  return { covered: all.filter((key) => seen.has(key)), missed: all.filter((key) => !seen.has(key)) };
}

function row(name: string, covered: number, total: number): string {
  const percent = total === 0 ? '-' : ((100 * covered) / total).toFixed(1);
  return `| ${name.padEnd(38)} | ${String(covered).padStart(7)} | ${String(total).padStart(5)} | ${percent.padStart(5)} |`;
}

function report(figures: CoverageFigures, verdicts: { covered: string[]; missed: string[] }, traceCount: number): string {
  const { transitions, guardOutcomes } = figures;
  const total = (part: { covered: unknown[]; missed: unknown[] }) => part.covered.length + part.missed.length;
  const lines = [
    '',
    `Model coverage of machines/conversation.ts by the generated paths of test/model (${Object.keys(MODELS).join(', ')}: ${traceCount} traces)`,
    '',
    `| ${'measure'.padEnd(38)} | covered | total |     % |`,
    `| ${'-'.repeat(38)} | ------: | ----: | ----: |`,
    row('transitions (guarded branches)', transitions.covered.length, total(transitions)),
    row('guard outcomes (named guard × t/f)', guardOutcomes.covered.length, total(guardOutcomes)),
    row('handoff guard verdicts (× pass/fail)', verdicts.covered.length, verdicts.covered.length + verdicts.missed.length),
  ];
  const missed = [
    ...transitions.missed.map((transition) => `transition ${transition.label}`),
    ...guardOutcomes.missed.map(({ guard, outcome }) => `guard ${guard} never ${String(outcome)}`),
    ...verdicts.missed.map((key) => `handoff guard ${key.replace(':', ' never ')}`),
  ];
  if (missed.length > 0) lines.push('', 'not covered:', ...missed.map((item) => `  - ${item}`));
  return lines.join('\n');
}

const recorder = createCoverageRecorder(createConversationMachine());
const traces = Object.values(MODELS).flatMap((spec) => generatedTraces(spec, recorder.machine, recorder.step));
console.log(report(recorder.figures(), handoffVerdicts(traces), traces.length));
