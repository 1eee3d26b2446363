// Model-based: invariants on every generated path and on random walks (fast-check) over the same event alphabet.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY as POLICY } from '../../domain/policy';
import { createConversationMachine } from '../../machines/conversation';
import { createDecide } from '../../services/engine/decide';
import { initialSnapshot } from '../../services/engine/snapshot';
import { alphabet, topOf } from './alphabet';
import {
  chainDepth,
  decisionsRecorded,
  describeTrace,
  escalatedSilence,
  optedOutSilence,
  pairSpacing,
  rateWindows,
  type Invariant,
} from './invariants';
import { CONTACT_ID, generatedTraces, MODELS, type Step, type Trace } from './model';

const traces = Object.values(MODELS).flatMap((spec) => generatedTraces(spec));

const machine = createConversationMachine(POLICY);
const decide = createDecide(machine);

/** A random walk: each choice picks one event of the alphabet offered in the current state (answers included). */
function walk(choices: readonly number[]): Trace {
  let snapshot = initialSnapshot(machine, CONTACT_ID);
  const steps: Step[] = [];
  for (const choice of choices) {
    const events = alphabet(snapshot, { answers: true });
    const event = events[choice % events.length];
    if (event === undefined) break;
    const [after, actions] = decide(snapshot, event);
    steps.push({ event, before: snapshot, after, actions });
    snapshot = after;
  }
  return steps;
}

function violations(invariant: Invariant, trace: Trace): string[] {
  return invariant(trace, POLICY).map((problem) => `${problem}\n    after: ${describeTrace(trace)}`);
}

const INVARIANTS: Array<[string, Invariant]> = [
  ['never hands off on the same pair twice less than 30 min apart', pairSpacing],
  ['never makes more than 3 handoffs within any 60 min or more than 10 within any 24 h', rateWindows],
  ['never builds a chain of 4 handoffs each less than 30 min after the one before (a human release starts a new chain)', chainDepth],
  ['sends nothing while opted out but the single opt-out confirmation, which asks nothing', optedOutSilence],
  ['never lets a bot send an SMS while escalated', escalatedSilence],
  ['records a decision with a reason and the guard or rule that decided for every message', decisionsRecorded],
];

describe('model: invariants on every generated path', () => {
  it('covers the states where the invariants bite', () => {
    const ends = new Set(traces.map((trace) => topOf(trace.at(-1)?.after ?? initialSnapshot(machine, CONTACT_ID))));
    expect([...ends].sort()).toEqual(['buyer', 'escalated', 'lead', 'optedOut', 'seller']);
    expect(traces.length).toBeGreaterThan(10_000);
  });

  it.each(INVARIANTS)('%s', (_name, invariant) => {
    const found: string[] = [];
    for (const trace of traces) {
      found.push(...violations(invariant, trace));
      if (found.length >= 3) break;
    }
    expect(found).toEqual([]);
  });
});

describe('model: invariants on random walks of up to 60 events (fast-check)', () => {
  it.each(INVARIANTS)('%s', (_name, invariant) => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 1_000 }), { minLength: 1, maxLength: 60 }), (choices) => {
        expect(violations(invariant, walk(choices))).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });
});
