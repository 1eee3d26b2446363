// Renders the laid-out statechart as an SVG string: states carry data-state-id so the page can highlight the live one.
import { CHAR_WIDTH, FONT_SIZE, LINE_HEIGHT, type ChartLayout, type LaidOutEdge, type LaidOutNode, type Point } from './layout';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text and attribute values (everything this module writes goes through it). */
export function escapeXml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

const n = (value: number): string => String(Math.round(value * 10) / 10);

function text(x: number, y: number, content: string, cls: string): string {
  // xml:space keeps the padded order numbers of the transition table aligned.
  return `<text x="${n(x)}" y="${n(y)}" class="${cls}" xml:space="preserve">${escapeXml(content)}</text>`;
}

const isEventRow = (row: string): boolean => !row.startsWith(' ') && !/^\d/.test(row);

/** ` 8 onCooldown · stay` → `onCooldown`: the page marks the row of the guard that decided the watched contact's last step. */
const guardOfRow = (row: string): string => /^\s*\d+\s+([A-Za-z]+)/.exec(row)?.[1] ?? '';

function renderNode(node: LaidOutNode): string {
  const top = node.parent === null;
  const classes = ['state', top ? 'state-top' : 'state-sub', `kind-${node.kind}`, node.initial ? 'initial' : ''].filter((c) => c !== '');
  const parts = [
    `<g class="${classes.join(' ')}" data-state-id="${escapeXml(node.id)}" data-state-key="${escapeXml(node.key)}">`,
    `<title>${escapeXml(node.id)}${node.initial ? ' (initial)' : ''}</title>`,
    `<rect x="${n(node.x)}" y="${n(node.y)}" width="${n(node.width)}" height="${n(node.height)}" rx="${top ? 10 : 6}"/>`,
  ];
  if (node.initial) {
    // The initial state is marked by an entry dot with a short stub, as in statechart notation.
    const cy = node.y + (top ? LINE_HEIGHT : node.height / 2);
    parts.push(`<circle class="entry" cx="${n(node.x - 14)}" cy="${n(cy)}" r="4"/>`);
    parts.push(`<path class="entry" d="M${n(node.x - 10)},${n(cy)} L${n(node.x)},${n(cy)}"/>`);
  }
  if (top) {
    parts.push(text(node.x + 10, node.y + LINE_HEIGHT + 4, node.key, 'state-title'));
    node.rows.forEach((row, i) => {
      const guard = guardOfRow(row);
      const line = text(node.x + 10, node.y + LINE_HEIGHT * (i + 2) + 8, row, isEventRow(row) ? 'row-event' : 'row');
      parts.push(guard === '' ? line : line.replace('<text ', `<text data-guard="${escapeXml(guard)}" `));
    });
    // How many contacts sit in this state now (filled by the page from GET /api/contacts).
    parts.push(`<text class="count" data-count-for="${escapeXml(node.id)}" x="${n(node.x + node.width - 10)}" y="${n(node.y + LINE_HEIGHT + 4)}"></text>`);
  } else {
    const x = node.x + (node.width - node.key.length * CHAR_WIDTH) / 2;
    parts.push(text(x, node.y + node.height / 2 + FONT_SIZE / 3, node.key, 'state-label'));
    parts.push(`<text class="count" data-count-for="${escapeXml(node.id)}" x="${n(node.x + node.width - 4)}" y="${n(node.y + node.height / 2 + FONT_SIZE / 3)}"></text>`);
  }
  parts.push('</g>');
  return parts.join('');
}

function pathOf(points: Point[]): string {
  return points.map((p, i) => `${i === 0 ? 'M' : 'L'}${n(p.x)},${n(p.y)}`).join(' ');
}

function renderEdge(edge: LaidOutEdge): string {
  const always = edge.transitions.every((t) => t.event === 'always');
  const title = edge.transitions.map((t) => `${t.event} #${t.order} ${t.guard ?? '(no guard)'} → ${t.target ?? ''}`).join('\n');
  const parts = [
    `<g class="edge${always ? ' edge-always' : ''}" data-source="${escapeXml(edge.source)}" data-target="${escapeXml(edge.target)}">`,
    `<title>${escapeXml(title)}</title>`,
    `<path d="${pathOf(edge.points)}" marker-end="url(#arrow)"/>`,
  ];
  for (const label of edge.labels) {
    parts.push(`<rect class="label-bg" x="${n(label.x - 2)}" y="${n(label.y)}" width="${n(label.width + 4)}" height="${n(label.height)}"/>`);
    parts.push(text(label.x, label.y + label.height - 4, label.text, 'edge-label'));
  }
  parts.push('</g>');
  return parts.join('');
}

/** Parents are drawn before children and edges last, so arrows stay visible over the boxes. */
export function renderSvg(layout: ChartLayout): string {
  const width = Math.ceil(layout.width);
  const height = Math.ceil(layout.height);
  return [
    // No width/height: the chart scales to its pane (fit at first load); the page's "Actual size" sets them.
    `<svg xmlns="http://www.w3.org/2000/svg" id="chart" class="fit" viewBox="0 0 ${width} ${height}" data-width="${width}" data-height="${height}" preserveAspectRatio="xMidYMin meet" role="img" aria-label="${escapeXml(layout.graph.machineId)} statechart">`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z"/></marker></defs>',
    ...layout.nodes.map(renderNode),
    ...layout.edges.map(renderEdge),
    '</svg>',
  ].join('\n');
}
