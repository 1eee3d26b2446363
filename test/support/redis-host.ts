// Hosts built as main.ts builds them (loadConfig → buildHost) on one Redis database, so several of them share it like a deployment.
import { Redis } from 'ioredis';
import type { ConversationPolicy } from '../../domain/policy';
import { loadConfig } from '../../server/config';
import { buildHost, type Host, type HostOverrides } from '../../server/wiring';
import { memoryLogger } from '../server/support';

/**
 * Each suite that runs whole hosts on Redis takes its own database number (the hosts use the
 * production key prefix `baton:`), and empties it first.
 */
export async function freshRedisDatabase(baseUrl: string, db: number): Promise<string> {
  const url = `${baseUrl.replace(/\/\d*$/, '')}/${db}`;
  const admin = new Redis(url);
  await admin.flushdb();
  await admin.quit();
  return url;
}

export async function startRedisHost(env: Record<string, string>, policy?: ConversationPolicy, overrides: HostOverrides = {}): Promise<{ host: Host; lines: string[] }> {
  const { logger, lines } = memoryLogger();
  const loaded = loadConfig({ NODE_ENV: 'test', MAX_CLOCK_SKEW_MS: '0', LOG_LEVEL: 'info', ...env });
  const host = await buildHost(loaded.config, logger, policy ?? loaded.policy, overrides);
  return { host, lines };
}
