// Learning, shown to work: on synthetic conversations with a known truth, learned thresholds beat the fixed ones.
import { describe, expect, it } from 'vitest';
import { simulate } from './learning-sim';

describe('sim:learning', () => {
  it('raises handoff precision and lowers the false-positive rate without losing recall, by learning from handoff outcomes', async () => {
    const fixed = await simulate('fixed', 300);
    const learned = await simulate('learning', 300);
    expect(learned.all.precision).toBeGreaterThan(fixed.all.precision + 0.1);
    expect(learned.all.falsePositiveRate).toBeLessThan(fixed.all.falsePositiveRate / 2);
    expect(learned.all.recall).toBeGreaterThanOrEqual(fixed.all.recall);
    // The misleading patterns are the ones whose thresholds went up.
    const raised = learned.learned.filter((p) => p.threshold > p.routeDefault).map((p) => p.pattern);
    expect(raised).toEqual(expect.arrayContaining(['sell.downsize', 'buy.rent']));
  });
});
