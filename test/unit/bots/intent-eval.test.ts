// Runs the labelled-set evaluation (npm run eval:intent) and fails when the classifier misses its targets.
import { describe, expect, it } from 'vitest';
import { BLIND, evaluate, FIXTURE, HOLDOUT, loadLabelled } from '../../eval/evaluate';

describe.each([
  ['the main labelled set', FIXTURE, 180],
  ['the held-out set', HOLDOUT, 60],
  ['the blind set', BLIND, 100],
] as const)('intent evaluation on %s', (_name, path, minimum) => {
  const rows = loadLabelled(path);
  const report = evaluate(rows);

  it('has enough labelled messages to mean something', () => {
    expect(rows.length).toBeGreaterThanOrEqual(minimum);
  });

  it('recalls at least 90 % of buyers and of sellers at the lead threshold', () => {
    expect(report.recall.buyer.rate).toBeGreaterThanOrEqual(0.9);
    expect(report.recall.seller.rate).toBeGreaterThanOrEqual(0.9);
  });

  it('hands off at most 2 % of messages with no buy/sell intent', () => {
    expect(report.falsePositiveRate).toBeLessThanOrEqual(0.02);
  });

  it('hands off to the labelled side at least 95 % of the time', () => {
    expect(report.handoffPrecision).toBeGreaterThanOrEqual(0.95);
  });
});
