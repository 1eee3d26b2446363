// Drives the webhook with autocannon over loopback: unique message ids spread over many contacts, bounded in count.
import autocannon from 'autocannon';

export interface LoadOptions {
  url: string;
  contacts: number;
  requests: number;
  connections: number;
  /** Message time; tests run with the time window off, so any fixed instant works. */
  start: number;
}

export interface LoadResult {
  statusCounts: Record<string, number>;
  latencyP50Ms: number;
  latencyP99Ms: number;
  requestsPerSecond: number;
  sent: number;
}

const TEXTS = ['hi there', "We're pre-approved and looking to buy", 'I need to sell my house first', 'budget is around $450k', 'in about 3 months'];

export async function runWebhookLoad(options: LoadOptions): Promise<LoadResult> {
  let sequence = 0;
  const result = await autocannon({
    url: `${options.url}/webhooks/ghl`,
    method: 'POST',
    connections: options.connections,
    amount: options.requests,
    headers: { 'content-type': 'application/json' },
    requests: [
      {
        setupRequest: (request) => {
          const n = sequence++;
          const body = {
            type: 'InboundMessage',
            locationId: 'loc-load',
            contactId: `load-${n % options.contacts}`,
            messageId: `load-msg-${n}`,
            messageType: 'SMS',
            direction: 'inbound',
            body: TEXTS[n % TEXTS.length],
            dateAdded: new Date(options.start + n * 1000).toISOString(),
          };
          return { ...request, body: JSON.stringify(body) };
        },
      },
    ],
  });
  const statusCounts: Record<string, number> = {};
  for (const [status, stats] of Object.entries(result.statusCodeStats ?? {})) statusCounts[status] = stats.count ?? 0;
  // Requests that got no answer at all (reset, timeout) count as failures, like a 5xx.
  if (result.errors > 0 || result.timeouts > 0) statusCounts['no_answer'] = result.errors + result.timeouts;
  return {
    statusCounts,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    requestsPerSecond: result.requests.average,
    sent: sequence,
  };
}
