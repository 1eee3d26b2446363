// The token form's client: posts the token as JSON and reloads, so the page's #contact= fragment survives the login.
(function () {
  'use strict';
  var form = document.getElementById('login-form');
  var error = document.getElementById('login-error');
  var base = document.body.getAttribute('data-base') || '';
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    error.textContent = '';
    fetch(base + '/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: document.getElementById('token').value }),
      credentials: 'same-origin',
    })
      .then(function (res) {
        if (res.ok) location.reload();
        else error.textContent = res.status === 401 ? 'That token is not the admin token.' : 'The host answered ' + res.status + '.';
      })
      .catch(function (e) {
        error.textContent = 'Cannot reach the host: ' + e.message;
      });
  });
})();
