// The model-coverage measure itself: on a small chart with known branches it counts every transition and guard outcome, and only what was taken.
import { and, setup } from 'xstate';
import { describe, expect, it } from 'vitest';
import { createConversationMachine } from '../../machines/conversation';
import { chartTransitions, createCoverageRecorder, namedGuards } from './coverage';

type Ev = { type: 'GO'; n: number } | { type: 'BACK' };

/** Three states: two guarded GO branches and a fallback in `a`, an `always` in `b`, an and() guard on BACK in `c`. */
const small = setup({
  types: { context: {} as { known: boolean }, events: {} as Ev },
  guards: {
    big: ({ event }) => event.type === 'GO' && event.n > 10,
    odd: ({ event }) => event.type === 'GO' && event.n % 2 === 1,
    known: ({ context }) => context.known,
    never: () => false,
  },
}).createMachine({
  id: 'small',
  context: { known: true },
  initial: 'a',
  states: {
    a: { on: { GO: [{ guard: 'big', target: 'c' }, { guard: 'odd', target: 'b' }, { target: 'a' }] } },
    b: { always: { guard: 'known', target: 'c' } },
    c: { on: { BACK: { guard: and(['known', 'never']), target: 'a' } } },
  },
});

describe('model coverage measure', () => {
  it('lists every branch of every event and every always transition, with its guard and target', () => {
    expect(chartTransitions(small).map((transition) => transition.label)).toEqual([
      'small.a GO #0 [big] → small.c',
      'small.a GO #1 [odd] → small.b',
      'small.a GO #2 → small.a',
      'small.b always #0 [known] → small.c',
      'small.c BACK #0 [and(known, never)] → small.a',
    ]);
    expect(namedGuards(small)).toEqual(['big', 'known', 'never', 'odd']);
  });

  it('counts as covered only the transitions taken, eventless ones included, and each guard outcome that was seen', () => {
    const recorder = createCoverageRecorder(small);
    const start = recorder.machine.resolveState({ value: 'a', context: { known: true } });
    const [inB] = recorder.step(start, { type: 'GO', n: 3 });
    expect(inB.value).toBe('c');
    recorder.step(inB, { type: 'BACK' });
    const figures = recorder.figures();
    expect(figures.transitions.covered.map((t) => t.label)).toEqual(['small.a GO #1 [odd] → small.b', 'small.b always #0 [known] → small.c']);
    expect(figures.transitions.missed).toHaveLength(3);
    expect(figures.guardOutcomes.covered).toEqual([
      { guard: 'big', outcome: false },
      { guard: 'known', outcome: true },
      { guard: 'never', outcome: false },
      { guard: 'odd', outcome: true },
    ]);
    expect(figures.guardOutcomes.missed).toHaveLength(4);
  });

  it('reads the conversation chart\'s totals from the machine: every bot state tries the guarded branches of DESIGN section 3', () => {
    const labels = chartTransitions(createConversationMachine()).map((transition) => transition.label);
    expect(new Set(labels).size).toBe(labels.length);
    for (const bot of ['lead', 'buyer', 'seller']) {
      for (const guard of ['asksToStop', 'asksForHuman', 'lacksHandoffIntent', 'belowThreshold', 'chainTooDeep', 'rateLimited', 'onCooldown', 'targetUnhealthy', 'intentTargets', 'repliedAs']) {
        expect(labels.some((label) => label.startsWith(`conversation.${bot} `) && label.includes(`[${guard}`)), `${bot} ${guard}`).toBe(true);
      }
      expect(labels.some((label) => label.startsWith(`conversation.${bot} HUMAN_TAKEOVER`))).toBe(true);
      expect(labels.some((label) => label.startsWith(`conversation.${bot}.`) && label.includes(' always '))).toBe(true);
    }
  });
});
