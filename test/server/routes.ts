// Every route the host serves, as (method, path template): the bad-input and fuzz suites walk all of them.
export type RouteMethod = 'GET' | 'POST';

export interface HostRoute {
  method: RouteMethod;
  /** `:id` marks the contact-id segment. */
  path: string;
}

export const HOST_ROUTES: readonly HostRoute[] = [
  { method: 'POST', path: '/webhooks/ghl' },
  { method: 'GET', path: '/healthz' },
  { method: 'GET', path: '/readyz' },
  { method: 'GET', path: '/metrics' },
  { method: 'GET', path: '/openapi.json' },
  { method: 'GET', path: '/v1/bots/health' },
  { method: 'GET', path: '/v1/policy' },
  { method: 'GET', path: '/v1/patterns' },
  { method: 'GET', path: '/v1/contacts/:id' },
  { method: 'GET', path: '/v1/contacts/:id/journal' },
  { method: 'GET', path: '/v1/contacts/:id/messages' },
  { method: 'GET', path: '/v1/contacts/:id/effects/failed' },
  { method: 'POST', path: '/v1/contacts/:id/takeover' },
  { method: 'POST', path: '/v1/contacts/:id/release' },
  { method: 'GET', path: '/v1/contacts' },
  { method: 'GET', path: '/v1/contacts/:id/versions/1' },
  { method: 'GET', path: '/inspect' },
  { method: 'GET', path: '/inspect/layout.json' },
  { method: 'GET', path: '/inspect/inspector.js' },
  { method: 'GET', path: '/inspect/contacts/:id' },
  { method: 'GET', path: '/inspect/api/contacts' },
  { method: 'GET', path: '/inspect/api/contacts/:id/versions/1' },
  { method: 'POST', path: '/inspect/api/playground' },
  { method: 'POST', path: '/inspect/session' },
];

export const ID_ROUTES = HOST_ROUTES.filter((route) => route.path.includes(':id'));

/** Percent-encodings decodeURIComponent refuses: lone `%`, non-hex digits, truncated and invalid UTF-8. */
export const MALFORMED_ENCODINGS = ['%', '%ZZ', '%4', '%%', '%E0%A4%A', '%C0', '%FF', '%u0041', 'a%2', '%ED%A0%80'] as const;

/** pino's numeric level for `error`; `fatal` is 60. */
export const ERROR_LEVEL = 50;

/** The log lines at error level or above (each line is one JSON object). */
export function errorLines(lines: readonly string[]): string[] {
  return lines.filter((line) => {
    try {
      const value = JSON.parse(line) as { level?: unknown };
      return typeof value.level === 'number' && value.level >= ERROR_LEVEL;
    } catch {
      return true;
    }
  });
}
