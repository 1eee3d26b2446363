// Model coverage: the chart's transitions and named guard outcomes, read from the machine itself, and which of them the generated paths take.
import { createActor, type AnyActorScope, type AnyStateMachine, type AnyStateNode, type AnyTransitionDefinition } from 'xstate';

/** One transition of the chart: a guarded branch of an event (in document order), or an eventless `always` branch. */
export interface ChartTransition {
  definition: AnyTransitionDefinition;
  /** `conversation.lead MESSAGE_RECEIVED #3 [belowThreshold]`, `conversation.lead.budget always #0 [knowsFact] → conversation.lead.timeline` */
  label: string;
}

/** A named guard of the machine's implementations, with the side it came out on. */
export interface GuardOutcome {
  guard: string;
  outcome: boolean;
}

export interface CoverageFigures {
  transitions: { covered: ChartTransition[]; missed: ChartTransition[] };
  guardOutcomes: { covered: GuardOutcome[]; missed: GuardOutcome[] };
}

function guardLabel(guard: AnyTransitionDefinition['guard']): string {
  if (guard === undefined) return '';
  if (typeof guard === 'string') return guard;
  if (typeof guard === 'function') {
    const nested = (guard as { guards?: unknown }).guards;
    return Array.isArray(nested) ? `${guard.name}(${nested.map((inner) => guardLabel(inner as AnyTransitionDefinition['guard'])).join(', ')})` : guard.name;
  }
  const params = (guard as { params?: unknown }).params;
  const shown = typeof params === 'object' && params !== null ? `(${Object.values(params).join(',')})` : '';
  return `${(guard as { type: string }).type}${shown}`;
}

function stateNodes(node: AnyStateNode): AnyStateNode[] {
  return [node, ...Object.values(node.states).flatMap((child) => stateNodes(child))];
}

/** Every transition the chart defines, on every state node: each branch of each event's list, and each `always` branch. */
export function chartTransitions(machine: AnyStateMachine): ChartTransition[] {
  return stateNodes(machine.root).flatMap((node) => {
    const lists: Array<[string, readonly AnyTransitionDefinition[]]> = [...node.transitions.entries()];
    if (node.always !== undefined) lists.push(['always', node.always]);
    return lists.flatMap(([event, definitions]) =>
      definitions.map((definition, index) => {
        const guard = guardLabel(definition.guard);
        const target = definition.target === undefined ? '' : ` → ${definition.target.map((state) => state.id).join(',')}`;
        return { definition, label: `${node.id} ${event} #${index}${guard === '' ? '' : ` [${guard}]`}${target}` };
      }),
    );
  });
}

/** The names of the guards the machine implements (what `setup({ guards })` declared). */
export function namedGuards(machine: AnyStateMachine): string[] {
  return Object.keys(machine.implementations.guards).sort();
}

type GuardImplementation = (args: unknown, params: unknown) => boolean;
export interface RecordedAction {
  type: string;
  params?: unknown;
}
/** One pure transition, as the engine's decide(): the next snapshot and the actions it would execute. */
export type RecordingStep<TSnapshot, TEvent> = (snapshot: TSnapshot, event: TEvent) => [TSnapshot, RecordedAction[]];

/**
 * A recorder for one machine: `instrument` gives a copy whose named guards report each outcome, and `step` a pure
 * transition (as the engine's decide()) on that copy that also reports the transitions each microstep took.
 */
export function createCoverageRecorder<TMachine extends AnyStateMachine>(machine: TMachine) {
  const outcomes = new Set<string>();
  const guards = Object.fromEntries(
    Object.entries(machine.implementations.guards as Record<string, GuardImplementation>).map(([name, guard]) => [
      name,
      (args: unknown, params: unknown) => {
        const result = guard(args, params);
        outcomes.add(`${name}:${String(result)}`);
        return result;
      },
    ]),
  );
  const instrumented = machine.provide({ guards } as Parameters<TMachine['provide']>[0]) as TMachine;
  const taken = new Set<AnyTransitionDefinition>();
  let collected: RecordedAction[] = [];
  const self = createActor(instrumented as AnyStateMachine, {
    input: { contactId: 'coverage' },
    inspect: (event) => {
      if (event.type === '@xstate.microstep') for (const definition of event._transitions) taken.add(definition);
    },
  });
  // The inert scope xstate's own transition() builds: actions are not executed; the inspection reaches `taken`.
  const scope = {
    self,
    defer: () => {},
    id: '',
    logger: () => {},
    sessionId: '',
    stopChild: () => {},
    system: self.system,
    emit: () => {},
    actionExecutor: (action: RecordedAction) => {
      collected.push(action);
    },
  } as unknown as AnyActorScope;

  const step = ((snapshot: never, event: never) => {
    collected = [];
    const next: unknown = instrumented.transition(snapshot, event, scope);
    return [next, collected];
  }) as RecordingStep<ReturnType<TMachine['resolveState']>, Parameters<TMachine['transition']>[1]>;

  function figures(): CoverageFigures {
    const transitions = chartTransitions(instrumented);
    const guardOutcomes = namedGuards(instrumented).flatMap((guard) => [true, false].map((outcome) => ({ guard, outcome })));
    return {
      transitions: {
        covered: transitions.filter(({ definition }) => taken.has(definition)),
        missed: transitions.filter(({ definition }) => !taken.has(definition)),
      },
      guardOutcomes: {
        covered: guardOutcomes.filter(({ guard, outcome }) => outcomes.has(`${guard}:${String(outcome)}`)),
        missed: guardOutcomes.filter(({ guard, outcome }) => !outcomes.has(`${guard}:${String(outcome)}`)),
      },
    };
  }

  return { machine: instrumented, step, figures };
}
