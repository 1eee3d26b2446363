// `npm run eval:intent`: the committed intent model on the training set (cross-validated), the dev split and the two blind sets.
import { INTENT_CLASSES } from '../../domain/intent-model';
import type { IntentReport } from './intent-report';
import { blind2Set, blindSet, committedModelOn, crossValidated, devSet } from './intent-sets';

const pct = (rate: number): string => `${(rate * 100).toFixed(1)}`.padStart(5);
const showErrors = process.argv.includes('--errors');

function print(name: string, report: IntentReport): void {
  console.log(`\n${name}: ${report.total} messages, accuracy ${pct(report.accuracy)} % (at the Lead bot's thresholds)`);
  console.log('  class      support  precision  recall     F1');
  for (const c of INTENT_CLASSES) {
    const f = report.perClass[c];
    console.log(`  ${c.padEnd(9)} ${String(f.support).padStart(8)}   ${pct(f.precision)} %  ${pct(f.recall)} %  ${pct(f.f1)} %`);
  }
  console.log(`  confusion (rows: label, columns: outcome)\n  ${''.padEnd(9)} ${INTENT_CLASSES.map((c) => c.slice(0, 7).padStart(8)).join('')}`);
  for (const l of INTENT_CLASSES) console.log(`  ${l.padEnd(9)} ${INTENT_CLASSES.map((o) => String(report.confusion[l][o]).padStart(8)).join('')}`);
  console.log(`  false positives (none that would hand off) ${report.falsePositives} = ${pct(report.falsePositiveRate)} %`);
  console.log(`  wrong target ${report.wrongTarget}`);
  console.log(`  MISSED OPT-OUTS (worst error) ${report.missedOptOuts} of ${report.perClass.opt_out.support}; false opt-outs ${report.falseOptOuts}, on stop-like words ${report.stopWordFalseOptOuts} of ${report.stopWordNegatives}`);
  console.log(`  calibration error (ECE, 10 bins) ${report.calibrationError.toFixed(3)}`);
  if (showErrors) for (const e of report.errors) console.log(`    [${e.label} → ${e.outcome}] ${JSON.stringify(e.text)} ${e.confidence} ${e.pattern}`);
}

const sets = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const want = (name: string) => sets.length === 0 || sets.includes(name);
if (want('train')) print('training set, 5-fold cross-validated', crossValidated());
if (want('dev')) print('dev split (calibration set)', committedModelOn(devSet()));
if (want('blind')) print('blind set (a regression check: its misses were looked at after its first run)', committedModelOn(blindSet()));
if (want('blind2')) print('blind-2 set (never trained or tuned on)', committedModelOn(blind2Set()));
