// `npm run eval:intent`: prints the classifier's figures on the labelled SMS sets (and every miss).
import { BLIND, evaluate, FIXTURE, HOLDOUT, LEAD_THRESHOLD, loadLabelled } from './evaluate';

const pct = (rate: number): string => `${(rate * 100).toFixed(1)} %`;

for (const [name, path] of [['main set', FIXTURE], ['held-out set', HOLDOUT], ['blind set', BLIND]] as const) {
  const report = evaluate(loadLabelled(path));
  console.log(`intent eval, ${name}: ${report.total} labelled messages, lead handoff threshold ${LEAD_THRESHOLD}`);
  console.log('  per-class recall (the lead bot does the right thing: hands off / stays / escalates / opts out):');
  for (const [label, r] of Object.entries(report.recall)) {
    if (r.total > 0) console.log(`    ${label.padEnd(9)} ${pct(r.rate).padStart(8)}  (${r.correct}/${r.total})`);
  }
  console.log(`  handoff precision   ${pct(report.handoffPrecision)}  (${report.handoffs} handoffs at >= ${LEAD_THRESHOLD})`);
  console.log(`  false-positive rate ${pct(report.falsePositiveRate)}  (${report.falsePositives} none/human messages handed off)`);
  for (const m of report.misses) {
    console.log(`  miss [${m.label} → ${m.outcome}] ${JSON.stringify(m.text)}  buyer=${m.scores.buyer} seller=${m.scores.seller} ${m.pattern}`);
  }
  console.log('');
}
