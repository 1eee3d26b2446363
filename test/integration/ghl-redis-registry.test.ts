// The Redis GoHighLevel registry, shared by every host: which effect sent each message id, and each contact's location (kept in its record).
import { describe, expect, it } from 'vitest';
import { createRedisGhlRegistry, LOCATION_REFRESH_MS, LOCATION_TTL_MS } from '../../services/ghl/registry';
import { contactKeys, ghlLocationKey } from '../../services/store/keys';
import { createRedisStore } from '../../services/store/redis';
import { commitInput } from '../contract/fixtures';
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

  it("reads each contact's location from the record its commits wrote, on any host, apart under its prefix, and writes no key of its own", async () => {
    const prefix = redis.nextPrefix();
    const store = createRedisStore({ client: redis.connect(), prefix });
    const registry = createRedisGhlRegistry(client, prefix);
    const other = createRedisGhlRegistry(client, redis.nextPrefix());
    await registry.rememberLocation('c1', 'loc-1');
    expect(await client.exists(ghlLocationKey(prefix, 'c1'))).toBe(0);
    await store.commit(commitInput('c1', 0, 'm1', { location: 'loc-1' }));
    expect(await createRedisGhlRegistry(redis.connect(), prefix).locationOf('c1')).toBe('loc-1');
    expect(await other.locationOf('c1')).toBeNull();
    // An admin commit says no location: the record keeps the one it has; the next message's replaces it.
    await store.commit(commitInput('c1', 1, null));
    expect(await createRedisGhlRegistry(client, prefix).locationOf('c1')).toBe('loc-1');
    await store.commit(commitInput('c1', 2, 'm3', { location: 'loc-2' }));
    expect(await createRedisGhlRegistry(client, prefix).locationOf('c1')).toBe('loc-2');
  });

  it('reads the location key an older host wrote while the record keeps no location, and the record once it does', async () => {
    const prefix = redis.nextPrefix();
    const store = createRedisStore({ client: redis.connect(), prefix });
    await client.set(ghlLocationKey(prefix, 'c1'), 'loc-old', 'PX', LOCATION_TTL_MS);
    expect(await createRedisGhlRegistry(client, prefix).locationOf('c1')).toBe('loc-old');
    await store.commit(commitInput('c1', 0, 'm1'));
    expect(await createRedisGhlRegistry(client, prefix).locationOf('c1')).toBe('loc-old');
    await store.commit(commitInput('c1', 1, 'm2', { location: 'loc-new' }));
    expect(await createRedisGhlRegistry(client, prefix).locationOf('c1')).toBe('loc-new');
    // An older host's record hash keeps no location either.
    await client.hset(contactKeys(prefix, 'c2').record, 'v', '1', 'data', '{}');
    expect(await createRedisGhlRegistry(client, prefix).locationOf('c2')).toBeNull();
  });

  it('answers the location its own inbound message said within LOCATION_REFRESH_MS from memory, and reads Redis for any other', async () => {
    let clock = 1_000_000;
    const prefix = redis.nextPrefix();
    const store = createRedisStore({ client: redis.connect(), prefix });
    const registry = createRedisGhlRegistry(client, prefix, () => clock);
    const otherHost = createRedisGhlRegistry(redis.connect(), prefix, () => clock);
    await registry.rememberLocation('c1', 'loc-1');
    await store.commit(commitInput('c1', 0, 'm1', { location: 'loc-from-redis' }));
    expect(await registry.locationOf('c1')).toBe('loc-1');
    expect(await otherHost.locationOf('c1')).toBe('loc-from-redis');
    clock += LOCATION_REFRESH_MS;
    expect(await registry.locationOf('c1')).toBe('loc-from-redis');
  });
});
