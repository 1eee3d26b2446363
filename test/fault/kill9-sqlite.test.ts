// kill -9 of the host on its SQLite file in the middle of a stream of messages, then a restart: nothing answered is lost or doubled.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'libsql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqliteReads, type SqliteReads } from '../../services/store/sqlite-reads';
import { startFakeGhl, type FakeGhl } from '../fakes/ghl-server';
import { eventually } from '../server/support';
import { freePort } from '../setup/redis-server';
import { startHost, type HostProcess } from './host-process';

/** Phase A: handed off and settled before the kill; never written to again. */
const SETTLED = ['sq-a1', 'sq-a2', 'sq-a3'];
/** Phase B: each streams messages until the kill. */
const STREAMING = ['sq-b1', 'sq-b2', 'sq-b3', 'sq-b4'];
/** The kill lands once this many stream messages were answered 200 (requests are still in flight then). */
const ANSWERED_BEFORE_KILL = 24;
const STREAM_TEXTS = ['ok thanks', 'sounds good', 'let me think about it', 'sure, tell me more', 'got it'];

interface Pattern {
  route: string;
  pattern: string;
  outcomes: number;
  successes: number;
}

describe('kill -9 of the host on SQLite in the middle of a stream of messages', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'baton-kill9-sqlite-'));
  const dbPath = join(dataDir, 'baton.db');
  let fake: FakeGhl;
  let minute = 0;
  const hosts: HostProcess[] = [];
  let reader: Database.Database | null = null;

  beforeAll(async () => {
    fake = await startFakeGhl();
  });
  afterAll(async () => {
    for (const host of hosts) if (host.child.exitCode === null && host.child.signalCode === null) host.child.kill('SIGKILL');
    reader?.close();
    await fake.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const env = () => ({
    STORE: 'sqlite',
    DATA_DIR: dataDir,
    GHL_API_TOKEN: fake.token,
    GHL_API_BASE_URL: fake.url,
    // Long enough that a delivery hung by the fake is still in flight when the kill lands.
    GHL_API_TIMEOUT_MS: '30000',
    EFFECT_BACKOFF_MS: '50',
    MAX_CLOCK_SKEW_MS: '0',
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
  });

  /** A plain connection of the test's own: reads the file while the host runs, never claims it. */
  function reads(): SqliteReads {
    reader ??= new Database(dbPath);
    return createSqliteReads(reader, Date.now);
  }

  async function post(host: HostProcess, contactId: string, messageId: string, body: string): Promise<Response> {
    minute += 1;
    return fetch(`${host.url}/webhooks/ghl`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        type: 'InboundMessage',
        locationId: 'loc-k9s',
        contactId,
        messageId,
        body,
        messageType: 'SMS',
        direction: 'inbound',
        dateAdded: new Date(Date.UTC(2024, 5, 1, 9, 0) + minute * 60_000).toISOString(),
      }),
    });
  }

  async function patterns(host: HostProcess): Promise<Pattern[]> {
    const res = await fetch(`${host.url}/v1/patterns`);
    const body = (await res.json()) as { patterns: Pattern[] };
    return body.patterns.map(({ route, pattern, outcomes, successes }) => ({ route, pattern, outcomes, successes }));
  }

  const pendingIds = (contacts: readonly string[]) => contacts.flatMap((contactId) => reads().outbox(contactId, 'pending').map((item) => item.effect.id));

  it('keeps every message answered 200 exactly once with gapless versions, the package and the learned patterns, and delivers the undelivered effects once after the restart', async () => {
    const first = await startHost(env(), await freePort());
    hosts.push(first);

    // Phase A: a handoff per contact, then a reply that settles its outcome (a learned-pattern count).
    for (const contactId of SETTLED) {
      const handoff = await post(first, contactId, `${contactId}-1`, 'We want to sell our house this spring, what is it worth?');
      expect(handoff.status).toBe(200);
      expect(((await handoff.json()) as { decision: { kind: string } }).decision.kind).toBe('handoff');
      expect((await post(first, contactId, `${contactId}-2`, 'It is a 3 bedroom and we need to move by June')).status).toBe(200);
    }
    await eventually(() => pendingIds(SETTLED).length === 0, 20_000, 'phase A effects delivered and marked');
    const patternsBefore = await patterns(first);
    expect(patternsBefore.length).toBeGreaterThan(0);
    const packagesBefore = SETTLED.map((contactId) => reads().contextPackage(contactId));
    expect(packagesBefore.every((pkg) => pkg !== null)).toBe(true);
    const versionsBefore = SETTLED.map((contactId) => reads().load(contactId)?.version);
    const deliveredBefore = new Set(fake.applied().map((r) => r.idempotencyKey ?? ''));

    // A second host on the same file is refused while the first runs.
    const second = startHost(env(), await freePort(), 30_000);
    await expect(second).rejects.toThrow(/in use by another Baton process \(pid \d+/);

    // Phase B: every delivery hangs from now on, so every effect of the stream is undelivered at the kill.
    fake.failNext(10_000, { kind: 'hang' });
    const answered = new Map<string, string[]>(STREAMING.map((contactId) => [contactId, []]));
    let answeredCount = 0;
    let killed = false;
    const kill = () => {
      if (killed) return;
      killed = true;
      first.child.kill('SIGKILL');
    };
    await Promise.all(
      STREAMING.map(async (contactId) => {
        for (let n = 1; !killed; n++) {
          const messageId = `${contactId}-${n}`;
          let res: Response;
          try {
            res = await post(first, contactId, messageId, STREAM_TEXTS[n % STREAM_TEXTS.length] ?? 'ok');
          } catch {
            return; // the host died with this request in flight: it may or may not have committed
          }
          expect(res.status).toBe(200);
          answered.get(contactId)?.push(messageId);
          answeredCount += 1;
          if (answeredCount >= ANSWERED_BEFORE_KILL) kill();
        }
      }),
    );
    expect((await first.exited).signal).toBe('SIGKILL');
    expect(answeredCount).toBeGreaterThanOrEqual(ANSWERED_BEFORE_KILL);

    // The file after the kill: every answered message exactly once, versions gapless, nothing else lost.
    for (const contactId of STREAMING) {
      const inbound = reads()
        .transcript(contactId)
        .filter((entry) => entry.direction === 'inbound')
        .map((entry) => entry.messageId ?? '');
      for (const messageId of answered.get(contactId) ?? []) expect(inbound.filter((id) => id === messageId), messageId).toHaveLength(1);
      expect(new Set(inbound).size).toBe(inbound.length);
      const version = reads().load(contactId)?.version ?? 0;
      expect(version).toBe(inbound.length);
      const journalVersions = reads()
        .journal(contactId, 10_000)
        .map((entry) => entry.version);
      expect(journalVersions).toEqual(Array.from({ length: version }, (_, i) => version - i));
    }
    expect(SETTLED.map((contactId) => reads().contextPackage(contactId))).toEqual(packagesBefore);
    expect(SETTLED.map((contactId) => reads().load(contactId)?.version)).toEqual(versionsBefore);
    const undelivered = new Set(pendingIds(STREAMING));
    expect(undelivered.size).toBeGreaterThanOrEqual(ANSWERED_BEFORE_KILL);
    for (const id of undelivered) expect(deliveredBefore.has(id)).toBe(false);

    // Restart on the same file with GoHighLevel healthy: the start-up sweep delivers the outbox.
    fake.clearFaults();
    const requestsBeforeRestart = fake.requests.length;
    const restarted = await startHost(env(), await freePort());
    hosts.push(restarted);
    await eventually(() => reads().contactsWithPendingEffects().length === 0, 60_000, 'every outbox drained after the restart');

    const appliedAfter = fake.requests.slice(requestsBeforeRestart).filter((r) => r.status !== null && r.status < 300).map((r) => r.idempotencyKey ?? '');
    for (const id of undelivered) expect(appliedAfter.filter((key) => key === id), `effect ${id}`).toHaveLength(1);
    for (const key of deliveredBefore) expect(appliedAfter).not.toContain(key);
    for (const contactId of STREAMING) expect(reads().outbox(contactId, 'failed')).toEqual([]);

    // What the restarted host serves: the learned patterns, the package, and the next version.
    const patternsAfter = await patterns(restarted);
    for (const before of patternsBefore) expect(patternsAfter).toContainEqual(before);
    expect(SETTLED.map((contactId) => reads().contextPackage(contactId))).toEqual(packagesBefore);
    const contactId = STREAMING[0] ?? '';
    const versionAtKill = reads().load(contactId)?.version ?? 0;
    const next = await post(restarted, contactId, `${contactId}-after-restart`, 'still here');
    expect(next.status).toBe(200);
    expect(((await next.json()) as { version: number }).version).toBe(versionAtKill + 1);

    restarted.child.kill('SIGTERM');
    expect((await restarted.exited).code).toBe(0);
  });

  it('refuses to start on a corrupt database file with a one-line reason, and leaves the file as it was', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'baton-corrupt-'));
    try {
      const path = join(dir, 'baton.db');
      writeFileSync(path, Buffer.alloc(32_768, 0x42));
      const before = createHash('sha256').update(readFileSync(path)).digest('hex');
      const start = startHost({ ...env(), DATA_DIR: dir }, await freePort());
      await expect(start).rejects.toThrow(/baton: failed to start: the database .*baton\.db is corrupt or not an SQLite file/);
      expect(createHash('sha256').update(readFileSync(path)).digest('hex')).toBe(before);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
