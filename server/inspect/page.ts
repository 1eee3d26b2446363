// The inspector's HTML page: the chart's SVG, a contact id box and the live panels; styles inline, script same-origin.
import { eventAbbreviation, type ChartLayout } from './layout';
import { escapeXml, renderSvg } from './svg';

const CSS = `
:root { --ink:#1d2330; --muted:#5b6475; --line:#9aa3b5; --bg:#f6f7fa; --panel:#fff; --active:#e8590c; --active-bg:#fff1e6; --sub-active-bg:#ffd8bf; }
* { box-sizing: border-box; }
body { margin:0; font: 14px/1.4 system-ui, sans-serif; color:var(--ink); background:var(--bg); display:grid; grid-template-columns: 1fr 380px; height:100vh; }
header { grid-column: 1 / -1; padding:8px 16px; background:#232a3a; color:#fff; display:flex; gap:16px; align-items:center; }
header h1 { font-size:16px; margin:0; font-weight:600; }
header .legend { color:#c8cfdd; font-size:12px; flex:1; }
header button { background:#3b4560; border-color:#59627a; font-size:12px; padding:3px 10px; }
svg.fit { width:100%; height:auto; }
main { overflow:auto; padding:8px; }
aside { overflow:auto; padding:12px; background:var(--panel); border-left:1px solid #d9dde6; }
form { display:flex; gap:6px; margin-bottom:8px; }
input { flex:1; padding:6px 8px; font:inherit; border:1px solid #b8bfcc; border-radius:4px; }
button { padding:6px 12px; font:inherit; border-radius:4px; border:1px solid #232a3a; background:#232a3a; color:#fff; cursor:pointer; }
h2 { font-size:13px; text-transform:uppercase; letter-spacing:.04em; color:var(--muted); margin:16px 0 6px; }
#status { font-size:12px; color:var(--muted); min-height:1.4em; }
#status.error { color:#c92a2a; }
dl { display:grid; grid-template-columns: max-content 1fr; gap:2px 10px; margin:0; font-size:13px; }
dt { color:var(--muted); } dd { margin:0; font-family: ui-monospace, monospace; overflow-wrap:anywhere; }
ol, ul { margin:0; padding-left:18px; font-size:13px; } li { margin:2px 0; overflow-wrap:anywhere; }
.kind { display:inline-block; padding:1px 6px; border-radius:3px; background:#e9ecf2; font-family: ui-monospace, monospace; }
.kind-handoff { background:#d3f9d8; } .kind-escalate, .kind-defer { background:#ffe3e3; } .kind-stay { background:#e7f5ff; }
.msg { font-family: ui-monospace, monospace; white-space:pre-wrap; }
.msg .who { color:var(--muted); }
svg text { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size:12px; fill:var(--ink); }
svg .state rect { fill:#fff; stroke:#4c5870; stroke-width:1.2; }
svg .state-top > rect { fill:#eef1f7; }
svg .state-title { font-weight:700; font-size:13px; }
svg .row-event { font-weight:700; fill:#364fc7; }
svg .row { fill:#343a46; }
svg .state.active > rect { stroke:var(--active); stroke-width:3; fill:var(--active-bg); }
svg .state-sub.active > rect { fill:var(--sub-active-bg); }
svg .entry { fill:#1d2330; stroke:#1d2330; stroke-width:1.5; }
svg .edge path { fill:none; stroke:var(--line); stroke-width:1.4; }
svg .edge-always path { stroke:#7c8aa5; stroke-dasharray:4 3; }
svg marker path { fill:#7c8aa5; }
svg .edge-label { font-size:11px; fill:#3b4252; }
svg .label-bg { fill:var(--bg); opacity:.85; }
`;

export interface PageOptions {
  /** Where the router is mounted (`/inspect`), so the page's URLs work under any mount path. */
  base: string;
  layout: ChartLayout;
}

function legend(layout: ChartLayout): string {
  const events = [...new Set(layout.graph.transitions.map((t) => t.event))].filter((e) => e !== 'always');
  return events.map((e) => `${eventAbbreviation(e)} = ${e}`).join(' · ') + ' · #n = position in the ordered guard list (first passing guard wins)';
}

export function renderPage({ base, layout }: PageOptions): string {
  const b = escapeXml(base);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Baton inspector</title>
<link rel="icon" href="data:,">
<style>${CSS}</style>
</head>
<body data-base="${b}">
<header><h1>Baton statechart inspector</h1><span class="legend">${escapeXml(legend(layout))}</span><button type="button" id="fit">Fit to pane</button></header>
<main id="chart-pane">${renderSvg(layout)}</main>
<aside>
  <form id="contact-form" autocomplete="off">
    <input id="contact-id" name="contactId" placeholder="contact id" aria-label="contact id" maxlength="64">
    <button type="submit">Watch</button>
  </form>
  <div id="status" role="status">Enter a contact id to follow it live (refreshed every second).</div>
  <h2>State</h2>
  <dl id="state-panel"></dl>
  <h2>Last decision</h2>
  <dl id="decision-panel"></dl>
  <h2>Handoffs</h2>
  <ol id="handoffs"></ol>
  <h2>Journal (newest first)</h2>
  <p class="hint">Each entry keeps the message and what it was judged on. Try a change offline: <code id="replay-command">npx baton replay --contact ID --threshold lead&gt;buyer=0.8</code></p>
  <ol id="journal"></ol>
  <h2>Messages (latest)</h2>
  <ul id="messages"></ul>
</aside>
<script src="${b}/inspector.js"></script>
</body>
</html>`;
}
