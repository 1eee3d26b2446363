// The inspector page's client: follows one contact over Server-Sent Events, steps through its versions, lists contacts,
// sends playground messages. Every contact-supplied string is written with textContent, never as HTML.
(function () {
  'use strict';
  var base = document.body.getAttribute('data-base') || '';
  var $ = function (id) { return document.getElementById(id); };
  var status = $('status');
  var slider = $('version-slider');
  var B = window.BatonInspector;
  var el = B.el, clear = B.clear, time = B.time, fillList = B.fillList, kindBadge = B.kindBadge;
  var highlight = B.highlight, markTransition = B.markTransition, activeIds = B.activeIds, renderCounts = B.renderCounts;
  var renderDecision = B.renderDecision, renderGuards = B.renderGuards;
  var ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

  var watched = null;   // the contact id followed
  var generation = 0;   // bumped on every watch: answers for an earlier contact are ignored
  var stream = null;    // the EventSource
  var latest = 0;       // the contact's latest version
  var selected = null;  // the version shown by time travel; null = live (the latest)
  var loading = null;   // the contact load in flight, and whether another was asked for meanwhile
  var cursor = null;    // the contact list's next page

  function setStatus(text, isError) { status.textContent = text; status.className = isError ? 'error' : ''; }

  function api(path, options) {
    var init = options || {};
    init.credentials = 'same-origin';
    init.cache = 'no-store';
    init.headers = init.headers || { accept: 'application/json' };
    return fetch(base + path, init).then(function (res) {
      // The session ended (token rotated, cookie expired): the page asks for the token again.
      if (res.status === 401) { location.reload(); throw new Error('the admin session ended'); }
      return res.json().then(function (body) { return { ok: res.ok, status: res.status, body: body }; }, function () { return { ok: false, status: res.status, body: null }; });
    });
  }
  function errorText(answer) { return answer.body && answer.body.error ? answer.body.error.message : 'HTTP ' + answer.status; }

  // ---- the contact list ----
  function renderContacts(contacts, append) {
    var list = $('contacts');
    if (!append) clear(list);
    var needle = $('contact-search').value.trim().toLowerCase();
    contacts.forEach(function (c) {
      var li = el('li', '', null);
      li.setAttribute('data-contact', c.contactId);
      if (needle && c.contactId.toLowerCase().indexOf(needle) === -1) li.hidden = true;
      var button = el('button', c.contactId === watched ? 'watched' : '', null);
      button.type = 'button';
      button.appendChild(el('span', 'id', c.contactId));
      button.appendChild(el('span', 'state', c.state + ' · v' + c.version + ' · ' + time(c.lastMessageAt)));
      button.addEventListener('click', function () { $('contact-id').value = c.contactId; watch(c.contactId); });
      li.appendChild(button);
      list.appendChild(li);
    });
  }
  function refreshContacts(append) {
    var state = $('state-filter').value;
    var query = '?limit=50' + (state ? '&state=' + encodeURIComponent(state) : '') + (append && cursor ? '&cursor=' + encodeURIComponent(cursor) : '');
    return api('/api/contacts' + query).then(function (answer) {
      if (!answer.ok) return;
      cursor = answer.body.nextCursor;
      $('contacts-more').hidden = cursor === null;
      renderContacts(answer.body.contacts, append);
      renderCounts(answer.body.counts);
      var total = 0;
      Object.keys(answer.body.counts).forEach(function (k) { if (k.indexOf('.') === -1) total += answer.body.counts[k]; });
      $('contacts-total').textContent = '(' + total + ')';
    }).catch(function () {});
  }
  B.topStates().forEach(function (key) {
    var option = el('option', '', key);
    option.value = key;
    $('state-filter').appendChild(option);
  });
  $('state-filter').addEventListener('change', function () { refreshContacts(false); });
  $('contacts-more').addEventListener('click', function () { refreshContacts(true); });
  $('contact-search').addEventListener('input', function () {
    var needle = this.value.trim().toLowerCase();
    var items = $('contacts').children;
    for (var i = 0; i < items.length; i += 1) items[i].hidden = needle !== '' && items[i].getAttribute('data-contact').toLowerCase().indexOf(needle) === -1;
  });

  // ---- one version (time travel) ----

  function showVersion(version, gen) {
    return api('/api/contacts/' + encodeURIComponent(watched) + '/versions/' + version).then(function (answer) {
      if (gen !== generation || (selected !== null && selected !== version) || (selected === null && version !== latest)) return;
      if (!answer.ok) { setStatus(errorText(answer), true); return; }
      var v = answer.body;
      highlight(activeIds(v.stateValue));
      markTransition(v.decision);
      renderDecision(v.decision);
      renderGuards(v.guards);
      $('context').textContent = v.context === null ? 'not replayable from the journal (' + v.source + ')' : JSON.stringify(v.context, null, 2);
      $('version-label').textContent = 'version ' + v.version + ' of ' + latest + (selected === null ? ' (live)' : '') + ': ' + (v.previousState || '—') + ' → ' + v.state + (v.diverged ? ' · replay differs from the recorded decision' : '');
      $('version-label').setAttribute('data-state', v.state);
    }).catch(function (error) { if (gen === generation) setStatus(error.message, true); });
  }
  function travelControls() {
    var has = watched !== null && latest > 0;
    slider.disabled = !has;
    slider.max = String(Math.max(1, latest));
    slider.value = String(selected === null ? latest : selected);
    var at = selected === null ? latest : selected;
    $('step-back').disabled = !has || at <= 1;
    $('step-forward').disabled = !has || at >= latest;
    $('go-live').disabled = !has || selected === null;
  }
  function select(version) {
    if (watched === null) return;
    version = Math.max(1, Math.min(latest, version));
    selected = version >= latest ? null : version;
    travelControls();
    showVersion(version, generation);
  }
  slider.addEventListener('input', function () { select(Number(slider.value)); });
  $('step-back').addEventListener('click', function () { select((selected === null ? latest : selected) - 1); });
  $('step-forward').addEventListener('click', function () { select((selected === null ? latest : selected) + 1); });
  $('go-live').addEventListener('click', function () { select(latest); });

  // ---- the watched contact ----
  function renderContact(data) {
    var view = data.view;
    latest = view.version;
    fillList($('state-panel'), [
      ['contact', view.contactId],
      ['state', JSON.stringify(view.stateValue), 'state-value'],
      ['bot', view.bot],
      ['chain depth', view.chainDepth],
      ['version', view.version, 'state-version'],
    ]);
    var handoffs = $('handoffs');
    clear(handoffs);
    view.handoffs.forEach(function (h) {
      handoffs.appendChild(el('li', '', h.from + ' → ' + h.to + '  ' + time(h.at) + '  (' + h.pattern + ', confidence ' + h.confidence + ')'));
    });
    if (view.handoffs.length === 0) handoffs.appendChild(el('li', '', 'none'));
    var journal = $('journal');
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
      li.addEventListener('click', function () { select(entry.version); });
      journal.appendChild(li);
    });
    var messages = $('messages');
    clear(messages);
    data.messages.forEach(function (m) {
      var li = el('li', 'msg', null);
      li.appendChild(el('span', 'who', (m.direction === 'inbound' ? 'contact' : (m.bot || 'bot')) + ': '));
      li.appendChild(el('span', 'text', m.text));
      messages.appendChild(li);
    });
    $('replay-command').textContent = 'npx baton replay --contact ' + view.contactId + ' --threshold lead>buyer=0.8';
    travelControls();
  }

  function loadContact(gen) {
    if (loading !== null) { loading.again = true; return loading.promise; }
    var job = { again: false, promise: null };
    loading = job;
    job.promise = api('/contacts/' + encodeURIComponent(watched)).then(function (answer) {
      if (gen !== generation) return null;
      if (!answer.ok) { highlight([]); markTransition(null); setStatus(errorText(answer), true); return null; }
      renderContact(answer.body);
      if (selected === null) showVersion(latest, gen);
      return answer.body.view.version;
    }).catch(function (error) {
      if (gen === generation) setStatus('cannot reach the host: ' + error.message, true);
      return null;
    }).then(function (version) {
      loading = null;
      if (job.again && gen === generation) loadContact(gen);
      return version;
    });
    return job.promise;
  }

  function openStream(id, after, gen) {
    var source = new EventSource(base + '/api/contacts/' + encodeURIComponent(id) + '/events?after=' + after);
    stream = source;
    source.addEventListener('ready', function (event) {
      if (gen !== generation) return;
      var ready = JSON.parse(event.data);
      setStatus('Live: ' + id + ' (version ' + ready.version + '), pushed by the server', false);
      status.setAttribute('data-live', 'on');
    });
    source.addEventListener('change', function (event) {
      if (gen !== generation) return;
      var change = JSON.parse(event.data);
      latest = Math.max(latest, change.version);
      if (selected === null) { highlight(activeIds(change.stateValue)); markTransition(change.decision); renderDecision(change.decision); }
      setStatus('Live: ' + id + ' (version ' + change.version + ') at ' + new Date().toLocaleTimeString(), false);
      loadContact(gen);
      refreshContacts(false);
    });
    source.onerror = function () {
      if (gen !== generation) return;
      status.setAttribute('data-live', 'off');
      // EventSource reconnects by itself (sending Last-Event-ID); CLOSED means the host refused the stream.
      setStatus(source.readyState === EventSource.CLOSED ? 'the live stream was refused; watch the contact again' : 'connection lost: reconnecting and resuming from version ' + latest + '…', true);
    };
  }

  function watch(id) {
    id = String(id).trim();
    generation += 1;
    var gen = generation;
    if (stream !== null) { stream.close(); stream = null; }
    watched = null; latest = 0; selected = null;
    highlight([]); markTransition(null); travelControls();
    if (id === '') { setStatus('Enter a contact id, or pick one below, to follow it live.', false); return; }
    if (!ID_PATTERN.test(id)) { setStatus('“' + id + '” is not a contact id: 1-64 letters, digits, “_” or “-”.', true); return; }
    watched = id;
    setStatus('Loading ' + id + '…', false);
    history.replaceState(null, '', '#contact=' + encodeURIComponent(id));
    loadContact(gen).then(function (version) {
      if (version !== null && gen === generation) openStream(id, version, gen);
    });
  }

  $('contact-form').addEventListener('submit', function (event) { event.preventDefault(); watch($('contact-id').value); });

  // ---- the playground ----
  var playground = $('playground-form');
  if (playground) {
    $('playground-contact').value = 'playground-' + Math.random().toString(36).slice(2, 8);
    playground.addEventListener('submit', function (event) {
      event.preventDefault();
      var contactId = $('playground-contact').value.trim();
      var text = $('playground-text').value;
      api('/api/playground', { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify({ contactId: contactId, text: text }) })
        .then(function (answer) {
          if (!answer.ok) { setStatus(errorText(answer), true); return; }
          $('playground-text').value = '';
          if (watched !== contactId) { $('contact-id').value = contactId; watch(contactId); }
          refreshContacts(false);
        })
        .catch(function (error) { setStatus(error.message, true); });
    });
  }

  // ---- #contact=<id> in the address ----
  function fromHash() {
    var match = /^#contact=(.*)$/.exec(location.hash);
    if (!match) return;
    var id;
    try { id = decodeURIComponent(match[1]); }
    catch (error) { setStatus('The address’s #contact= part is not valid percent-encoding; enter the contact id instead.', true); return; }
    if (id === watched) return;
    $('contact-id').value = id;
    watch(id);
  }
  window.addEventListener('hashchange', fromHash);
  fromHash();
  refreshContacts(false);
  setInterval(function () { if (!document.hidden) refreshContacts(false); }, 15000);
})();
