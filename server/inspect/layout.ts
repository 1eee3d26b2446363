// Lays the chart graph out with ELK (layered, compound bot states), once per process.
import ELK from 'elkjs/lib/elk.bundled.js';
import type { ElkExtendedEdge, ElkLabel, ElkNode } from 'elkjs/lib/elk-api';
import type { AnyStateMachine } from 'xstate';
import { chartGraph, type ChartGraph, type ChartNode, type ChartTransition } from './graph';

/** The SVG draws text in a 12 px monospace font; sizes are computed from character counts. */
export const FONT_SIZE = 12;
export const CHAR_WIDTH = 7.3;
export const LINE_HEIGHT = 16;
const PAD = 10;

export interface Point {
  x: number;
  y: number;
}

export interface LaidOutNode extends ChartNode {
  x: number;
  y: number;
  width: number;
  height: number;
  /** The node's ordered transition table (empty for sub-states, whose only exits are drawn). */
  rows: string[];
}

export interface LaidOutLabel {
  text: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface LaidOutEdge {
  id: string;
  source: string;
  target: string;
  /** Every transition the edge stands for (parallel transitions share one drawn edge). */
  transitions: ChartTransition[];
  points: Point[];
  labels: LaidOutLabel[];
}

export interface ChartLayout {
  width: number;
  height: number;
  nodes: LaidOutNode[];
  edges: LaidOutEdge[];
  graph: ChartGraph;
}

const shortName = (id: string): string => id.split('.').slice(1).join('.');

/** `MESSAGE_RECEIVED` → `MR`: edge labels stay short; the page prints the legend. */
export function eventAbbreviation(event: string): string {
  if (event === 'always') return 'always';
  return event
    .split('_')
    .map((word) => word.charAt(0))
    .join('');
}

/** `MESSAGE_RECEIVED` then ` 1 asksToStop → optedOut`, ` 3 lacksHandoffIntent · stay`, ... in chart order. */
export function transitionRows(node: ChartNode, transitions: ChartTransition[]): string[] {
  const own = transitions.filter((t) => t.source === node.id && t.event !== 'always');
  const events = [...new Set(own.map((t) => t.event))];
  const rows: string[] = [];
  for (const event of events) {
    rows.push(event);
    for (const t of own.filter((x) => x.event === event)) {
      const target = t.target === null ? '· stay' : `→ ${shortName(t.target)}`;
      rows.push(`${String(t.order).padStart(2)} ${t.guard ?? '(no guard)'} ${target}`);
    }
  }
  return rows;
}

const textWidth = (text: string): number => Math.ceil(text.length * CHAR_WIDTH);

function edgeLabelText(t: ChartTransition): string {
  if (t.event === 'always') return t.guard ?? 'always';
  return `${eventAbbreviation(t.event)} #${t.order}${t.guard === null ? '' : ` ${t.guard}`}`;
}

/** Transitions between two different states, one drawn edge per (source, target) pair, in the container ELK lays them out in. */
function drawnEdges(graph: ChartGraph): Map<string, ChartTransition[]> {
  const byPair = new Map<string, ChartTransition[]>();
  for (const t of graph.transitions) {
    if (t.target === null || t.target === t.source) continue;
    const key = `${t.source}->${t.target}`;
    byPair.set(key, [...(byPair.get(key) ?? []), t]);
  }
  return byPair;
}

function containerOf(graph: ChartGraph, id: string): string | null {
  return graph.nodes.find((n) => n.id === id)?.parent ?? null;
}

/**
 * A sub-state's edge to a top-level state (seller.qualified → buyer, the next_goal move) leaves from
 * its top-level ancestor: ELK routes edges between siblings, not across hierarchy levels.
 */
function drawnSource(graph: ChartGraph, source: string, target: string): string {
  if (containerOf(graph, target) !== null) return source;
  let current = source;
  for (let parent = containerOf(graph, current); parent !== null; parent = containerOf(graph, current)) current = parent;
  return current;
}

function toElk(graph: ChartGraph, rows: Map<string, string[]>): ElkNode {
  const tableHeight = (node: ChartNode) => (1 + (rows.get(node.id)?.length ?? 0)) * LINE_HEIGHT + PAD;
  const tableWidth = (node: ChartNode) => Math.max(textWidth(node.key), ...(rows.get(node.id) ?? []).map(textWidth)) + 2 * PAD;
  const elkNode = (node: ChartNode): ElkNode => {
    const children = graph.nodes.filter((n) => n.parent === node.id);
    if (children.length === 0) {
      const height = node.parent === null ? tableHeight(node) + PAD : LINE_HEIGHT + PAD;
      return { id: node.id, width: tableWidth(node), height };
    }
    return {
      id: node.id,
      children: children.map(elkNode),
      edges: [],
      layoutOptions: {
        // The transition table sits left of the sub-state chain, which runs downwards: the box stays compact.
        'elk.direction': 'DOWN',
        'elk.padding': `[top=${LINE_HEIGHT + 2 * PAD},left=${tableWidth(node) + PAD},bottom=${PAD * 2},right=${PAD * 2}]`,
        'elk.nodeSize.constraints': 'MINIMUM_SIZE',
        'elk.nodeSize.minimum': `(0, ${tableHeight(node) + LINE_HEIGHT + 2 * PAD})`,
        'elk.layered.spacing.nodeNodeBetweenLayers': '20',
        'elk.spacing.edgeLabel': '2',
      },
    };
  };
  const root: ElkNode = {
    id: graph.machineId,
    layoutOptions: {
      'elk.algorithm': 'layered',
      // Left to right (lead → buyer → seller → escalated, optedOut): the chart's pane is wider than it is tall.
      'elk.direction': 'RIGHT',
      'elk.json.shapeCoords': 'ROOT',
      'elk.json.edgeCoords': 'ROOT',
      'elk.edgeRouting': 'ORTHOGONAL',
      'elk.layered.spacing.nodeNodeBetweenLayers': '60',
      'elk.spacing.nodeNode': '40',
      'elk.spacing.edgeEdge': '14',
      'elk.spacing.edgeLabel': '4',
      'elk.edgeLabels.inline': 'false',
      'elk.layered.edgeLabels.sideSelection': 'ALWAYS_UP',
      'elk.padding': '[top=20,left=20,bottom=20,right=20]',
      // Reads in the chart's own order (lead, buyer, seller, escalated, optedOut): later-to-earlier edges point back.
      'elk.layered.cycleBreaking.strategy': 'MODEL_ORDER',
    },
    children: graph.nodes.filter((n) => n.parent === null).map(elkNode),
    edges: [],
  };
  const containers = new Map<string, ElkNode>();
  const index = (n: ElkNode) => {
    containers.set(n.id, n);
    for (const child of n.children ?? []) index(child);
  };
  index(root);
  for (const [key, transitions] of drawnEdges(graph)) {
    const first = transitions[0];
    if (first === undefined || first.target === null) continue;
    const labels: ElkLabel[] = transitions.map((t, i) => ({
      id: `${key}#${i}`,
      text: edgeLabelText(t),
      width: textWidth(edgeLabelText(t)),
      height: LINE_HEIGHT,
    }));
    const source = drawnSource(graph, first.source, first.target);
    const edge: ElkExtendedEdge = { id: key, sources: [source], targets: [first.target], labels };
    // Same parent: the edge lives in that parent; otherwise at the root (ELK finds the common ancestor).
    const sourceParent = containerOf(graph, source);
    const container = sourceParent !== null && sourceParent === containerOf(graph, first.target) ? containers.get(sourceParent) : root;
    (container ?? root).edges?.push(edge);
  }
  return root;
}

function collectNodes(elk: ElkNode, out: Map<string, ElkNode>): void {
  for (const child of elk.children ?? []) {
    out.set(child.id, child);
    collectNodes(child, out);
  }
}

function collectEdges(elk: ElkNode, out: ElkExtendedEdge[]): void {
  out.push(...(elk.edges ?? []));
  for (const child of elk.children ?? []) collectEdges(child, out);
}

export async function layoutChart(graph: ChartGraph): Promise<ChartLayout> {
  const rows = new Map(graph.nodes.map((n) => [n.id, n.parent === null ? transitionRows(n, graph.transitions) : []]));
  const elk = new ELK();
  const result = await elk.layout(toElk(graph, rows));
  const elkNodes = new Map<string, ElkNode>();
  collectNodes(result, elkNodes);
  const nodes: LaidOutNode[] = graph.nodes.map((n) => {
    const placed = elkNodes.get(n.id);
    return { ...n, x: placed?.x ?? 0, y: placed?.y ?? 0, width: placed?.width ?? 0, height: placed?.height ?? 0, rows: rows.get(n.id) ?? [] };
  });
  const byPair = drawnEdges(graph);
  const elkEdges: ElkExtendedEdge[] = [];
  collectEdges(result, elkEdges);
  const edges: LaidOutEdge[] = elkEdges.map((e) => {
    const section = e.sections?.[0];
    const points = section === undefined ? [] : [section.startPoint, ...(section.bendPoints ?? []), section.endPoint];
    return {
      id: e.id,
      source: e.sources[0] ?? '',
      target: e.targets[0] ?? '',
      transitions: byPair.get(e.id) ?? [],
      points: points.map(({ x, y }) => ({ x, y })),
      labels: (e.labels ?? []).map((l) => ({ text: l.text ?? '', x: l.x ?? 0, y: l.y ?? 0, width: l.width ?? 0, height: l.height ?? 0 })),
    };
  });
  return { width: result.width ?? 0, height: result.height ?? 0, nodes, edges, graph };
}

/** A memoised layout: computed on first use, the promise shared afterwards; a failure is retried on the next call. */
export function layoutOnce(machine: AnyStateMachine): () => Promise<ChartLayout> {
  let layout: Promise<ChartLayout> | null = null;
  return () => {
    if (layout === null) {
      const pending = layoutChart(chartGraph(machine));
      pending.catch(() => {
        if (layout === pending) layout = null;
      });
      layout = pending;
    }
    return layout;
  };
}
