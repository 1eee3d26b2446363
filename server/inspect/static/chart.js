// The inspector's chart: highlight the watched contact's states, mark its last transition, per-state counts, fit/actual size.
(function () {
  'use strict';
  var B = window.BatonInspector = window.BatonInspector || {};
  var $ = function (id) { return document.getElementById(id); };
  var chart = $('chart');
  var firstNode = chart.querySelector('[data-state-id]');
  var machineId = firstNode ? firstNode.getAttribute('data-state-id').split('.')[0] : 'conversation';
  // Which chart row a decision reason comes from (the guard names the chart prints).
  var ROW_OF_REASON = {
    handoff: 'intentTargets', next_goal: 'nextGoalDue', no_intent: 'lacksHandoffIntent', same_bot: 'lacksHandoffIntent',
    below_threshold: 'belowThreshold', depth_limit: 'chainTooDeep', rate_hour: 'rateLimited', rate_day: 'rateLimited',
    cooldown: 'onCooldown', target_unhealthy: 'targetUnhealthy', human_requested: 'asksForHuman', opted_out: 'asksToStop', help_requested: 'asksForHelp',
  };

  function activeIds(value) {
    var out = [];
    (function walk(prefix, v) {
      if (typeof v === 'string') { out.push(prefix + '.' + v); return; }
      if (!v || typeof v !== 'object') return;
      Object.keys(v).forEach(function (key) { out.push(prefix + '.' + key); walk(prefix + '.' + key, v[key]); });
    })(machineId, value);
    return out;
  }

  function highlight(active) {
    var nodes = chart.querySelectorAll('[data-state-id]');
    for (var i = 0; i < nodes.length; i += 1) nodes[i].classList.toggle('active', active.indexOf(nodes[i].getAttribute('data-state-id')) !== -1);
  }

  // The watched step's transition: its edge (from → to), or for a stay the row of the rule that decided it.
  function markTransition(decision) {
    var taken = chart.querySelectorAll('.taken');
    for (var i = 0; i < taken.length; i += 1) taken[i].classList.remove('taken');
    if (!decision) return;
    var from = machineId + '.' + decision.from, to = machineId + '.' + decision.to;
    if (decision.from !== decision.to) {
      var edges = chart.querySelectorAll('.edge');
      for (var j = 0; j < edges.length; j += 1) {
        var source = edges[j].getAttribute('data-source');
        if (edges[j].getAttribute('data-target') === to && (source === from || source.indexOf(from + '.') === 0)) edges[j].classList.add('taken');
      }
    }
    var guard = ROW_OF_REASON[decision.reason];
    var box = chart.querySelector('[data-state-id="' + from + '"]');
    if (!guard || !box) return;
    var rows = box.querySelectorAll('text[data-guard="' + guard + '"]');
    for (var k = 0; k < rows.length; k += 1) {
      if (decision.from === decision.to || rows[k].textContent.indexOf('→ ' + decision.to) !== -1) rows[k].classList.add('taken');
    }
  }

  $('fit').addEventListener('click', function () {
    var fitted = chart.classList.toggle('fit');
    if (fitted) { chart.removeAttribute('width'); chart.removeAttribute('height'); }
    else { chart.setAttribute('width', chart.getAttribute('data-width')); chart.setAttribute('height', chart.getAttribute('data-height')); }
    $('chart-pane').classList.toggle('actual', !fitted);
    this.textContent = fitted ? 'Actual size' : 'Fit to pane';
  });

  function renderCounts(counts) {
    var badges = chart.querySelectorAll('[data-count-for]');
    for (var i = 0; i < badges.length; i += 1) {
      var n = counts[badges[i].getAttribute('data-count-for').slice(machineId.length + 1)];
      badges[i].textContent = n ? String(n) : '';
    }
  }

  /** The top-level state names, in chart order (for the state filter). */
  function topStates() {
    var tops = chart.querySelectorAll('.state-top');
    var keys = [];
    for (var i = 0; i < tops.length; i += 1) keys.push(tops[i].getAttribute('data-state-key'));
    return keys;
  }

  B.activeIds = activeIds; B.highlight = highlight; B.markTransition = markTransition; B.renderCounts = renderCounts; B.topStates = topStates;
})();
