// The Redis store's compact encodings next to what older hosts wrote: entries in the old shapes still read, the age trim reads both, and the new shape is what gets written.
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../domain/policy';
import { processedMember } from '../../services/store/keys';
import { encodeRecordBody, packageHash } from '../../services/store/record-codec';
import { useTestRedis } from '../setup/redis';
import { withRedisStore } from '../setup/redis-store';
import { encodeJournalEntry } from '../../services/store/journal-codec';
import { encodeTranscriptEntry } from '../../services/store/transcript-codec';
import type { JournalEntry } from '../../services/store/types';
import { commitInput, inbound, journalEntry } from './fixtures';

const redis = useTestRedis();
const DAY = 24 * 3_600_000;

/** A journal entry of version `version` at `at`, its event enriched with every bot at P95 300 ms over 30 samples (SLA 1,800 ms). */
function withHealth(version: number, at: number): JournalEntry {
  const bot = { p95Ms: 300, errorRate: 0, samples: 30, slaMs: 1800 };
  return {
    ...journalEntry(version, `m${version}`),
    decision: { ...journalEntry(version, `m${version}`).decision, at },
    input: {
      event: {
        type: 'MESSAGE_RECEIVED',
        messageId: `m${version}`,
        text: `text ${version}`,
        at,
        intent: { target: null, goal: null, confidence: 0, pattern: '', scores: { buyer: 0, seller: 0 }, command: null },
        facts: {},
        health: { lead: bot, buyer: bot, seller: bot },
        thresholds: {},
      },
      reply: null,
    },
  };
}

