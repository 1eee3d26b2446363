// GoHighLevel API client: outbound SMS and contact custom fields, with failures classified for retry.
import { GhlApiError, parseRetryAfter } from './errors';
import { pauseFromHeaders } from './rate-headers';
import { DEFAULT_GHL_RATE_LIMITS } from './rate-budget';

export interface GhlClientOptions {
  baseUrl: string;
  token: string;
  /** The `Version` header GoHighLevel requires on every call. */
  version: string;
  timeoutMs: number;
  fetch?: typeof fetch;
  now?: () => number;
}

export interface SendSmsInput {
  contactId: string;
  message: string;
  /** Sent as `Idempotency-Key` so a CRM that honours it drops a redelivery. */
  idempotencyKey: string;
}

export interface UpdateFieldsInput {
  contactId: string;
  fields: Record<string, string>;
  idempotencyKey: string;
}

/** `pauseMs`: GoHighLevel's headers said to stop sending for this location for that long (null: carry on). */
export interface GhlClient {
  sendSms(input: SendSmsInput): Promise<{ messageId: string | null; pauseMs: number | null }>;
  updateCustomFields(input: UpdateFieldsInput): Promise<{ pauseMs: number | null }>;
}

function isTimeout(err: unknown): boolean {
  return err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
}

export function createGhlClient(options: GhlClientOptions): GhlClient {
  const doFetch = options.fetch ?? fetch;
  const now = options.now ?? Date.now;
  const base = options.baseUrl.replace(/\/+$/, '');

  async function call(method: 'POST' | 'PUT', path: string, body: unknown, idempotencyKey: string): Promise<{ json: unknown; pauseMs: number | null }> {
    let response: Response;
    try {
      response = await doFetch(`${base}${path}`, {
        method,
        headers: {
          Authorization: `Bearer ${options.token}`,
          Version: options.version,
          'Content-Type': 'application/json',
          Accept: 'application/json',
          'Idempotency-Key': idempotencyKey,
        },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(options.timeoutMs),
      });
    } catch (err) {
      if (isTimeout(err)) throw new GhlApiError('timeout', `${method} ${path} timed out after ${options.timeoutMs} ms`, null);
      throw new GhlApiError('network', `${method} ${path} failed: ${err instanceof Error ? err.message : String(err)}`, null);
    }
    let text: string;
    try {
      text = await response.text();
    } catch (err) {
      if (isTimeout(err)) throw new GhlApiError('timeout', `${method} ${path} body timed out`, response.status);
      throw new GhlApiError('network', `${method} ${path} body failed`, response.status);
    }
    const pauseMs = pauseFromHeaders(response.headers, response.status, now(), DEFAULT_GHL_RATE_LIMITS.intervalMs);
    if (response.ok) {
      if (text === '') return { json: null, pauseMs };
      try {
        return { json: JSON.parse(text) as unknown, pauseMs };
      } catch {
        return { json: null, pauseMs };
      }
    }
    const detail = `${method} ${path} answered ${response.status}`;
    if (response.status === 429) throw new GhlApiError('rate_limited', detail, 429, pauseMs);
    if (response.status >= 500 || response.status === 408) {
      throw new GhlApiError('server_error', detail, response.status, parseRetryAfter(response.headers.get('retry-after'), now()));
    }
    throw new GhlApiError('client_error', `${detail}: ${text.slice(0, 200)}`, response.status);
  }

  return {
    async sendSms(input) {
      const { json: result, pauseMs } = await call(
        'POST',
        '/conversations/messages',
        { type: 'SMS', contactId: input.contactId, message: input.message },
        input.idempotencyKey,
      );
      const messageId =
        typeof result === 'object' && result !== null && 'messageId' in result && typeof result.messageId === 'string'
          ? result.messageId
          : null;
      return { messageId, pauseMs };
    },
    async updateCustomFields(input) {
      const customFields = Object.entries(input.fields).map(([key, value]) => ({ key, field_value: value }));
      const { pauseMs } = await call('PUT', `/contacts/${encodeURIComponent(input.contactId)}`, { customFields }, input.idempotencyKey);
      return { pauseMs };
    },
  };
}
