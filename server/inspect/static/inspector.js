// The inspector page's client: polls one contact every second, highlights its states and fills the panels (textContent only, never HTML).
(function () {
  'use strict';
  var base = document.body.getAttribute('data-base') || '';
  var form = document.getElementById('contact-form');
  var input = document.getElementById('contact-id');
  var status = document.getElementById('status');
  var POLL_MS = 1000;
  var timer = null;
  // Each watch gets a generation number so a slow answer for an earlier contact is ignored.
  var generation = 0;

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  function time(ms) {
    return typeof ms === 'number' ? new Date(ms).toISOString().replace('T', ' ').replace('.000Z', 'Z') : '';
  }

  function setStatus(text, isError) {
    status.textContent = text;
    status.className = isError ? 'error' : '';
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

  var lastActive = '';

  function highlight(active) {
    var nodes = document.querySelectorAll('#chart [data-state-id]');
    var deepest = null;
    for (var i = 0; i < nodes.length; i += 1) {
      var id = nodes[i].getAttribute('data-state-id');
      var on = active.indexOf(id) !== -1;
      nodes[i].classList.toggle('active', on);
      if (on && id === active[active.length - 1]) deepest = nodes[i];
    }
    // The chart is larger than the screen: bring the contact's state into view when it changes, not on every poll.
    var key = active.join(' ');
    if (key !== lastActive && deepest !== null) deepest.scrollIntoView({ block: 'center', inline: 'center' });
    lastActive = key;
  }

  document.getElementById('fit').addEventListener('click', function () {
    var chart = document.getElementById('chart');
    var fitted = chart.classList.toggle('fit');
    this.textContent = fitted ? 'Actual size' : 'Fit to pane';
  });

  function kindBadge(kind) {
    return el('span', 'kind kind-' + String(kind).replace(/[^a-z_]/g, ''), kind);
  }

  function render(data) {
    var view = data.view;
    highlight(data.active);
    fillList(document.getElementById('state-panel'), [
      ['contact', view.contactId],
      ['state', JSON.stringify(view.stateValue), 'state-value'],
      ['bot', view.bot],
      ['chain depth', view.chainDepth],
      ['version', view.version],
    ]);
    var d = view.decision;
    var decisionPairs = d === null ? [['decision', 'none yet']] : [
      ['kind', kindBadge(d.kind), 'decision-kind'],
      ['reason', d.reason, 'decision-reason'],
      ['decidedBy', d.decidedBy, 'decision-decided-by'],
      ['route', d.from + ' → ' + d.to],
      ['at', time(d.at)],
      ['message', d.messageId],
    ];
    if (d !== null) {
      Object.keys(d.details).forEach(function (key) {
        decisionPairs.push([key, d.details[key]]);
      });
    }
    fillList(document.getElementById('decision-panel'), decisionPairs);

    var handoffs = document.getElementById('handoffs');
    clear(handoffs);
    view.handoffs.forEach(function (h) {
      handoffs.appendChild(el('li', '', h.from + ' → ' + h.to + '  ' + time(h.at) + '  (' + h.pattern + ', confidence ' + h.confidence + ')'));
    });
    if (view.handoffs.length === 0) handoffs.appendChild(el('li', '', 'none'));

    var journal = document.getElementById('journal');
    clear(journal);
    data.journal.forEach(function (entry) {
      var li = el('li', '', null);
      li.appendChild(kindBadge(entry.decision.kind));
      li.appendChild(document.createTextNode(' v' + entry.version + ' ' + entry.decision.reason + ' by ' + entry.decision.decidedBy + ' · ' + entry.decision.from + ' → ' + entry.decision.to));
      var input = entry.input ? entry.input.event : null;
      if (input && input.type === 'MESSAGE_RECEIVED') {
        var intent = input.intent.target === null ? 'no intent' : input.intent.target + ' ' + input.intent.confidence.toFixed(2) + ' (' + input.intent.pattern + ')';
        li.appendChild(el('div', 'input', '“' + input.text + '” · ' + intent));
      }
      journal.appendChild(li);
    });

    var messages = document.getElementById('messages');
    clear(messages);
    data.messages.forEach(function (m) {
      var li = el('li', 'msg', null);
      li.appendChild(el('span', 'who', (m.direction === 'inbound' ? 'contact' : (m.bot || 'bot')) + ': '));
      li.appendChild(el('span', 'text', m.text));
      messages.appendChild(li);
    });
    document.getElementById('replay-command').textContent = 'npx baton replay --contact ' + view.contactId + ' --threshold lead>buyer=0.8';
    setStatus('Live: ' + view.contactId + ' (version ' + view.version + ') updated ' + new Date().toLocaleTimeString(), false);
  }

  function poll(id, gen) {
    fetch(base + '/contacts/' + encodeURIComponent(id), { headers: { accept: 'application/json' }, cache: 'no-store' })
      .then(function (res) {
        return res.json().then(function (body) {
          return { ok: res.ok, status: res.status, body: body };
        });
      })
      .then(function (answer) {
        if (gen !== generation) return;
        if (answer.ok) render(answer.body);
        else {
          highlight([]);
          var message = answer.body && answer.body.error ? answer.body.error.message : 'HTTP ' + answer.status;
          setStatus(message + ' — still watching', true);
        }
      })
      .catch(function (error) {
        if (gen === generation) setStatus('cannot reach the host: ' + error.message, true);
      })
      .then(function () {
        if (gen === generation) timer = setTimeout(function () { poll(id, gen); }, POLL_MS);
      });
  }

  function watch(id) {
    id = id.trim();
    if (timer !== null) clearTimeout(timer);
    generation += 1;
    if (id === '') {
      highlight([]);
      setStatus('Enter a contact id to follow it live (refreshed every second).', false);
      return;
    }
    setStatus('Loading ' + id + '…', false);
    history.replaceState(null, '', '#contact=' + encodeURIComponent(id));
    poll(id, generation);
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    watch(input.value);
  });

  var fromHash = /^#contact=(.+)$/.exec(location.hash);
  if (fromHash) {
    input.value = decodeURIComponent(fromHash[1]);
    watch(input.value);
  }
})();
