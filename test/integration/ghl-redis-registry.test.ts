// The Redis GoHighLevel registry, shared by every host: which effect sent each message id, and each contact's location.
import { describe, expect, it } from 'vitest';
import { createRedisGhlRegistry, LOCATION_REFRESH_MS, LOCATION_TTL_MS } from '../../services/ghl/registry';
import { ghlLocationKey } from '../../services/store/keys';
import { useTestRedis } from '../setup/redis';

const redis = useTestRedis();
const client = redis.connect();

describe('createRedisGhlRegistry', () => {
  it('tells every host which effect sent a message id, and knows no id it did not send', async () => {
    const prefix = redis.nextPrefix();
    const hostA = createRedisGhlRegistry(client, prefix);
    const hostB = createRedisGhlRegistry(redis.connect(), prefix);
    await hostA.rememberSent('msg-1', 'c1:m1:0');
    expect(await hostB.sentBy('msg-1')).toBe('c1:m1:0');
    expect(await hostB.isOwnSend('msg-1')).toBe(true);
    expect(await hostB.sentBy('a human sent this')).toBeNull();
    expect(await hostB.isOwnSend('a human sent this')).toBe(false);
  });

  it("keeps each contact's location apart under its prefix", async () => {
    const registry = createRedisGhlRegistry(client, redis.nextPrefix());
    const other = createRedisGhlRegistry(client, redis.nextPrefix());
    await registry.rememberLocation('c1', 'loc-1');
    expect(await registry.locationOf('c1')).toBe('loc-1');
    expect(await other.locationOf('c1')).toBeNull();
  });

  it("writes an unchanged location at most once per LOCATION_REFRESH_MS, and a changed one at once", async () => {
    let clock = 1_000_000;
    const prefix = redis.nextPrefix();
    const registry = createRedisGhlRegistry(client, prefix, () => clock);
    const key = ghlLocationKey(prefix, 'c1');
    await registry.rememberLocation('c1', 'loc-1');
    await client.pexpire(key, 60_000); // as if the write were old: a skipped write leaves this TTL alone
    clock += LOCATION_REFRESH_MS - 1;
    await registry.rememberLocation('c1', 'loc-1');
    expect(await client.pttl(key)).toBeLessThanOrEqual(60_000);
    await registry.rememberLocation('c1', 'loc-2');
    expect(await registry.locationOf('c1')).toBe('loc-2');
    expect(await client.pttl(key)).toBeGreaterThan(60_000);
    await client.pexpire(key, 60_000);
    clock += LOCATION_REFRESH_MS;
    await registry.rememberLocation('c1', 'loc-2');
    expect(await client.pttl(key)).toBeGreaterThan(LOCATION_TTL_MS - 60_000);
  });

  it('answers a location it wrote within LOCATION_REFRESH_MS from memory, and reads Redis for any other', async () => {
    let clock = 1_000_000;
    const prefix = redis.nextPrefix();
    const registry = createRedisGhlRegistry(client, prefix, () => clock);
    const otherHost = createRedisGhlRegistry(redis.connect(), prefix, () => clock);
    await registry.rememberLocation('c1', 'loc-1');
    await client.set(ghlLocationKey(prefix, 'c1'), 'loc-from-redis');
    expect(await registry.locationOf('c1')).toBe('loc-1');
    expect(await otherHost.locationOf('c1')).toBe('loc-from-redis');
    clock += LOCATION_REFRESH_MS;
    expect(await registry.locationOf('c1')).toBe('loc-from-redis');
  });
});
