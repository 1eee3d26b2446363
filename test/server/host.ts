// Builds the host as main.ts does (real engine, memory store, in-process dispatcher) for in-process tests.
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../server/app';
import { createInspectRouter } from '../../server/inspect/router';
import { createEngine } from '../../services/engine/engine';
import type { Engine } from '../../services/engine/types';
import { createInProcessDispatcher, type InProcessDispatcher } from '../../services/effects/in-process';
import { createSinkSender } from '../../services/effects/senders';
import { createMetrics, type Metrics } from '../../services/observability/metrics';
import { createMemoryStore } from '../../services/store/memory';
import type { ContactStore } from '../../services/store/types';
import { memoryLogger } from './support';

export interface HostOptions {
  adminToken?: string;
  publicKeyPem?: string;
  /** 0 turns the message-time window off (the default here, so fixed dates work). */
  maxClockSkewMs?: number;
  maxMessageAgeMs?: number;
  /** Mount the statechart inspector at /inspect (the browser suite). */
  inspect?: boolean;
}

export interface TestHost {
  app: ReturnType<typeof createApp>;
  engine: Engine;
  store: ContactStore;
  metrics: Metrics;
  dispatcher: InProcessDispatcher;
  logLines: string[];
  /** Counts engine.handleInbound and engine.erase calls: "state untouched" means both stay 0. */
  calls: { handleInbound: number; erase: number };
  close(): Promise<void>;
}

export function createTestHost(options: HostOptions = {}): TestHost {
  const store = createMemoryStore();
  const { logger, lines } = memoryLogger();
  const metrics = createMetrics();
  const calls = { handleInbound: 0, erase: 0 };
  const dispatcher = createInProcessDispatcher({
    store,
    sender: createSinkSender(logger),
    logger,
    metrics,
    policy: { attempts: 3, baseDelayMs: 10, maxDelayMs: 100, blockedDelayMs: 10 },
  });
  const real = createEngine({
    store,
    dispatcher,
    window: { maxClockSkewMs: options.maxClockSkewMs ?? 0, maxMessageAgeMs: options.maxMessageAgeMs ?? 7_200_000 },
  });
  const engine: Engine = {
    ...real,
    handleInbound: (message) => {
      calls.handleInbound += 1;
      return real.handleInbound(message);
    },
    erase: (contactId) => {
      calls.erase += 1;
      return real.erase(contactId);
    },
  };
  const config = {
    ...(options.adminToken === undefined ? {} : { ADMIN_TOKEN: options.adminToken }),
    ...(options.publicKeyPem === undefined ? {} : { GHL_WEBHOOK_PUBLIC_KEY: options.publicKeyPem }),
  };
  const app = createApp({
    engine,
    store,
    config,
    logger,
    metrics,
    ...(options.inspect === true ? { inspect: createInspectRouter({ engine: real }) } : {}),
  });
  return {
    app,
    engine,
    store,
    metrics,
    dispatcher,
    logLines: lines,
    calls,
    async close() {
      await dispatcher.close();
      await store.close();
    },
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
