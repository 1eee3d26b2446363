// The Redis GoHighLevel registry, shared by every host: which effect sent each message id, and each contact's location.
import { describe, expect, it } from 'vitest';
import { createRedisGhlRegistry } from '../../services/ghl/registry';
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
});
