// npm run bench:many-contacts — the embedded stores as contacts pile up: message P50/P99 and commit cost for the first and the last 1,000 of 50,000 contacts.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_POLICY } from '../../domain/policy';
import { loadConfig } from '../../server/config';
import { buildHost, type Host } from '../../server/wiring';
import type { EffectSender } from '../../services/effects/types';
import { createLogger } from '../../services/observability/logger';
import type { ContactStore } from '../../services/store/types';
import { percentile } from './stats';

const CONTACTS = Number(process.env['MANY_CONTACTS'] ?? 50_000);
const WINDOW = Math.min(1_000, Math.floor(CONTACTS / 4));
/** Messages to one extra contact before timing starts, so the first window measures the store, not the JIT warming up. */
const WARMUP = Number(process.env['MANY_CONTACTS_WARMUP'] ?? 500);
const STORES = (process.env['MANY_CONTACTS_STORES'] ?? 'memory,sqlite').split(',');
const T0 = 1_700_000_000_000;
const TEXTS = ['hi, we are looking to buy a house', 'budget is around 450k', 'next spring', 'we need to sell first', 'ok thanks'];

/** Effects are delivered through the real dispatcher to a sender that answers at once. */
const sink: EffectSender = { kind: 'sink', send: async () => undefined };

interface Window {
  messageMs: number[];
  commitMs: number[];
}

function describeWindow(label: string, w: Window): string {
  const sorted = (values: number[]) => Float64Array.from(values).sort();
  const messages = sorted(w.messageMs);
  const commits = sorted(w.commitMs);
  const mean = (values: Float64Array) => values.reduce((sum, v) => sum + v, 0) / Math.max(1, values.length);
  const fmt = (ms: number) => `${ms.toFixed(3)} ms`;
  return `${label}: message p50 ${fmt(percentile(messages, 0.5))} p99 ${fmt(percentile(messages, 0.99))}; commit mean ${fmt(mean(commits))} p99 ${fmt(percentile(commits, 0.99))}`;
}

/** Times every commit the engine makes, without changing what it does. */
function timeCommits(store: ContactStore, sink: (ms: number) => void): void {
  const commit = store.commit.bind(store);
  store.commit = async (input) => {
    const started = performance.now();
    try {
      return await commit(input);
    } finally {
      sink(performance.now() - started);
    }
  };
}

async function run(kind: string): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'baton-many-'));
  const { config } = loadConfig({ STORE: kind, DATA_DIR: dataDir, MAX_CLOCK_SKEW_MS: '0', LOG_LEVEL: 'silent', NODE_ENV: 'development' });
  let host: Host | null = null;
  try {
    host = await buildHost(config, createLogger({ level: 'silent' }), DEFAULT_POLICY, { sender: sink });
    const first: Window = { messageMs: [], commitMs: [] };
    const last: Window = { messageMs: [], commitMs: [] };
    let current: Window | null = null;
    timeCommits(host.store, (ms) => current?.commitMs.push(ms));
    const rss = () => `${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`;
    for (let i = 0; i < WARMUP; i++) {
      await host.engine.handleInbound({ contactId: 'warmup', messageId: `warmup-${i}`, text: TEXTS[i % TEXTS.length] ?? 'ok', at: T0 + i, locationId: null, conversationId: null });
      await new Promise((resolve) => setImmediate(resolve));
    }
    const rssStart = rss();
    const started = performance.now();
    for (let i = 0; i < CONTACTS; i++) {
      current = i < WINDOW ? first : i >= CONTACTS - WINDOW ? last : null;
      const t0 = performance.now();
      await host.engine.handleInbound({
        contactId: `contact-${i}`,
        messageId: `many-${i}`,
        text: TEXTS[i % TEXTS.length] ?? 'ok',
        at: T0 + i,
        locationId: 'loc-bench',
        conversationId: null,
      });
      current?.messageMs.push(performance.now() - t0);
      // Requests arrive as I/O: the in-process dispatcher's timers run between messages, as in a server.
      await new Promise((resolve) => setImmediate(resolve));
    }
    const totalMs = performance.now() - started;
    console.log(`\n== ${kind}: ${CONTACTS} contacts, one message each (${((CONTACTS / totalMs) * 1000).toFixed(0)} msg/s overall; RSS ${rssStart} → ${rss()}) ==`);
    console.log(describeWindow(`first ${WINDOW}`, first));
    console.log(describeWindow(`last ${WINDOW} `, last));
    const ratio = (pick: (w: Window) => number[], p: number) => {
      const at = (w: Window) => percentile(Float64Array.from(pick(w)).sort(), p);
      return (at(last) / Math.max(1e-9, at(first))).toFixed(2);
    };
    const meanRatio = (last.commitMs.reduce((a, b) => a + b, 0) / Math.max(1, last.commitMs.length)) / Math.max(1e-9, first.commitMs.reduce((a, b) => a + b, 0) / Math.max(1, first.commitMs.length));
    console.log(`last / first: message p99 ×${ratio((w) => w.messageMs, 0.99)}, commit mean ×${meanRatio.toFixed(2)}, commit p99 ×${ratio((w) => w.commitMs, 0.99)}`);
  } finally {
    await host?.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (STORES.length === 1) {
  await run(STORES[0] ?? 'sqlite');
} else {
  // One process per store: the memory store's 50,000 contacts (RSS ~750 MB) would otherwise still be in the heap while
  // the SQLite store is timed, and their garbage collection would land in its tail (a message P99 ×1.7–2.9 instead of ×1.1).
  for (const kind of STORES) {
    const child = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url)], { stdio: 'inherit', env: { ...process.env, MANY_CONTACTS_STORES: kind } });
    if (child.status !== 0) process.exitCode = child.status ?? 1;
  }
}
