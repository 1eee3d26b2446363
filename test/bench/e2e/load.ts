// The load generator of every webhook phase: autocannon over loopback, unique InboundMessages spread over many contacts.
import autocannon from 'autocannon';

export interface PhaseSpec {
  name: string;
  /** Messages per second offered by autocannon across all connections; null = as fast as it goes (saturation). */
  rate: number | null;
  durationS: number;
  connections: number;
  /** How a fixed rate is offered: `open-loop` (open-loop.ts) or `autocannon` (its `overallRate`: bursts each second). */
  driver: RateDriver;
}

export type RateDriver = 'open-loop' | 'autocannon';

export interface PhaseResult {
  phase: string;
  rate: number | null;
  durationS: number;
  sent: number;
  ok: number;
  /** 2xx answers per second over the phase. */
  okPerS: number;
  statusCounts: Record<string, number>;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** The inbound texts the benches send, in turn (a listing question, a seller, a buyer, small talk, answers). */
export const BENCH_TEXTS = [
  'Hi, is the house on Elm St still available?',
  'I want to sell my house, what is it worth?',
  "We're pre-approved and looking to buy a 3 bed around $450k",
  'ok sounds good',
  'probably in the next 3 months',
  'budget is around $450k',
];

/** Message n goes to contact n mod `contacts`, so consecutive messages spread over every contact. */
export interface MessageSource {
  next(): string;
  readonly sent: number;
}

export function messageSource(run: string, contacts: number): MessageSource {
  let n = 0;
  return {
    get sent() {
      return n;
    },
    next() {
      const i = n;
      n += 1;
      const contactId = `${run}-c${i % contacts}`;
      return JSON.stringify({
        type: 'InboundMessage',
        // One location per contact: GoHighLevel's per-location budget (100 per 10 s) would otherwise pace every delivery.
        locationId: `loc-${contactId}`,
        contactId,
        messageId: `${run}-m${i}`,
        body: BENCH_TEXTS[i % BENCH_TEXTS.length] ?? 'ok',
        messageType: 'SMS',
        direction: 'inbound',
        // Now: inside the host's message window, as a live webhook is.
        dateAdded: new Date().toISOString(),
      });
    },
  };
}

/**
 * One phase through autocannon. With a rate, each connection sends back to back until it has made its share of the
 * current second, then waits for the next one: bursts, not an open loop (open-loop.ts is one). Saturation is what it is for.
 */
export async function runPhase(url: string, spec: PhaseSpec, source: MessageSource): Promise<PhaseResult> {
  const before = source.sent;
  const result = await autocannon({
    url: `${url}/webhooks/ghl`,
    method: 'POST',
    connections: spec.connections,
    duration: spec.durationS,
    ...(spec.rate === null ? {} : { overallRate: spec.rate }),
    headers: { 'content-type': 'application/json' },
    requests: [{ setupRequest: (request) => ({ ...request, body: source.next() }) }],
  });
  const statusCounts: Record<string, number> = {};
  for (const [status, stats] of Object.entries(result.statusCodeStats ?? {})) statusCounts[status] = stats.count ?? 0;
  if (result.errors > 0 || result.timeouts > 0) statusCounts['no_answer'] = result.errors + result.timeouts;
  const ok = result['2xx'];
  return {
    phase: spec.name,
    rate: spec.rate,
    durationS: spec.durationS,
    sent: source.sent - before,
    ok,
    okPerS: ok / Math.max(0.001, result.duration),
    statusCounts,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
  };
}
