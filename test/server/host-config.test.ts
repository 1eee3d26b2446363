// The environment reaches the host the tests run: settings read by loadConfig are the ones buildHost wires into the engine.
import { afterEach, describe, expect, it } from 'vitest';
import { post, START } from '../e2e/webhook';
import { createTestHost, type TestHost } from './host';

describe('configured host settings', () => {
  let host: TestHost | null = null;
  afterEach(async () => {
    await host?.close();
    host = null;
  });

  it('answers 429 with Retry-After at once when LOCK_WAIT_MS=0 and another request holds the contact lock', async () => {
    host = await createTestHost({ env: { LOCK_WAIT_MS: '0' } });
    expect(host.config.LOCK_WAIT_MS).toBe(0);
    const held = await host.store.acquireLock('busy-1', { ttlMs: 60_000, waitMs: 0 });
    expect(held).not.toBeNull();
    const started = performance.now();
    const res = await post(host.app, 'busy-1', 'm-1', 'hello', START);
    const waitedMs = performance.now() - started;
    expect(res.status).toBe(429);
    expect(res.headers['retry-after']).toBe('1');
    // The 2 s default wait would still be polling for the lock.
    expect(waitedMs).toBeLessThan(1_500);
    expect(await host.store.load('busy-1')).toBeNull();
    await held?.release();
    await post(host.app, 'busy-1', 'm-1', 'hello', START).expect(200);
  });
});
