// Model-based: every state and qualification sub-state of the chart is reached, and every generated path replays to the same state.
import { transition } from 'xstate';
import { describe, expect, it } from 'vitest';
import { createConversationMachine } from '../../machines/conversation';
import { createDecide } from '../../services/engine/decide';
import { initialSnapshot, stateName } from '../../services/engine/snapshot';
import { CONTACT_ID, eventsOf, MODELS, replay, traverse, type ConversationPath, type ModelSpec } from './model';

/** Every `top` and `top.sub` the chart defines, read from the machine itself. */
function chartStates(): string[] {
  const root = createConversationMachine().root;
  return Object.entries(root.states).flatMap(([top, node]) => {
    const subs = Object.keys(node.states);
    return subs.length === 0 ? [top] : subs.map((sub) => `${top}.${sub}`);
  });
}

const strip = (actions: ReadonlyArray<{ type: string; params?: unknown }>) => actions.map(({ type, params }) => ({ type, params }));

const specs = Object.values(MODELS);
const paths = new Map<ModelSpec, ConversationPath[]>(specs.map((spec) => [spec, traverse(spec)]));

describe('model: states of the chart', () => {
  it('reaches every top-level state and every qualification sub-state the chart defines', () => {
    const defined = chartStates();
    for (const top of ['lead', 'buyer', 'seller', 'escalated', 'optedOut']) expect(defined.some((name) => name.split('.')[0] === top)).toBe(true);
    // The chart has sub-states for each bot, so this is not a vacuous walk over five names.
    expect(defined.filter((name) => name.includes('.')).length).toBeGreaterThanOrEqual(15);
    const reached = new Set([...paths.values()].flat().map((path) => stateName(path.state)));
    expect(defined.filter((name) => !reached.has(name))).toEqual([]);
  });

  it.each(specs.map((spec) => [spec.name, spec] as const))(
    'replays each %s path through createDecide from the initial snapshot to the state the traversal reached, step by step',
    (_name, spec) => {
      const machine = createConversationMachine();
      const decide = createDecide(machine);
      const start = initialSnapshot(machine, CONTACT_ID);
      const generated = paths.get(spec) ?? [];
      expect(generated.length).toBeGreaterThan(50);
      for (const path of generated) {
        const steps = replay(decide, eventsOf(path), start);
        expect(steps.length).toBe(path.steps.length - 1);
        steps.forEach((step, index) => {
          const expected = path.steps[index + 1]?.state;
          expect(step.after.value).toEqual(expected?.value);
          if (expected !== undefined) expect(spec.serialize(step.after)).toBe(spec.serialize(expected));
        });
        expect((steps.at(-1)?.after ?? start).value).toEqual(path.state.value);
      }
    },
  );

  it('is pure and deterministic: the same decide() replays every path in reverse order to equal snapshots', () => {
    const machine = createConversationMachine();
    const decide = createDecide(machine);
    const start = initialSnapshot(machine, CONTACT_ID);
    const all = [...paths.values()].flat();
    const forward = all.map((path) => replay(decide, eventsOf(path), start).at(-1)?.after ?? start);
    // Reverse order: a cache or any state kept between calls would show up as a different snapshot.
    for (let index = all.length - 1; index >= 0; index -= 1) {
      const path = all[index];
      if (path === undefined) continue;
      const again = replay(decide, eventsOf(path), start).at(-1)?.after ?? start;
      expect(again.value).toEqual(forward[index]?.value);
      expect(again.context).toEqual(forward[index]?.context);
    }
  });

  it("agrees with xstate's own transition() on a separate machine: state, context and effects", () => {
    const viaDecide = createConversationMachine();
    const viaXstate = createConversationMachine();
    const decide = createDecide(viaDecide);
    // transition() builds an actor per call, so a sample: every path of the small models, every 8th of the guards model.
    const sample = specs.flatMap((spec) => (paths.get(spec) ?? []).filter((_, index) => spec !== MODELS.guards || index % 8 === 0));
    for (const path of sample) {
      let a = initialSnapshot(viaDecide, CONTACT_ID);
      let b = initialSnapshot(viaXstate, CONTACT_ID);
      for (const event of eventsOf(path)) {
        const [nextA, actionsA] = decide(a, event);
        const [nextB, actionsB] = transition(viaXstate, b, event);
        expect(nextA.value).toEqual(nextB.value);
        expect(nextA.context).toEqual(nextB.context);
        expect(strip(actionsA)).toEqual(strip(actionsB));
        a = nextA;
        b = nextB;
      }
    }
  });
});
