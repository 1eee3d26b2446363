// Bot health samples in the SQLite file: the same window figures as in memory, and they survive a reopen of the file.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'libsql';
import { afterAll, describe, expect, it } from 'vitest';
import { createMemorySampleStore } from '../../../services/health/samples';
import { summarise } from '../../../services/health/window';
import { createSqliteStore } from '../../../services/store/sqlite';

const root = mkdtempSync(join(tmpdir(), 'baton-sqlite-health-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const window = { windowMs: 60_000, bucketMs: 2_000 };

describe('sqlite bot-health samples', () => {
  it('reads back the buckets the memory store would hold, after the file is closed and reopened', async () => {
    const path = join(root, 'reopen', 'baton.db');
    const memory = createMemorySampleStore(window);
    const first = createSqliteStore({ path });
    const samples = first.healthSamples(window);
    for (let i = 0; i < 40; i++) {
      const sample = { at: 1_000_000 + i * 700, latencyMs: 100 + i * 40, ok: i % 5 !== 0 };
      await samples.record(i % 2 === 0 ? 'buyer' : 'seller', sample);
      await memory.record(i % 2 === 0 ? 'buyer' : 'seller', sample);
    }
    await first.close();

    const reopened = createSqliteStore({ path });
    try {
      const at = 1_000_000 + 40 * 700;
      const fromFile = await reopened.healthSamples(window).read(at);
      const fromMemory = await memory.read(at);
      expect(fromFile.buyer.length).toBeGreaterThan(0);
      expect(summarise(fromFile.buyer, 1_800)).toEqual(summarise(fromMemory.buyer, 1_800));
      expect(summarise(fromFile.seller, 1_800)).toEqual(summarise(fromMemory.seller, 1_800));
      expect(fromFile.lead).toEqual([]);
    } finally {
      await reopened.close();
    }
  });

  it('writes the counts of many calls in one flush, not one transaction per call', async () => {
    const path = join(root, 'batched', 'baton.db');
    const store = createSqliteStore({ path });
    const other = new Database(path, { readonly: true });
    try {
      const samples = store.healthSamples(window);
      for (let i = 0; i < 10; i++) await samples.record('lead', { at: 5_000, latencyMs: 100, ok: i !== 0 });
      const calls = () => other.prepare("SELECT count FROM health_buckets WHERE bot = 'lead' AND field = 'calls'").raw().get();
      expect(calls()).toBeUndefined();
      const health = summarise((await samples.read(5_000)).lead, 1_500);
      expect(health.samples).toBe(10);
      expect(health.errorRate).toBeCloseTo(0.1);
      expect(calls()).toEqual([10]);
    } finally {
      other.close();
      await store.close();
    }
  });

  it('leaves buckets older than the window out of the figures', async () => {
    const store = createSqliteStore({ path: join(root, 'window', 'baton.db') });
    try {
      const samples = store.healthSamples(window);
      await samples.record('lead', { at: 0, latencyMs: 9_000, ok: false });
      await samples.record('lead', { at: 200_000, latencyMs: 50, ok: true });
      const health = summarise((await samples.read(200_000)).lead, 1_500);
      expect(health.samples).toBe(1);
      expect(health.errorRate).toBe(0);
    } finally {
      await store.close();
    }
  });
});
