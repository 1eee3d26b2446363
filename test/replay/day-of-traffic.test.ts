// A simulated day (10,000 messages, 1,000 contacts) into a real host on Redis, then `baton replay` with the same and with changed settings.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { freePort, startRedisServer, type RedisServer } from '../setup/redis-server';
import { parseReplay, runBaton, runShell, type ReplayJson } from './cli';
import { startReplayHost, type RunningHost } from './host';

const CONTACTS = 1_000;
const MESSAGES = 10_000;
const DAY_START = '2026-11-23T00:00:00Z';

const simulateSchema = z.object({ contacts: z.number(), messages: z.number(), statuses: z.record(z.string(), z.number()), duplicates: z.number() }).loose();

describe('baton replay over a simulated day of traffic', () => {
  let redis: RedisServer;
  let host: RunningHost | null = null;
  let redisUrl = '';
  let asRecorded: ReplayJson;

  beforeAll(async () => {
    redis = await startRedisServer();
    redisUrl = `${redis.url}/3`;
    host = await startReplayHost({ REDIS_URL: redisUrl, MAX_CLOCK_SKEW_MS: '0', NODE_ENV: 'test' }, await freePort());
    const simulated = await runBaton(['simulate', '--url', host.url, '--contacts', String(CONTACTS), '--messages', String(MESSAGES), '--seed', '42', '--start', DAY_START, '--concurrency', '12', '--json']);
    expect(simulated.stderr).toBe('');
    const summary = simulateSchema.parse(JSON.parse(simulated.stdout));
    expect(summary).toMatchObject({ contacts: CONTACTS, messages: MESSAGES, statuses: { '200': MESSAGES }, duplicates: 0 });
    asRecorded = parseReplay(await runBaton(['replay', '--redis-url', redisUrl, '--json']));
  });

  afterAll(async () => {
    await host?.stop();
    await redis?.stop();
  });

  it('replays every recorded message with unchanged settings and changes no decision, not even a figure', () => {
    expect(asRecorded.conversations).toBe(CONTACTS);
    expect(asRecorded.replayed).toBe(MESSAGES);
    expect(asRecorded.unreplayable).toEqual([]);
    expect(asRecorded.reconstructed).toBe(0);
    expect(asRecorded.changed).toBe(0);
    expect(asRecorded.detailsChanged).toBe(0);
    expect(asRecorded.changes).toEqual([]);
    expect(asRecorded.handoffs.replayed).toBe(asRecorded.handoffs.recorded);
    expect(asRecorded.handoffs.recorded).toBeGreaterThan(1_000);
    // The figure the CLI prints; the note quotes it (messages per CPU-second does not move with other load on the machine).
    console.log(`replay speed: ${asRecorded.speed.messagesPerSecond} messages/s wall-clock, ${asRecorded.speed.messagesPerCpuSecond} per CPU-second`);
  });

  it('gives the same report on two worker threads as on one', async () => {
    const parallel = parseReplay(await runBaton(['replay', '--redis-url', redisUrl, '--workers', '2', '--cooldown', '0', '--json']));
    const single = parseReplay(await runBaton(['replay', '--redis-url', redisUrl, '--cooldown', '0', '--json']));
    const { speed: _parallelSpeed, ...parallelReport } = parallel;
    const { speed: _singleSpeed, ...singleReport } = single;
    expect(parallelReport).toEqual(singleReport);
    expect(single.changed).toBeGreaterThan(0);
  });

  it('with --threshold lead>buyer=0.95 loses handoffs on lead>buyer only: every first change is a lead>buyer handoff kept back by confidence', async () => {
    const report = parseReplay(await runBaton(['replay', '--redis-url', redisUrl, '--threshold', 'lead>buyer=0.95', '--json']));
    const first = report.changes.filter((change) => change.cause === 'setting');
    expect(report.handoffs.lost.byRoute['lead>buyer'] ?? 0).toBeGreaterThan(0);
    expect(first.length).toBeGreaterThan(0);
    for (const change of first) {
      expect(change.recorded).toMatchObject({ kind: 'handoff', from: 'lead', to: 'buyer' });
      expect(change.replayed).toMatchObject({ kind: 'stay', reason: 'below_threshold', from: 'lead' });
    }
    expect(report.handoffs.gained.firstChanges).toBe(0);
    expect(report.handoffs.lost.firstChanges).toBe(first.length);
    // Later changes only follow a first change in the same conversation (the contact stayed with Lead, so later messages land elsewhere).
    const diverged = new Set(first.map((change) => change.contactId));
    expect(report.changes.filter((change) => change.cause === 'knock-on' && !diverged.has(change.contactId))).toEqual([]);
    expect(report.blocks.replayed['confidence']).toBeGreaterThan(report.blocks.recorded['confidence'] ?? 0);
  });

  it('with --cooldown 0 gains handoffs only where the pair cooldown had blocked them', async () => {
    const report = parseReplay(await runBaton(['replay', '--redis-url', redisUrl, '--cooldown', '0', '--json']));
    const first = report.changes.filter((change) => change.cause === 'setting');
    expect(report.handoffs.gained.firstChanges).toBeGreaterThan(0);
    expect(report.handoffs.lost.firstChanges).toBe(0);
    for (const change of first) {
      expect(change.recorded).toMatchObject({ reason: 'cooldown', decidedBy: 'cooldown', scope: 'pair' });
      expect(change.replayed).toMatchObject({ kind: 'handoff' });
    }
    expect(first.length).toBe(report.handoffs.gained.firstChanges);
    expect(report.blocks.replayed['cooldown'] ?? 0).toBeLessThan(report.blocks.recorded['cooldown'] ?? 0);
  });

  it('gives the same report for a contact exported and piped into replay --file as for that contact replayed from Redis', async () => {
    const changed = parseReplay(await runBaton(['replay', '--redis-url', redisUrl, '--threshold', 'lead>buyer=0.95', '--json'])).changes[0];
    if (changed === undefined) throw new Error('the threshold replay changed nothing to compare');
    const { contactId } = changed;
    const args = ['--threshold', 'lead>buyer=0.95', '--json'];
    const fromRedis = parseReplay(await runBaton(['replay', '--redis-url', redisUrl, '--contact', contactId, ...args]));
    const piped = await runShell(`node bin/baton.js export ${contactId} --redis-url ${redisUrl} | node bin/baton.js replay --file - ${args.map((arg) => `'${arg}'`).join(' ')}`);
    const fromFile = parseReplay(piped);
    const { speed: _redisSpeed, ...redisReport } = fromRedis;
    const { speed: _fileSpeed, ...fileReport } = fromFile;
    expect(fileReport).toEqual(redisReport);
    expect(fromFile.conversations).toBe(1);
    expect(fromFile.changed).toBeGreaterThan(0);
  });
});
