// A journal entry's bot health tuples as the packed entry's health field holds them (journal-pack.ts): short base-36 text when exact, else their JSON.
import { DEFAULT_POLICY } from '../../domain/policy';
import { BOT_NAMES } from '../../domain/types';

/*
 * The short form: one part per bot in BOT_NAMES order, joined by `,` (so always two commas: never `0`, never `[`):
 *   ''                          the bot is idle under its default SLA (the tuple 0)
 *   <p95>.<samples>[.<errors>[.<sla>]]   base 36; errors (the count, errorRate × samples) left out when 0, sla when the
 *                                        policy's default for the bot
 * `[[15,0,500,1500],[14,0,2001,1800],[14,0,500,1800]]` is `f.dw,e.1jl,e.dw`. Written only when every value reads back
 * exactly (whole non-negative numbers, errorRate = errors / samples as the health window computes it); otherwise the
 * field is the tuples' JSON, as entries written before hold it.
 */

const SEPARATOR = ',';
const PART = /^(?:[0-9a-z]+(?:\.[0-9a-z]+){1,3})?$/;

const isTuple = (value: unknown): value is [number, number, number, number] => Array.isArray(value) && value.length === 4 && value.every((field) => typeof field === 'number');
const isCount = (value: number) => Number.isSafeInteger(value) && value >= 0 && !Object.is(value, -0);

/** The error count behind a rate, or null when errorRate is not exactly errors / samples. */
function errorCount(errorRate: number, samples: number): number | null {
  if (samples === 0) return Object.is(errorRate, 0) ? 0 : null;
  const errors = Math.round(errorRate * samples);
  return isCount(errors) && errors <= samples && errors / samples === errorRate ? errors : null;
}

/** One bot's tuple as the compact entry holds it (journal-codec.ts: [p95Ms, errorRate, samples, slaMs], or 0 for a bot idle under its default SLA) in the short form, or null. */
function shortPart(tuple: unknown, defaultSla: number): string | null {
  if (tuple === 0) return '';
  if (!isTuple(tuple)) return null;
  const [p95Ms, errorRate, samples, slaMs] = tuple;
  if (!isCount(p95Ms) || !isCount(samples) || !isCount(slaMs)) return null;
  const errors = errorCount(errorRate, samples);
  if (errors === null) return null;
  const fields = [p95Ms, samples, errors, slaMs];
  if (slaMs === defaultSla) fields.pop();
  if (fields.length === 3 && errors === 0) fields.pop();
  return fields.map((value) => value.toString(36)).join('.');
}

/** The health field for the compact entry's `e.h` tuples: the short form when exact, else their JSON. */
export function healthField(tuples: unknown): string {
  if (!Array.isArray(tuples) || tuples.length !== BOT_NAMES.length) return JSON.stringify(tuples);
  const parts: string[] = [];
  for (const [i, bot] of BOT_NAMES.entries()) {
    const part = shortPart(tuples[i], DEFAULT_POLICY.health.slaMs[bot]);
    if (part === null) return JSON.stringify(tuples);
    parts.push(part);
  }
  return parts.join(SEPARATOR);
}

/** The tuples (or `0`, "the same as the next newer entry's") a health field holds, as the compact entry's `e.h`; throws on a field of neither form. */
export function parseHealthField(field: string): unknown {
  if (field === '0' || field.startsWith('[')) return JSON.parse(field);
  const parts = field.split(SEPARATOR);
  if (parts.length !== BOT_NAMES.length) throw new Error('a health field of neither form');
  return BOT_NAMES.map((bot, i) => {
    const part = parts[i] ?? '';
    if (!PART.test(part)) throw new Error('a health field of neither form');
    if (part === '') return 0;
    const [p95Ms = 0, samples = 0, errors = 0, slaMs = DEFAULT_POLICY.health.slaMs[bot]] = part.split('.').map((digits) => Number.parseInt(digits, 36));
    if (![p95Ms, samples, errors, slaMs].every(Number.isSafeInteger) || errors > samples) throw new Error('a health field out of range');
    return [p95Ms, samples === 0 ? 0 : errors / samples, samples, slaMs];
  });
}
