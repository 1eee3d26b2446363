// The inspector's DOM helpers and the decision/guard panels (time travel); every value is written with textContent, never as HTML.
(function () {
  'use strict';
  var B = window.BatonInspector = window.BatonInspector || {};
  var $ = function (id) { return document.getElementById(id); };

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }
  function time(ms) { return typeof ms === 'number' ? new Date(ms).toISOString().replace('T', ' ').replace('.000Z', 'Z') : ''; }
  function setStatus(text, isError) { status.textContent = text; status.className = isError ? 'error' : ''; }

  function duration(ms) {
    if (typeof ms !== 'number') return 'never';
    var s = Math.round(Math.abs(ms) / 1000);
    var h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
    var parts = [];
    if (h) parts.push(h + ' h');
    if (m) parts.push(m + ' min');
    if (r || parts.length === 0) parts.push(r + ' s');
    return parts.join(' ');
  }

  function fillList(dl, pairs) {
    clear(dl);
    pairs.forEach(function (pair) {
      dl.appendChild(el('dt', '', pair[0]));
      var dd = el('dd', '', null);
      if (pair[1] instanceof Node) dd.appendChild(pair[1]);
      else dd.textContent = pair[1] === null || pair[1] === undefined ? '—' : String(pair[1]);
      if (pair[2]) dd.id = pair[2];
      dl.appendChild(dd);
    });
  }
  function kindBadge(kind) { return el('span', 'kind kind-' + String(kind).replace(/[^a-z_]/g, ''), kind); }

  function remainingOf(d) {
    if (d.reason !== 'cooldown') return null;
    var settle = d.details.scope === 'settle';
    var since = settle ? d.details.sinceAnyMs : d.details.sinceMs;
    var limit = settle ? d.details.settleMs : d.details.cooldownMs;
    if (typeof since !== 'number' || typeof limit !== 'number') return null;
    return duration(Math.max(0, limit - since)) + ' remaining (' + (settle ? 'settle ' : 'cooldown ') + duration(limit) + ', ' + duration(since) + ' since ' + (settle ? 'the last handoff' : d.details.route) + ')';
  }
  function renderDecision(d) {
    if (!d) { fillList($('decision-panel'), [['decision', 'none yet']]); return; }
    var pairs = [
      ['kind', kindBadge(d.kind), 'decision-kind'],
      ['reason', d.reason, 'decision-reason'],
    ];
    var remaining = remainingOf(d);
    if (remaining !== null) pairs.push(['cooldown', remaining, 'decision-remaining']);
    pairs.push(['decidedBy', d.decidedBy, 'decision-decided-by'], ['transition', d.from + ' → ' + d.to, 'decision-route'], ['at', time(d.at)], ['message', d.messageId]);
    Object.keys(d.details).forEach(function (key) { pairs.push([key, d.details[key]]); });
    fillList($('decision-panel'), pairs);
  }
  function formatValue(value, unit) {
    if (value === null || value === undefined) return unit === 'ms' ? 'never' : '—';
    if (unit === 'ratio') return Number(value).toFixed(2);
    if (unit === 'ms') return duration(value);
    return String(value);
  }
  function renderGuards(rows) {
    var body = $('guards').tBodies[0];
    clear(body);
    if (!rows) { var tr = el('tr', '', null); var td = el('td', '', 'no handoff was asked for at this step'); td.colSpan = 6; tr.appendChild(td); body.appendChild(tr); return; }
    var reached = true;
    rows.forEach(function (row, i) {
      var tr = el('tr', row.decided ? 'decided' : reached ? '' : 'skipped', null);
      tr.setAttribute('data-guard', row.guard);
      var result = row.pass ? 'pass' : row.decided ? 'FAIL — decides' : 'fail';
      if (!reached) result += ' (not consulted)';
      if (row.guard === 'cooldown' && !row.pass) result += ' · ' + duration(row.remainingMs) + ' remaining';
      [String(i + 1), row.guard + ': ' + row.measure, formatValue(row.input, row.unit), row.comparison === '>=' ? '≥' : '<', formatValue(row.limit, row.unit), result].forEach(function (text) {
        tr.appendChild(el('td', '', text));
      });
      body.appendChild(tr);
      if (row.decided) reached = false;
    });
  }

  B.el = el; B.clear = clear; B.time = time; B.duration = duration; B.fillList = fillList; B.kindBadge = kindBadge;
  B.renderDecision = renderDecision; B.renderGuards = renderGuards;
})();
