// Load: thousands of webhook deliveries over many contacts at once — no 5xx, each message committed once, versions without gaps.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHost, listen, type TestHost } from '../server/host';
import { runWebhookLoad } from './webhook-load';

let host: TestHost;
let server: Awaited<ReturnType<typeof listen>>;

beforeAll(async () => {
  host = await createTestHost();
  server = await listen(host.app);
});

afterAll(async () => {
  await server.close();
  await host.close();
});

describe('webhook under load', () => {
  it('answers 4,000 messages for 50 contacts over 32 connections with no 5xx, and commits each accepted message exactly once', async () => {
    const result = await runWebhookLoad({ url: server.url, contacts: 50, requests: 4_000, connections: 32, start: Date.UTC(2026, 10, 23, 9) });
    const failures = Object.entries(result.statusCounts).filter(([status]) => status.startsWith('5') || status === 'no_answer');
    expect(failures).toEqual([]);
    const accepted = result.statusCounts['200'] ?? 0;
    const busy = result.statusCounts['429'] ?? 0;
    expect(accepted + busy).toBe(4_000);

    let committed = 0;
    for (let c = 0; c < 50; c += 1) {
      const journal = await host.store.journal(`load-${c}`, 10_000);
      const versions = journal.map((entry) => entry.version).reverse();
      expect(versions).toEqual(versions.map((_, i) => i + 1));
      expect(new Set(journal.map((entry) => entry.messageId)).size).toBe(journal.length);
      committed += journal.length;
    }
    // Every 200 is one commit; a 429 committed nothing (GoHighLevel would retry it).
    expect(committed).toBe(accepted);
    console.log(`load: ${accepted} committed, ${busy} asked to retry, p50 ${result.latencyP50Ms} ms, p99 ${result.latencyP99Ms} ms, ${Math.round(result.requestsPerSecond)} req/s`);
  });
});