describe('redis store: stored shapes', () => {
  it('reads journal entries an older host stored in the full shape beside the compact ones it writes now, and trims both by age', async () => {
    await withRedisStore(
      redis,
      async ({ store, admin, keys }) => {
        await store.commit(commitInput('c', 0, 'm1'));
        // An older host's entry (full JSON, decision.at = 2) on top of it, as it would have written version 2.
        const old = journalEntry(2, 'm2');
        await admin.lpush(keys.journal, JSON.stringify(old));
        await admin.set(keys.record, `2:${JSON.stringify({ machineVersion: 1, version: 2, snapshot: null })}`);
        const input = commitInput('c', 2, 'm3');
        await store.commit(input);
        const stored = await admin.lrangeBuffer(keys.journal, 0, -1);
        expect(stored.map((bytes) => /^[0-9a-z]+;[^:]*:y/.test(bytes.toString('latin1')))).toEqual([true, false, true]);
        expect(JSON.parse(stored[1]?.toString() ?? '{}')).toHaveProperty('decision');
        expect(await store.journal('c', 10)).toEqual([{ ...input.journal, version: 3 }, old, journalEntry(1, 'm1')]);

        // Eleven days later every entry (both shapes, times 1..3) is older than the 10-day history: only the new one stays.
        const late = commitInput('c', 3, 'm4');
        const lateEntry = { ...late.journal, decision: { ...late.journal.decision, at: 11 * DAY } };
        await store.commit({ ...late, journal: lateEntry });
        expect(await store.journal('c', 10)).toEqual([{ ...lateEntry, version: 4 }]);
      },
      { ...DEFAULT_POLICY.retention, historyMaxAgeMs: 10 * DAY }
    );
  });

  it('reads transcript lines older hosts stored as objects and as compact arrays beside the packed ones, and trims all three by age', async () => {
    await withRedisStore(
      redis,
      async ({ store, admin, keys }) => {
        const old = inbound('an older host wrote this', 1, 'm0');
        const compact = inbound('a later host wrote this', 1, 'm00');
        await admin.rpush(keys.transcript, JSON.stringify(old), encodeTranscriptEntry('c', compact));
        const reply = { direction: 'outbound' as const, text: 'hi', at: 2, bot: 'lead' as const, asks: ['budget' as const], messageId: 'c:m1:0' };
        await store.commit(commitInput('c', 0, 'm1', { transcript: [inbound('new', 2, 'm1'), reply] }));
        const stored = await admin.lrangeBuffer(keys.transcript, 0, -1);
        expect(stored.map((bytes) => /^2;z/.test(bytes.toString('latin1')))).toEqual([false, false, true, true]);
        expect(await store.transcript('c')).toEqual([old, compact, inbound('new', 2, 'm1'), reply]);

        const late = commitInput('c', 1, 'm2', { transcript: [inbound('late', 11 * DAY, 'm2')] });
        await store.commit({ ...late, journal: { ...late.journal, decision: { ...late.journal.decision, at: 11 * DAY } } });
        expect(await store.transcript('c')).toEqual([inbound('late', 11 * DAY, 'm2')]);
      },
      { ...DEFAULT_POLICY.retention, historyMaxAgeMs: 10 * DAY }
    );
  });

  it("honours an older host's per-message processed key in every check, and writes marks into the contact's one set", async () => {
    const lockOptions = { ttlMs: 5_000, waitMs: 0 };
    await withRedisStore(
      redis,
      async ({ store, admin, keys }) => {
        await admin.set(keys.legacyProcessed('old'), '1', 'PX', 60_000);
        expect(await store.isProcessed('c', 'old')).toBe(true);
        expect((await store.acquireAndLoad?.('c', 'old', lockOptions))?.status).toBe('duplicate');
        expect(await store.commit(commitInput('c', 0, 'old'))).toEqual({ status: 'duplicate' });

        expect(await store.commit(commitInput('c', 0, 'new'))).toMatchObject({ status: 'committed', version: 1 });
        expect(await admin.exists(keys.legacyProcessed('new'))).toBe(0);
        expect(await store.isProcessed('c', 'new')).toBe(true);
        expect((await store.acquireAndLoad?.('c', 'new', lockOptions))?.status).toBe('duplicate');
        expect(await store.commit(commitInput('c', 1, 'new'))).toEqual({ status: 'duplicate' });
      }
    );
  });

  it('treats a mark older than processedIdsMs as gone (and drops it at the next mark), and hashes ids too long for a small set', async () => {
    await withRedisStore(
      redis,
      async ({ store, admin, keys }) => {
        const week = DEFAULT_POLICY.retention.processedIdsMs;
        await admin.zadd(keys.seen, Date.now() - week - 1_000, 'expired', Date.now() - week + 60_000, 'recent');
        expect(await store.isProcessed('c', 'expired')).toBe(false);
        expect(await store.isProcessed('c', 'recent')).toBe(true);
        const long = `derived-${'f'.repeat(64)}`;
        expect(await store.commit(commitInput('c', 0, long))).toMatchObject({ status: 'committed', version: 1 });
        expect((await admin.zrange(keys.seen, '0', '-1')).sort()).toEqual(['recent', processedMember(long)].sort());
        expect(processedMember(long)).toMatch(/^#[0-9a-f]{40}$/);
        expect(processedMember('#short')).not.toBe('#short');
        expect(await store.isProcessed('c', long)).toBe(true);
        expect(await admin.call('OBJECT', 'ENCODING', keys.seen)).toBe('listpack');

        await store.erase('c', 'delete-1');
        expect(await store.isProcessed('c', 'delete-1')).toBe(true);
        expect(await store.isProcessed('c', long)).toBe(true);
      }
    );
  });

  it("reads an older host's record hash, commits over it (checking its version) and leaves a string; refuses a string without its version", async () => {
    const lockOptions = { ttlMs: 5_000, waitMs: 0 };
    await withRedisStore(
      redis,
      async ({ store, admin, keys }) => {
        const old = { machineVersion: 1, version: 3, snapshot: { value: 'lead' } };
        await admin.hset(keys.record, 'v', '3', 'data', JSON.stringify(old));
        expect(await store.load('c')).toEqual(old);
        const locked = await store.acquireAndLoad?.('c', 'm1', lockOptions);
        expect(locked?.status === 'locked' ? locked.record : null).toEqual(old);
        if (locked?.status === 'locked') await locked.lock.release();
        await expect(store.commit(commitInput('c', 2, 'm1'))).rejects.toThrow();
        expect(await store.commit(commitInput('c', 3, 'm1'))).toMatchObject({ status: 'committed', version: 4 });
        expect(await admin.type(keys.record)).toBe('string');
        expect((await store.load('c'))?.version).toBe(4);
        expect(await store.commit(commitInput('c', 4, 'm2'))).toMatchObject({ status: 'committed', version: 5 });

        await admin.set(keys.record, JSON.stringify(old).slice(1));
        await expect(store.load('c')).rejects.toThrow(/version/);
        await expect(store.acquireAndLoad?.('c', 'm3', lockOptions)).rejects.toThrow();
        expect(await admin.exists(keys.lock)).toBe(0);
        await expect(store.commit(commitInput('c', 5, 'm3'))).rejects.toThrow();
      }
    );
  });

  it('keeps bot health once for a run of entries that repeat it (the older ones say "the same as the next newer"), and reads every entry back whole', async () => {
    const bot = (p95Ms: number, samples: number) => ({ p95Ms, errorRate: 0, samples, slaMs: 1800 });
    const withHealth = (version: number, p95Ms: number): JournalEntry => ({
      ...journalEntry(version, `m${version}`),
      input: {
        event: {
          type: 'MESSAGE_RECEIVED',
          messageId: `m${version}`,
          text: `text ${version}`,
          at: version,
          intent: { target: null, goal: null, confidence: 0, pattern: '', scores: { buyer: 0, seller: 0 }, command: null },
          facts: {},
          health: { lead: bot(p95Ms, 30), buyer: bot(120, 40), seller: bot(0, 0) },
          thresholds: {},
        },
        reply: null,
      },
    });
    await withRedisStore(redis, async ({ store, admin, keys }) => {
      const written = [withHealth(1, 300), withHealth(2, 300), withHealth(3, 300), withHealth(4, 310), withHealth(5, 310)];
      for (const [i, entry] of written.entries()) await store.commit({ ...commitInput('c', i, `m${i + 1}`), journal: entry });
      // A packed entry's health is its second field (journal-pack.ts: `<at36>;<health>:`): `0` = the same as the next newer entry's.
      const stored = (await admin.lrangeBuffer(keys.journal, 0, -1)).map((bytes) => bytes.toString('latin1').split(':')[0]?.split(';')[1]);
      expect(stored.map((health) => health === '0')).toEqual([false, true, false, true, true]);
      expect(await store.journal('c', 10)).toEqual([...written].reverse());
      // Trimming drops the oldest first, so an entry's newer neighbour is always there.
      expect(await store.journal('c', 2)).toEqual([written[4], written[3]]);
    });
  });

  it('reads the compact JSON entries an older version wrote beside packed ones, keeps a compact head\'s health (another form than the new entry\'s), and trims both by age', async () => {
    await withRedisStore(
      redis,
      async ({ store, admin, keys }) => {
        const compact = [withHealth(1, 1), withHealth(2, 2)];
        for (const entry of compact) await admin.lpush(keys.journal, encodeJournalEntry(entry));
        await admin.set(keys.record, `2:${JSON.stringify({ machineVersion: 1, version: 2, snapshot: null })}`);
        const packed = withHealth(3, 3);
        await store.commit({ ...commitInput('c', 2, 'm3'), journal: packed });
        const [head, second] = await admin.lrangeBuffer(keys.journal, 0, 1);
        // p95 300 and 30 samples in base 36; the lead bot's SLA is not its default (1,500), so it is kept, after 0 errors.
        expect(head?.toString('latin1')).toMatch(/^3;8c\.u\.0\.1e0,8c\.u,8c\.u:y/);
        expect(JSON.parse(second?.toString() ?? '{}')).toMatchObject({ n: 2, e: { h: [[300, 0, 30, 1800], [300, 0, 30, 1800], [300, 0, 30, 1800]] } });
        expect(await store.journal('c', 10)).toEqual([packed, ...[...compact].reverse()]);

        const late = withHealth(4, 11 * DAY);
        await store.commit({ ...commitInput('c', 3, 'm4'), journal: late });
        expect(await store.journal('c', 10)).toEqual([late]);
      },
      { ...DEFAULT_POLICY.retention, historyMaxAgeMs: 10 * DAY }
    );
  });

  it('reads entries and lines packed with decimal times and JSON health as hosts wrote them before base 36, shortens only new-form heads, and trims both forms by age', async () => {
    // Written by journal-pack.ts and transcript-pack.ts at 84304e3 for withHealth(1, 1), withHealth(2, 2) and
    // inbound('an older host packed this', 1, 'm1'); version 1's health then `0`, as that commit.lua rewrote it when
    // version 2 repeated it.
    const old1 = Buffer.from('MTpbWzMwMCwwLDMwLDE4MDBdLFszMDAsMCwzMCwxODAwXSxbMzAwLDAsMzAsMTgwMF1dOnlDLqxzDUmPHLB2kIfhUZNYnA2p+eB+BI+WGhKKnloA', 'base64');
    const old2 = Buffer.from('MjpbWzMwMCwwLDMwLDE4MDBdLFszMDAsMCwzMCwxODAwXSxbMzAwLDAsMzAsMTgwMF1dOnlDLqhyjUiPHLB2kIfhUZNYnA2p+eB+BI+WGhGKnloA', 'base64');
    const oldLine = Buffer.from('MTp6A6lKzFPIzwEli4z84hKFgkRQUxxckkD9oZRrqBQLAA==', 'base64');
    const old1Shortened = Buffer.concat([Buffer.from('1:0'), old1.subarray(old1.indexOf(':y'))]);
    await withRedisStore(
      redis,
      async ({ store, admin, keys }) => {
        await admin.lpush(keys.journal, old1Shortened, old2);
        await admin.rpush(keys.transcript, oldLine);
        await admin.set(keys.record, `2:${JSON.stringify({ machineVersion: 1, version: 2, snapshot: null })}`);
        expect(await store.journal('c', 10)).toEqual([withHealth(2, 2), withHealth(1, 1)]);
        expect(await store.transcript('c')).toEqual([inbound('an older host packed this', 1, 'm1')]);

        // Version 3 repeats the health, but the old head holds it as JSON tuples: kept as it is. Version 4's head is new: shortened.
        await store.commit({ ...commitInput('c', 2, 'm3'), journal: withHealth(3, 3) });
        await store.commit({ ...commitInput('c', 3, 'm4'), journal: withHealth(4, 4) });
        const fields = (await admin.lrangeBuffer(keys.journal, 0, -1)).map((bytes) => /^[^:]*:[^:]*:/.exec(bytes.toString('latin1'))?.[0] ?? /^[^:]*:/.exec(bytes.toString('latin1'))?.[0]);
        expect(fields).toEqual(['4;8c.u.0.1e0,8c.u,8c.u:', '3;0:', '2:[[300,0,30,1800],[300,0,30,1800],[300,0,30,1800]]:', '1:0:']);
        expect(await store.journal('c', 10)).toEqual([4, 3, 2, 1].map((version) => withHealth(version, version)));
        expect(await store.transcript('c')).toEqual([inbound('an older host packed this', 1, 'm1'), inbound('message 3', 3, 'm3'), inbound('message 4', 4, 'm4')]);

        // Eleven days later every entry and line (both forms, times 1..4) is older than the 10-day history: only the new ones stay.
        const late = commitInput('c', 4, 'm5', { transcript: [inbound('late', 11 * DAY, 'm5')] });
        await store.commit({ ...late, journal: withHealth(5, 11 * DAY) });
        expect(await store.journal('c', 10)).toEqual([withHealth(5, 11 * DAY)]);
        expect(await store.transcript('c')).toEqual([inbound('late', 11 * DAY, 'm5')]);
      },
      { ...DEFAULT_POLICY.retention, historyMaxAgeMs: 10 * DAY }
    );
  });

  describe('the handoff package, kept in the record', () => {
    const pkg = { from: 'lead', to: 'buyer', at: 1, expiresAt: 2, facts: { goal: 'buy' } };
    const withPackage = (version: number, contextPackage: unknown) => ({ machineVersion: 1, version, snapshot: { value: 'buyer', context: { n: version, contextPackage } } });

    it("stores the snapshot's own package as a reference, keeps it while later snapshots hold it, and keeps it whole once they do not", async () => {
      await withRedisStore(redis, async ({ store, admin, keys }) => {
        const json = JSON.stringify(pkg);
        await store.commit(commitInput('c', 0, 'm1', { record: withPackage(1, pkg), contextPackage: { json, ttlMs: 60_000 } }));
        const first = (await admin.getBuffer(keys.record)) ?? Buffer.alloc(0);
        expect(first.toString('latin1')).toMatch(/^1:![0-9a-z]+=[0-9a-f]{16}:z/);
        expect(first.includes(json)).toBe(false);
        expect(await admin.exists(keys.package)).toBe(0);
        expect(await store.contextPackage('c')).toBe(json);
        expect(await store.load('c')).toEqual(withPackage(1, pkg));

        await store.commit(commitInput('c', 1, 'm2', { record: withPackage(2, pkg) }));
        expect(await admin.get(keys.record)).toMatch(/^2:![0-9a-z]+=[0-9a-f]{16}:z/);
        expect(await store.contextPackage('c')).toBe(json);

        // The snapshot drops its package without a new one being committed: the kept package is still the last one committed.
        await store.commit(commitInput('c', 2, 'm3', { record: withPackage(3, null) }));
        expect(await admin.get(keys.record)).toMatch(new RegExp(`^3:![0-9a-z]+\\+${json.length}:${json.replace(/[{}+.]/g, '\\$&')}z`));
        expect(await store.contextPackage('c')).toBe(json);
        expect(await store.load('c')).toEqual(withPackage(3, null));
        await store.commit(commitInput('c', 3, 'm4'));
        expect(await store.contextPackage('c')).toBe(json);
        expect((await store.journal('c', 10)).map((entry) => entry.version)).toEqual([4, 3, 2, 1]);
      });
    });

    it('keeps a package that is not the snapshot\'s as given (any text), and a newer one replaces it', async () => {
      await withRedisStore(redis, async ({ store, admin, keys }) => {
        await store.commit(commitInput('c', 0, 'm1', { contextPackage: { json: 'über:{"n":1}', ttlMs: 60_000 } }));
        expect(await store.contextPackage('c')).toBe('über:{"n":1}');
        await store.commit(commitInput('c', 1, 'm2', { record: withPackage(2, pkg), contextPackage: { json: JSON.stringify(pkg), ttlMs: 60_000 } }));
        expect(await admin.get(keys.record)).toMatch(/^2:![0-9a-z]+=/);
        expect(await store.contextPackage('c')).toBe(JSON.stringify(pkg));

        // The snapshot read back through its schema may hold the package's keys in another order: still the same package.
        const reordered = { facts: pkg.facts, expiresAt: pkg.expiresAt, at: pkg.at, to: pkg.to, from: pkg.from };
        await store.commit(commitInput('c', 2, 'm3', { record: withPackage(3, reordered) }));
        expect(await admin.get(keys.record)).toMatch(/^3:![0-9a-z]+=/);
        expect(JSON.parse((await store.contextPackage('c')) ?? 'null')).toEqual(pkg);
      });
    });

    it("reads an older host's package key, and the next commit carries it (and its expiry) into the record", async () => {
      await withRedisStore(redis, async ({ store, admin, keys }) => {
        await admin.set(keys.record, `1:${JSON.stringify(withPackage(1, pkg))}`);
        await admin.set(keys.package, '{"old":true}', 'PX', 60_000);
        expect(await store.contextPackage('c')).toBe('{"old":true}');
        await store.commit(commitInput('c', 1, 'm2'));
        expect(await admin.exists(keys.package)).toBe(0);
        const [, expiresAt] = /^2:@(\d+)\+12:\{"old":true\}z/.exec((await admin.get(keys.record)) ?? '') ?? [];
        expect(Number(expiresAt) - Date.now()).toBeGreaterThan(50_000);
        expect(Number(expiresAt) - Date.now()).toBeLessThanOrEqual(60_000);
        expect(await store.contextPackage('c')).toBe('{"old":true}');
      });
    });

    it("keeps the contact's location after the package section through commits that say none, the package's rewrite included", async () => {
      await withRedisStore(redis, async ({ store, admin, keys }) => {
        const json = JSON.stringify(pkg);
        await store.commit(commitInput('c', 0, 'm1', { record: withPackage(1, pkg), contextPackage: { json, ttlMs: 60_000 }, location: 'loc:1' }));
        expect(await admin.get(keys.record)).toMatch(/^1:![0-9a-z]+=[0-9a-f]{16}:~5:loc:1z/);
        await store.commit(commitInput('c', 1, null, { record: withPackage(2, pkg) }));
        expect(await admin.get(keys.record)).toMatch(/^2:![0-9a-z]+=[0-9a-f]{16}:~5:loc:1z/);
        // The snapshot drops its package (commit.lua answers -3, the store sends it whole): the location stays behind it.
        await store.commit(commitInput('c', 2, 'm3', { record: withPackage(3, null) }));
        expect(await admin.get(keys.record)).toMatch(new RegExp(`^3:![0-9a-z]+\\+${json.length}:${json.replace(/[{}+.]/g, '\\$&')}~5:loc:1z`));
        await store.commit(commitInput('c', 3, 'm4', { location: 'loc-2' }));
        expect(await admin.get(keys.record)).toMatch(/^4:![0-9a-z]+\+\d+:.*~5:loc-2z/);
        expect(await store.contextPackage('c')).toBe(json);
        expect(await store.load('c')).toEqual(commitInput('c', 3, 'm4').record);
        expect((await store.journal('c', 10)).map((entry) => entry.version)).toEqual([4, 3, 2, 1]);

        // Without a package: the location alone, kept by an admin commit.
        await admin.del(keys.record);
        await store.commit(commitInput('c', 0, 'm5', { location: 'loc-3' }));
        await store.commit(commitInput('c', 1, null));
        expect(await admin.get(keys.record)).toMatch(/^2:~5:loc-3z/);
      });
    });

    it('keeps a section written before (`@` and the expiry in decimal) and the location behind it, then writes the base-36 form when the snapshot drops the package', async () => {
      await withRedisStore(redis, async ({ store, admin, keys }) => {
        const json = JSON.stringify(pkg);
        // As record-codec.ts wrote a reference section and a location at 84304e3.
        const section = `@${Date.now() + 60_000}=${packageHash(pkg)}:`;
        await admin.set(keys.record, Buffer.concat([Buffer.from(`1:${section}~5:loc:1`), encodeRecordBody(JSON.stringify(withPackage(1, pkg)))]));
        expect(await store.contextPackage('c')).toBe(json);
        await store.commit(commitInput('c', 1, 'm2', { record: withPackage(2, pkg) }));
        expect(await admin.get(keys.record)).toMatch(new RegExp(`^2:${section}~5:loc:1z`));
        // The snapshot drops it: commit.lua answers -3 for the old reference, the store sends it whole, in base 36.
        await store.commit(commitInput('c', 2, 'm3', { record: withPackage(3, null) }));
        expect(await admin.get(keys.record)).toMatch(new RegExp(`^3:![0-9a-z]+\\+${json.length}:${json.replace(/[{}+.]/g, '\\$&')}~5:loc:1z`));
        expect(await store.contextPackage('c')).toBe(json);

        // An expired section in the old form is dropped by the next commit.
        await admin.set(keys.record, Buffer.concat([Buffer.from(`3:@${Date.now() - 1}+2:{}~5:loc:1`), encodeRecordBody(JSON.stringify(withPackage(3, null)))]));
        expect(await store.contextPackage('c')).toBeNull();
        await store.commit(commitInput('c', 3, 'm4', { record: withPackage(4, null) }));
        expect(await admin.get(keys.record)).toMatch(/^4:~5:loc:1z/);
      });
    });

    it('drops an expired package at the next commit, and a reference the snapshot does not hold is corrupt', async () => {
      await withRedisStore(redis, async ({ store, admin, keys }) => {
        await store.commit(commitInput('c', 0, 'm1', { record: withPackage(1, pkg), contextPackage: { json: JSON.stringify(pkg), ttlMs: 30 } }));
        await new Promise((resolve) => setTimeout(resolve, 50));
        expect(await store.contextPackage('c')).toBeNull();
        await store.commit(commitInput('c', 1, 'm2', { record: withPackage(2, null) }));
        expect(await admin.get(keys.record)).toMatch(/^2:z/);
        expect(await store.contextPackage('c')).toBeNull();

        await admin.set(keys.record, `3:@${Date.now() + 60_000}=0123456789abcdef:${JSON.stringify(withPackage(3, pkg))}`);
        await expect(store.contextPackage('c')).rejects.toThrow(/package reference/);
        expect(await store.load('c')).toEqual(withPackage(3, pkg));
      });
    });
  });
});
