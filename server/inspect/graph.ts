// Reads the conversation statechart's nodes and ordered, guarded transitions from the machine itself (XState v5 StateNode API).
import type { AnyStateMachine } from 'xstate';

export type ChartNodeKind = 'compound' | 'atomic' | 'parallel' | 'final' | 'history';

export interface ChartNode {
  /** The XState state id, e.g. `conversation.buyer.budget`. */
  id: string;
  key: string;
  parent: string | null;
  kind: ChartNodeKind;
  /** True for the initial child of its parent (the root's initial state included). */
  initial: boolean;
  children: string[];
}

export interface ChartTransition {
  source: string;
  /** The event type; `always` for eventless transitions. */
  event: string;
  /**
   * 1-based position in the source's candidate list for this event: XState takes the first
   * transition whose guard passes, so the order is part of the chart's meaning.
   */
  order: number;
  /** The guard as the chart names it, e.g. `intentTargets(to=buyer)`; null when unguarded. */
  guard: string | null;
  /** Null for a targetless transition (the contact stays where it is; only actions run). */
  target: string | null;
}

export interface ChartGraph {
  machineId: string;
  nodes: ChartNode[];
  transitions: ChartTransition[];
}

/** The part of an XState StateNode this module reads. */
interface StateNodeLike {
  id: string;
  key: string;
  type: ChartNodeKind;
  parent?: StateNodeLike | undefined;
  states: Record<string, StateNodeLike>;
  transitions: Map<string, ReadonlyArray<TransitionLike>>;
  always?: ReadonlyArray<TransitionLike> | undefined;
  initial: { target: ReadonlyArray<StateNodeLike> };
}

interface TransitionLike {
  guard?: unknown;
  target?: ReadonlyArray<StateNodeLike> | undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function formatParam(value: unknown): string {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value) ?? String(value);
}

/**
 * A guard's display name. A parameter whose value names the state the transition leaves or enters
 * (`from: 'lead'` on the lead state, `to: 'buyer'` on the edge into buyer, `key: 'budget'` on the
 * budget sub-state) is already said by the drawing, so it is left out.
 */
export function describeGuard(guard: unknown, implied: ReadonlyArray<string> = []): string | null {
  if (guard === undefined || guard === null) return null;
  if (typeof guard === 'string') return guard;
  // Higher-order guards (and/or/not) are functions carrying their operands in `guards`.
  if (typeof guard === 'function') {
    const operands: unknown = 'guards' in guard ? guard.guards : undefined;
    const name = guard.name === '' ? 'guard' : guard.name;
    if (!Array.isArray(operands)) return name;
    return `${name}(${operands.map((operand) => describeGuard(operand, implied) ?? '?').join(', ')})`;
  }
  if (isRecord(guard) && typeof guard['type'] === 'string') {
    const params = guard['params'];
    if (!isRecord(params)) return guard['type'];
    const shown = Object.entries(params).filter(([, value]) => typeof value !== 'string' || !implied.includes(value));
    if (shown.length === 0) return guard['type'];
    return `${guard['type']}(${shown.map(([key, value]) => `${key}=${formatParam(value)}`).join(', ')})`;
  }
  return 'guard';
}

function transitionsOf(node: StateNodeLike): ChartTransition[] {
  const out: ChartTransition[] = [];
  const add = (event: string, list: ReadonlyArray<TransitionLike>) => {
    list.forEach((transition, index) => {
      // A transition may target several states only in parallel charts; each target gets an edge.
      const targets = transition.target === undefined || transition.target.length === 0 ? [null] : transition.target;
      for (const target of targets) {
        const implied = target === null ? [node.key] : [node.key, target.key];
        out.push({ source: node.id, event, order: index + 1, guard: describeGuard(transition.guard, implied), target: target?.id ?? null });
      }
    });
  };
  for (const [event, list] of node.transitions) add(event, list);
  if (node.always !== undefined) add('always', node.always);
  return out;
}

/** Every state node (depth first, parents before children) and every transition of `machine`. */
export function chartGraph(machine: AnyStateMachine): ChartGraph {
  const root: StateNodeLike = machine.root;
  const nodes: ChartNode[] = [];
  const transitions: ChartTransition[] = [];
  const visit = (node: StateNodeLike, parent: StateNodeLike | null) => {
    const children = Object.values(node.states);
    if (parent !== null) {
      const initialIds = parent.initial.target.map((t) => t.id);
      nodes.push({
        id: node.id,
        key: node.key,
        parent: parent === root ? null : parent.id,
        kind: node.type,
        initial: initialIds.includes(node.id),
        children: children.map((child) => child.id),
      });
    }
    transitions.push(...transitionsOf(node));
    for (const child of children) visit(child, node);
  };
  visit(root, null);
  return { machineId: root.id, nodes, transitions };
}

/** The state ids a snapshot value is in: `{buyer: 'budget'}` → `conversation.buyer`, `conversation.buyer.budget`. */
export function activeStateIds(machineId: string, value: unknown): string[] {
  const out: string[] = [];
  const walk = (prefix: string, v: unknown) => {
    if (typeof v === 'string') {
      out.push(`${prefix}.${v}`);
      return;
    }
    if (!isRecord(v)) return;
    for (const [key, child] of Object.entries(v)) {
      out.push(`${prefix}.${key}`);
      walk(`${prefix}.${key}`, child);
    }
  };
  walk(machineId, value);
  return out;
}
