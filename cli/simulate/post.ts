// Posts simulated contacts' messages to a host's POST /webhooks/ghl: contacts in parallel, each contact's messages in order, 429s retried.
import { sign, type KeyObject } from 'node:crypto';
import type { SimulatedContact, SimulatedMessage } from './traffic';

export interface PostOptions {
  url: string;
  concurrency: number;
  locationId: string;
  /** Ed25519 key to sign bodies with (hosts with GHL_WEBHOOK_PUBLIC_KEY); none when null. */
  signingKey: KeyObject | null;
  onMessage?: () => void;
}

export interface PostSummary {
  messages: number;
  /** HTTP status → count (after retries). */
  statuses: Record<string, number>;
  /** Decision kind → count, from the host's answers. */
  decisions: Record<string, number>;
  duplicates: number;
  retries: number;
  errors: string[];
  seconds: number;
}

const MAX_ATTEMPTS = 6;

function payload(contact: SimulatedContact, message: SimulatedMessage, locationId: string): string {
  return JSON.stringify({
    type: 'InboundMessage',
    locationId,
    contactId: contact.contactId,
    conversationId: `conv-${contact.contactId}`,
    messageId: message.messageId,
    body: message.text,
    messageType: 'SMS',
    direction: 'inbound',
    contentType: 'text/plain',
    dateAdded: new Date(message.at).toISOString(),
  });
}

function decisionKind(body: unknown): string | null {
  if (typeof body !== 'object' || body === null || !('decision' in body)) return null;
  const decision: unknown = body.decision;
  return typeof decision === 'object' && decision !== null && 'kind' in decision && typeof decision.kind === 'string' ? decision.kind : null;
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function postTraffic(contacts: readonly SimulatedContact[], options: PostOptions): Promise<PostSummary> {
  const endpoint = new URL('/webhooks/ghl', options.url).toString();
  const summary: PostSummary = { messages: 0, statuses: {}, decisions: {}, duplicates: 0, retries: 0, errors: [], seconds: 0 };
  const started = performance.now();
  const queue = [...contacts].sort((a, b) => (a.messages[0]?.at ?? 0) - (b.messages[0]?.at ?? 0));
  let next = 0;

  async function send(contact: SimulatedContact, message: SimulatedMessage): Promise<void> {
    const body = payload(contact, message, options.locationId);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (options.signingKey !== null) headers['x-ghl-signature'] = sign(null, Buffer.from(body), options.signingKey).toString('base64');
    for (let attempt = 1; ; attempt += 1) {
      let status: number;
      let answer: unknown = null;
      let retryAfterMs = 200 * attempt;
      try {
        const response = await fetch(endpoint, { method: 'POST', headers, body });
        status = response.status;
        answer = await response.json().catch(() => null);
        const retryAfter = Number(response.headers.get('retry-after'));
        if (Number.isFinite(retryAfter) && retryAfter > 0) retryAfterMs = Math.min(retryAfter * 1000, 5_000);
      } catch (error) {
        status = 0;
        answer = { error: error instanceof Error ? error.message : String(error) };
      }
      const retry = (status === 429 || status === 0) && attempt < MAX_ATTEMPTS;
      if (retry) {
        summary.retries += 1;
        await pause(retryAfterMs);
        continue;
      }
      summary.messages += 1;
      summary.statuses[String(status)] = (summary.statuses[String(status)] ?? 0) + 1;
      const kind = decisionKind(answer);
      if (kind !== null) summary.decisions[kind] = (summary.decisions[kind] ?? 0) + 1;
      if (typeof answer === 'object' && answer !== null && 'duplicate' in answer) summary.duplicates += 1;
      if (status !== 200 && summary.errors.length < 10) summary.errors.push(`${contact.contactId}/${message.messageId}: ${status} ${JSON.stringify(answer)}`);
      options.onMessage?.();
      return;
    }
  }

  async function worker(): Promise<void> {
    for (let contact = queue[next++]; contact !== undefined; contact = queue[next++]) {
      for (const message of contact.messages) await send(contact, message);
    }
  }

  await Promise.all(Array.from({ length: Math.max(1, options.concurrency) }, () => worker()));
  summary.seconds = (performance.now() - started) / 1000;
  return summary;
}
