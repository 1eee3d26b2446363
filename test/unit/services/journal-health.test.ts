// The packed journal entry's health field: the short base-36 form reads back exactly, and anything it could not hold keeps the JSON tuples.
import { describe, expect, it } from 'vitest';
import { healthField, parseHealthField } from '../../../services/store/journal-health';

describe('the health field of a packed journal entry (journal-health.ts)', () => {
  it('writes whole figures in base 36, leaving out an idle bot, no errors and the default SLA, and reads them back exactly', () => {
    const tuples = [[15, 0, 500, 1500], [14, 500 / 2001, 2001, 1800], 0];
    expect(healthField(tuples)).toBe('f.dw,e.1jl.dw,');
    expect(parseHealthField('f.dw,e.1jl.dw,')).toEqual(tuples);
    expect(JSON.stringify(tuples).length - healthField(tuples).length).toBeGreaterThan(30);
  });

  it('keeps an SLA other than the policy default, with the error count in front of it even when 0', () => {
    const tuples = [[0, 0, 0, 2000], [1790, 0, 80, 1800], [3, 1 / 3, 3, 900]];
    expect(healthField(tuples)).toBe('0.0.0.1jk,1dq.28,3.3.1.p0');
    expect(parseHealthField(healthField(tuples))).toEqual(tuples);
  });

  it('keeps the JSON tuples for figures the short form could not give back exactly', () => {
    for (const tuples of [
      [[2345.5, 0, 40, 1800], 0, 0],
      [0, [71, 0.1, 3, 1800], 0],
      [0, [71, 0.5, 0, 1800], 0],
      [0, [-1, 0, 3, 1800], 0],
      [0, [71, 0, 2 ** 53, 1800], 0],
      [0, [71, 0, 3, 1800, 5], 0],
      [0, 0],
    ]) {
      expect(healthField(tuples)).toBe(JSON.stringify(tuples));
      expect(parseHealthField(healthField(tuples))).toEqual(tuples);
    }
  });

  it('reads 0 ("the same as the next newer entry") and refuses a field of neither form', () => {
    expect(parseHealthField('0')).toBe(0);
    for (const field of ['f.dw', 'f.dw,e,', 'F.dw,,', 'f.dw.1.2.3,,', 'f.1.2,,', 'f.dw,,,']) expect(() => parseHealthField(field)).toThrow();
  });
});
