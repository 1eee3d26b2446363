// Each number of a POLICY_FILE reaches the code that obeys it: the same story on the host with the file and without it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { Decision } from '../../domain/types';
import { HOUR, MINUTE, post, START } from '../e2e/webhook';
import { intentFor } from '../support/attempts';
import { scriptedClassifier } from '../support/scripted-classifier';
import { createTestHost, type TestHost } from './host';
import { eventually } from './support';

const dir = mkdtempSync(join(tmpdir(), 'baton-policy-reach-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SELL = 'I need to sell my house first';
const BUY = "We're pre-approved and looking to buy";
const WEAK_BUY = 'maybe buying at some point';
const CHAT = 'ok thanks';
const classify = scriptedClassifier({
  [SELL]: intentFor('seller', 0.9, 'test.sell'),
  [BUY]: intentFor('buyer', 0.9, 'test.buy'),
  [WEAK_BUY]: intentFor('buyer', 0.5, 'test.buy'),
});

const hosts: TestHost[] = [];
afterEach(async () => {
  await Promise.all(hosts.splice(0).map((host) => host.close()));
});

let files = 0;
/** A host on POLICY_FILE = `policy` (a temp JSON file), or on the defaults when `policy` is null. */
async function hostOn(policy: object | null, env: Record<string, string> = {}): Promise<TestHost> {
  const full = { ...env };
  if (policy !== null) {
    files += 1;
    full['POLICY_FILE'] = join(dir, `policy-${files}.json`);
    writeFileSync(full['POLICY_FILE'], JSON.stringify(policy));
  }
  const host = await createTestHost({ env: full, overrides: { classify } });
  hosts.push(host);
  return host;
}

/** Posts [minute, text] messages to one contact and returns the decision of each. */
async function tell(host: TestHost, contactId: string, story: Array<[number, string]>): Promise<Decision[]> {
  const decisions: Decision[] = [];
  for (const [i, [minute, text]] of story.entries()) {
    const res = await post(host.app, contactId, `${contactId}-${i}`, text, START + minute * MINUTE).expect(200);
    decisions.push(res.body.decision as Decision);
  }
  return decisions;
}

describe('the POLICY_FILE numbers reach their users', () => {
  it('cooldownMs: a 2-hour pair cooldown holds a seller→buyer handoff 79 min after the last one, which the 30-min default allows', async () => {
    // Gaps of 39+ min break every chain and keep the hour below its limit: only the pair cooldown can decide.
    const story: Array<[number, string]> = [[0, SELL], [61, BUY], [100, SELL], [140, BUY]];
    const configured = await tell(await hostOn({ cooldownMs: 2 * HOUR }), 'cool-1', story);
    expect(configured.map((d) => d.kind)).toEqual(['handoff', 'handoff', 'handoff', 'stay']);
    expect(configured[3]).toMatchObject({ reason: 'cooldown', details: { scope: 'pair', sinceMs: 79 * MINUTE, cooldownMs: 2 * HOUR } });
    const defaults = await tell(await hostOn(null), 'cool-1', story);
    expect(defaults.map((d) => d.kind)).toEqual(['handoff', 'handoff', 'handoff', 'handoff']);
  });

  it('maxChainDepth: a depth of 1 sends the first bounce to a human, which the default of 3 hands off', async () => {
    const story: Array<[number, string]> = [[0, SELL], [5, BUY]];
    const configured = await tell(await hostOn({ maxChainDepth: 1 }), 'depth-1', story);
    expect(configured[1]).toMatchObject({ kind: 'escalate', reason: 'depth_limit', to: 'escalated', details: { chainLength: 1, maxChainDepth: 1 } });
    const defaults = await tell(await hostOn(null), 'depth-1', story);
    expect(defaults[1]).toMatchObject({ kind: 'handoff', from: 'seller', to: 'buyer' });
  });

  it('maxPerHour: one handoff an hour holds a second one 40 min later (chain already broken), which the default of 3 allows', async () => {
    const story: Array<[number, string]> = [[0, SELL], [40, BUY]];
    const configured = await tell(await hostOn({ maxPerHour: 1 }), 'rate-1', story);
    expect(configured[1]).toMatchObject({ kind: 'stay', reason: 'rate_hour', details: { lastHour: 1, maxPerHour: 1 } });
    const defaults = await tell(await hostOn(null), 'rate-1', story);
    expect(defaults[1]).toMatchObject({ kind: 'handoff', to: 'buyer' });
  });

  it('health: a 0 ms buyer SLA judged from one sample defers the next handoff to the Buyer bot, which the default SLA and sample count allow', async () => {
    // BOT_HEALTH_CACHE_MS=0: each message reads the samples as they are (the report cache is not under test here).
    const env = { BOT_HEALTH_CACHE_MS: '0' };
    const configured = await hostOn({ health: { slaMs: { buyer: 0 }, minSamples: 1 } }, env);
    const health = await request(configured.app).get('/v1/bots/health').expect(200);
    expect(JSON.stringify(health.body)).toMatch(/"buyer":\{[^}]*"slaMs":0[,}]/);
    // Contact a's handoff makes the Buyer bot answer once: one sample, at or above 1.2 × 0 ms.
    expect((await tell(configured, 'health-a', [[0, BUY]]))[0]).toMatchObject({ kind: 'handoff', to: 'buyer' });
    const deferred = (await tell(configured, 'health-b', [[1, BUY]]))[0];
    expect(deferred).toMatchObject({ kind: 'defer', reason: 'target_unhealthy', details: { target: 'buyer', slaMs: 0, minSamples: 1, samples: 1 } });

    const defaults = await hostOn(null, env);
    await tell(defaults, 'health-a', [[0, BUY]]);
    expect((await tell(defaults, 'health-b', [[1, BUY]]))[0]).toMatchObject({ kind: 'handoff', to: 'buyer' });
  });

  it('learning: with minOutcomes 1 one successful handoff lowers its pattern threshold by lowerBy, and a 0.5 message then hands off', async () => {
    const learning = { minOutcomes: 1, lowerBy: 0.25, floor: 0.3 };
    const configured = await hostOn({ learning });
    // A handoff, then a message in the new bot after the chain window: a successful outcome for (lead>buyer, test.buy).
    await tell(configured, 'learn-1', [[0, BUY], [40, CHAT]]);
    await eventually(() => configured.real.learning.list().some((p) => p.learned), 5_000, 'the outcome to be learned');
    const patterns = await request(configured.app).get('/v1/patterns').expect(200);
    expect(patterns.body.patterns).toEqual([expect.objectContaining({ route: 'lead>buyer', pattern: 'test.buy', outcomes: 1, successes: 1, learned: true })]);
    expect(patterns.body.patterns[0].threshold).toBeCloseTo(0.45, 9);
    const weak = (await tell(configured, 'learn-2', [[60, WEAK_BUY]]))[0];
    expect(weak).toMatchObject({ kind: 'handoff', to: 'buyer' });
    expect(weak?.details['threshold']).toBeCloseTo(0.45, 9);

    const defaults = await hostOn(null);
    await tell(defaults, 'learn-1', [[0, BUY], [40, CHAT]]);
    await eventually(() => defaults.real.learning.list().length === 1, 5_000, 'the outcome to be counted');
    expect(defaults.real.learning.list()[0]).toMatchObject({ outcomes: 1, learned: false, threshold: 0.7 });
    expect((await tell(defaults, 'learn-2', [[60, WEAK_BUY]]))[0]).toMatchObject({ kind: 'stay', reason: 'below_threshold' });
  });

  it('retention: the memory store keeps only the configured newest journal and transcript entries', async () => {
    const story: Array<[number, string]> = [[0, CHAT], [1, CHAT], [2, CHAT], [3, CHAT]];
    const configured = await hostOn({ retention: { journalEntries: 2, transcriptEntries: 3 } });
    await tell(configured, 'keep-1', story);
    const journal = await request(configured.app).get('/v1/contacts/keep-1/journal').expect(200);
    expect(journal.body.entries.map((e: { messageId: string }) => e.messageId)).toEqual(['keep-1-3', 'keep-1-2']);
    const transcript = await configured.store.transcript('keep-1');
    expect(transcript).toHaveLength(3);
    expect(transcript.at(-1)?.at).toBe(START + 3 * MINUTE);

    const defaults = await hostOn(null);
    await tell(defaults, 'keep-1', story);
    expect(await defaults.store.journal('keep-1', 100)).toHaveLength(4);
    expect((await defaults.store.transcript('keep-1')).length).toBeGreaterThan(3);
  });
});
