// The inspector's token form, shown instead of the page while ADMIN_TOKEN is set and no session exists: the token goes in a POST body, never a URL.
import { documentHead } from './document-head';
import { escapeXml } from './svg';

export function renderLoginPage({ base, error }: { base: string; error: string | null }): string {
  const b = escapeXml(base);
  return `${documentHead('Baton inspector — admin token', base)}
<body class="login" data-base="${b}">
<form id="login-form" method="post" action="${b}/session" autocomplete="off">
  <h1>Baton inspector</h1>
  <p>This host has an admin token. Enter it once; the browser keeps a session cookie (12 h) and the token never appears in a URL.</p>
  <label for="token">Admin token</label>
  <input id="token" name="token" type="password" required autofocus>
  <button type="submit">Open the inspector</button>
  <p id="login-error" class="error" role="alert">${error === null ? '' : escapeXml(error)}</p>
</form>
<script src="${b}/login.js"></script>
</body>
</html>`;
}
