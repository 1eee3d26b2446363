// Shared by the end-to-end stories: a fresh test host per test and a GoHighLevel InboundMessage posted to it.
import request from 'supertest';
import { afterEach } from 'vitest';
import { createTestHost, inbound, type HostOptions, type TestHost } from '../server/host';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const START = Date.UTC(2026, 10, 23, 9, 0, 0);

/** A new host per test, closed after it; call once at the top of a test file. */
export function useHosts(): (options?: HostOptions) => Promise<TestHost> {
  let host: TestHost | null = null;
  afterEach(async () => {
    await host?.close();
    host = null;
  });
  return async (options = {}) => {
    const created = await createTestHost(options);
    host = created;
    return created;
  };
}

export function post(app: TestHost['app'], contactId: string, messageId: string, body: string, at: number) {
  return request(app)
    .post('/webhooks/ghl')
    .set('content-type', 'application/json')
    .send(JSON.stringify(inbound({ contactId, messageId, body, dateAdded: new Date(at).toISOString() })));
}
