// The traversal models (xstate/graph shortest paths over a finite alphabet) and their replay as traces of decide() steps.
import { getShortestPaths, type StatePath } from 'xstate/graph';
import { createConversationMachine, type ConversationMachine } from '../../machines/conversation';
import type { ConversationEvent } from '../../machines/events';
import { createDecide, type Decide, type ExecutableAction } from '../../services/engine/decide';
import { initialSnapshot, type ConversationSnapshot } from '../../services/engine/snapshot';
import { alphabet, type AlphabetOptions } from './alphabet';
import { summarize } from './summary';

export const CONTACT_ID = 'model';

export interface ModelSpec {
  name: string;
  alphabet: AlphabetOptions;
  /** States at this many messages are not expanded further (bounds the traversal). */
  maxMessages: number;
  serialize: (snapshot: ConversationSnapshot) => string;
}

/** Qualification sub-states: answers move them on; one passing time step keeps the handoff guards quiet. */
const structure: ModelSpec = {
  name: 'structure',
  alphabet: { answers: true, steps: ['30:00'] },
  maxMessages: 14,
  serialize: (snapshot) =>
    JSON.stringify([snapshot.value, snapshot.value === 'optedOut' ? snapshot.context.resumeTo : null, snapshot.context.decision?.reason ?? null]),
};

/** Every probe at every time step: the guards' boundaries on both sides, commands, admin events and replies. */
const guards: ModelSpec = { name: 'guards', alphabet: {}, maxMessages: 8, serialize: (snapshot) => summarize(snapshot) };

/** Only handoff probes, the passing ones 1 min or 30 min apart: paths long enough to fill the 24-hour window. */
const busyDay: ModelSpec = {
  name: 'busyDay',
  alphabet: { probesOnly: true, steps: ['1m', '30:00'] },
  maxMessages: 12,
  serialize: (snapshot) => summarize(snapshot),
};

export const MODELS = { structure, guards, busyDay } as const;

export type ConversationPath = StatePath<ConversationSnapshot, ConversationEvent>;

export function traverse(spec: ModelSpec, machine: ConversationMachine = createConversationMachine()): ConversationPath[] {
  return getShortestPaths(machine, {
    input: { contactId: CONTACT_ID },
    events: (snapshot) => alphabet(snapshot, spec.alphabet),
    serializeState: (snapshot) => spec.serialize(snapshot),
    stopWhen: (snapshot) => snapshot.context.messageCount >= spec.maxMessages,
  });
}

/** The events of a path, without the `xstate.init` step that starts it. */
export function eventsOf(path: ConversationPath): ConversationEvent[] {
  return path.steps.slice(1).map((step) => step.event);
}

export interface Step {
  event: ConversationEvent;
  before: ConversationSnapshot;
  after: ConversationSnapshot;
  actions: ExecutableAction[];
}
export type Trace = readonly Step[];

export function replay(decide: Decide, events: readonly ConversationEvent[], start: ConversationSnapshot): Step[] {
  const steps: Step[] = [];
  let snapshot = start;
  for (const event of events) {
    const [after, actions] = decide(snapshot, event);
    steps.push({ event, before: snapshot, after, actions });
    snapshot = after;
  }
  return steps;
}

/**
 * The generated paths of a model: every shortest path, replayed through a fresh machine's decide(), and every
 * one-step extension of it by each event of the alphabet (so stays, which loop back to the same model state, end a
 * path too). The coverage report passes an instrumented machine and its recording decide().
 */
export function generatedTraces(spec: ModelSpec, machine: ConversationMachine = createConversationMachine(), decide: Decide = createDecide(machine)): Trace[] {
  const start = initialSnapshot(machine, CONTACT_ID);
  const traces: Trace[] = [];
  for (const path of traverse(spec, machine)) {
    const trace = replay(decide, eventsOf(path), start);
    const end = trace.at(-1)?.after ?? start;
    traces.push(trace);
    if (end.context.messageCount >= spec.maxMessages) continue;
    for (const event of alphabet(end, spec.alphabet)) {
      const [after, actions] = decide(end, event);
      traces.push([...trace, { event, before: end, after, actions }]);
    }
  }
  return traces;
}

/** Every step of every trace that ends it (each step of a shortest path also ends a shorter one). */
export function lastSteps(traces: readonly Trace[]): Step[] {
  return traces.flatMap((trace) => trace.slice(-1));
}
