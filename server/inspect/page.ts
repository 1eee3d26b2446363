// The inspector's HTML page: the chart's SVG (fit to its pane), a legend, and the panels; styles and script are same-origin files (strict CSP).
import { eventAbbreviation, type ChartLayout } from './layout';
import { escapeXml, renderSvg } from './svg';
import { documentHead } from './document-head';

export interface PageOptions {
  /** Where the router is mounted (`/inspect`), so the page's URLs work under any mount path. */
  base: string;
  layout: ChartLayout;
  /** Show the playground form (POST /api/playground is mounted). */
  playground: boolean;
}

function abbreviations(layout: ChartLayout): string {
  const events = [...new Set(layout.graph.transitions.map((t) => t.event))].filter((e) => e !== 'always');
  return events.map((e) => `${eventAbbreviation(e)} = ${e}`).join(' · ') + ' · #n = position in the ordered guard list (first passing guard wins)';
}

const PLAYGROUND = `
  <details id="playground-panel" open>
    <summary>Playground</summary>
    <form id="playground-form" autocomplete="off">
      <input id="playground-contact" name="contactId" aria-label="test contact id" maxlength="64">
      <input id="playground-text" name="text" placeholder="a message, e.g. I want to buy" aria-label="message text" maxlength="1600">
      <button type="submit">Send</button>
    </form>
    <p class="hint">Sends the message as this test contact straight into the engine (off in production) and follows it.</p>
  </details>`;

export function renderPage({ base, layout, playground }: PageOptions): string {
  const b = escapeXml(base);
  return `${documentHead('Baton inspector', base)}
<body class="inspector" data-base="${b}" data-playground="${playground ? 'on' : 'off'}">
<header>
  <h1>Baton statechart inspector</h1>
  <ul class="legend" id="legend" aria-label="legend">
    <li><span class="swatch swatch-active"></span>watched contact's state</li>
    <li><span class="swatch swatch-taken"></span>its last transition / deciding guard</li>
    <li><span class="swatch swatch-always"></span>eventless (always)</li>
    <li><span class="swatch-count">12</span>contacts in the state now</li>
  </ul>
  <button type="button" id="fit">Actual size</button>
</header>
<p class="abbrev">${escapeXml(abbreviations(layout))}</p>
<main id="chart-pane">${renderSvg(layout)}</main>
<aside>
  <form id="contact-form" autocomplete="off">
    <input id="contact-id" name="contactId" placeholder="contact id" aria-label="contact id" maxlength="64">
    <button type="submit">Watch</button>
  </form>
  <div id="status" role="status">Enter a contact id, or pick one below, to follow it live.</div>
  <details id="contacts-panel" open>
    <summary>Contacts <span id="contacts-total"></span></summary>
    <div class="row-controls">
      <input id="contact-search" type="search" placeholder="search ids" aria-label="search contacts">
      <select id="state-filter" aria-label="state"><option value="">every state</option></select>
    </div>
    <ol id="contacts"></ol>
    <button type="button" id="contacts-more" hidden>More</button>
  </details>${playground ? PLAYGROUND : ''}
  <h2>Time travel</h2>
  <div class="row-controls" id="travel">
    <button type="button" id="step-back" aria-label="previous version" disabled>◀</button>
    <input id="version-slider" type="range" min="1" max="1" value="1" step="1" aria-label="version" disabled>
    <button type="button" id="step-forward" aria-label="next version" disabled>▶</button>
    <button type="button" id="go-live" disabled>Live</button>
  </div>
  <div id="version-label" class="hint"></div>
  <h2>State now</h2>
  <dl id="state-panel"></dl>
  <h2>Decision (of the version shown)</h2>
  <dl id="decision-panel"></dl>
  <h2>Guards (input vs limit)</h2>
  <table id="guards"><thead><tr><th>#</th><th>guard</th><th>input</th><th></th><th>limit</th><th>result</th></tr></thead><tbody></tbody></table>
  <h2>Context and package (as of the version shown)</h2>
  <pre id="context"></pre>
  <h2>Handoffs</h2>
  <ol id="handoffs"></ol>
  <h2>Journal (newest first)</h2>
  <p class="hint">Each entry keeps the message and what it was judged on. Try a change offline: <code id="replay-command">npx baton replay --contact ID --threshold lead&gt;buyer=0.8</code></p>
  <ol id="journal"></ol>
  <h2>Messages (latest)</h2>
  <ul id="messages"></ul>
</aside>
<script src="${b}/panels.js"></script>
<script src="${b}/chart.js"></script>
<script src="${b}/inspector.js"></script>
</body>
</html>`;
}
