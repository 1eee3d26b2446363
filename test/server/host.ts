// The host as main.ts builds it (loadConfig → buildHost: memory store, in-process dispatcher), with test seams, for in-process tests.
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ConversationPolicy } from '../../domain/policy';
import type { InProcessDispatcher } from '../../services/effects/in-process';
import type { EffectDispatcher } from '../../services/effects/types';
import type { BatonEngine } from '../../services/engine/engine';
import type { Engine } from '../../services/engine/types';
import type { Metrics } from '../../services/observability/metrics';
import type { ContactStore } from '../../services/store/types';
import { loadConfig, type Config } from '../../server/config';
import { buildHost, type Host, type HostOverrides } from '../../server/wiring';
import { memoryLogger } from './support';

export interface HostOptions {
  adminToken?: string;
  publicKeyPem?: string;
  /** 0 turns the message-time window off (the default here, so fixed dates work). */
  maxClockSkewMs?: number;
  maxMessageAgeMs?: number;
  /** The inspector: always mounted at /inspect now (buildHost mounts it, as in production); callers still say when they rely on it. */
  inspect?: boolean;
  /** More environment, read by loadConfig like main.ts reads process.env (e.g. POLICY_FILE, LOCK_TTL_MS). */
  env?: Record<string, string>;
  /** Test seams handed to buildHost (classifier, clock, sender); the engine wrapper is the host's own. */
  overrides?: Omit<HostOverrides, 'wrapEngine'>;
}

export interface TestHost {
  app: Host['app'];
  /** The engine the routes call, counting calls. */
  engine: Engine;
  /** The real engine (machine, learning, policy). */
  real: BatonEngine;
  store: ContactStore;
  metrics: Metrics;
  dispatcher: InProcessDispatcher;
  config: Config;
  policy: ConversationPolicy;
  logLines: string[];
  /** Counts engine.handleInbound and engine.erase calls: "state untouched" means both stay 0. */
  calls: { handleInbound: number; erase: number };
  close(): Promise<void>;
}

/** The environment of a test host: memory store (STORE=memory, no REDIS_URL), no message window, quick effect retries. */
export function testEnv(options: HostOptions = {}): Record<string, string> {
  return {
    NODE_ENV: 'test',
    STORE: 'memory',
    LOG_LEVEL: 'info',
    MAX_CLOCK_SKEW_MS: String(options.maxClockSkewMs ?? 0),
    ...(options.maxMessageAgeMs === undefined ? {} : { MAX_MESSAGE_AGE_MS: String(options.maxMessageAgeMs) }),
    EFFECT_ATTEMPTS: '3',
    EFFECT_BACKOFF_MS: '10',
    ...(options.adminToken === undefined ? {} : { ADMIN_TOKEN: options.adminToken }),
    ...(options.publicKeyPem === undefined ? {} : { GHL_WEBHOOK_PUBLIC_KEY: options.publicKeyPem }),
    ...options.env,
  };
}

function isInProcess(dispatcher: EffectDispatcher): dispatcher is InProcessDispatcher {
  return dispatcher.kind === 'in-process' && 'idle' in dispatcher;
}

export async function createTestHost(options: HostOptions = {}): Promise<TestHost> {
  const { config, policy } = loadConfig(testEnv(options));
  const { logger, lines } = memoryLogger();
  const calls = { handleInbound: 0, erase: 0 };
  const counting = (real: BatonEngine): Engine => ({
    ...real,
    handleInbound: (message) => {
      calls.handleInbound += 1;
      return real.handleInbound(message);
    },
    erase: (contactId) => {
      calls.erase += 1;
      return real.erase(contactId);
    },
  });
  const host = await buildHost(config, logger, policy, { ...options.overrides, wrapEngine: counting });
  const { dispatcher } = host;
  if (!isInProcess(dispatcher)) throw new Error(`the test host expects the in-process dispatcher, got ${dispatcher.kind}`);
  return {
    app: host.app,
    engine: counting(host.engine),
    real: host.engine,
    store: host.store,
    metrics: host.metrics,
    dispatcher,
    config,
    policy,
    logLines: lines,
    calls,
    close: () => host.close(),
  };
}

export function keyPair(): { publicKeyPem: string; privateKey: KeyObject } {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return { publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(), privateKey };
}

export function signBody(privateKey: KeyObject, body: string | Buffer): string {
  return sign(null, Buffer.isBuffer(body) ? body : Buffer.from(body), privateKey).toString('base64');
}

let counter = 0;

/** A GoHighLevel InboundMessage as documented (no messageId unless given). */
export function inbound(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  counter += 1;
  return {
    type: 'InboundMessage',
    locationId: 'loc-1',
    contactId: 'contact-1',
    conversationId: 'conv-1',
    body: 'Hi, I saw your listing',
    messageType: 'SMS',
    direction: 'inbound',
    contentType: 'text/plain',
    status: 'delivered',
    attachments: [],
    dateAdded: new Date(Date.UTC(2024, 0, 1, 12, 0, counter)).toISOString(),
    ...overrides,
  };
}

export async function listen(app: TestHost['app']): Promise<{ url: string; server: Server; close(): Promise<void> }> {
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
