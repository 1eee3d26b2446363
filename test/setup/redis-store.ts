// A Redis store under a fresh key prefix for one test, with a raw connection and contact 'c''s key names to look underneath it; closed afterwards.
import type { Redis } from 'ioredis';
import type { RetentionRules } from '../../domain/policy';
import { contactKeys, type ContactKeys } from '../../services/store/keys';
import { createRedisStore } from '../../services/store/redis';
import type { ContactStore } from '../../services/store/types';
import type { TestRedis } from './redis';

export interface StoreUnderTest {
  store: ContactStore;
  /** A plain connection, to write what an older host wrote or to read what the store wrote. */
  admin: Redis;
  /** The key names of contact 'c' under the test's prefix. */
  keys: ContactKeys;
}

export async function withRedisStore(redis: TestRedis, run: (under: StoreUnderTest) => Promise<void>, retention?: RetentionRules): Promise<void> {
  const prefix = redis.nextPrefix();
  const store = createRedisStore({ url: redis.url, prefix, ...(retention === undefined ? {} : { retention }) });
  try {
    await run({ store, admin: redis.connect(), keys: contactKeys(prefix, 'c') });
  } finally {
    await store.close();
  }
}
