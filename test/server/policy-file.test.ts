// POLICY_FILE end to end: loadConfig reads it, buildHost runs on it, GET /v1/policy shows it; a bad file stops the start with one line.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config';
import { post, START } from '../e2e/webhook';
import { intentFor } from '../support/attempts';
import { scriptedClassifier } from '../support/scripted-classifier';
import { createTestHost, type TestHost } from './host';

const dir = mkdtempSync(join(tmpdir(), 'baton-policy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes a POLICY_FILE into the temp dir and returns its path. */
function policyFile(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

const BUY = "We're pre-approved and looking to buy";
// 0.9 on purpose: above the 0.7 default for lead>buyer, below the 0.95 of the file.
const classify = scriptedClassifier({ [BUY]: intentFor('buyer', 0.9, 'test.buy') });

describe('POLICY_FILE on the running host', () => {
  const hosts: TestHost[] = [];
  afterEach(async () => {
    await Promise.all(hosts.splice(0).map((host) => host.close()));
  });
  async function hostWith(env: Record<string, string>): Promise<TestHost> {
    const host = await createTestHost({ env, overrides: { classify } });
    hosts.push(host);
    return host;
  }

  it('keeps a 0.9-confidence buyer message with the Lead bot when POLICY_FILE sets lead>buyer to 0.95, and GET /v1/policy shows 0.95', async () => {
    const host = await hostWith({ POLICY_FILE: policyFile('strict.json', JSON.stringify({ thresholds: { 'lead>buyer': 0.95 } })) });
    const res = await post(host.app, 'strict-1', 'm-1', BUY, START).expect(200);
    expect(res.body).toMatchObject({ bot: 'lead', decision: { kind: 'stay', reason: 'below_threshold', decidedBy: 'confidence', from: 'lead', to: 'lead' } });
    expect(res.body.decision.details).toMatchObject({ confidence: 0.9, threshold: 0.95, thresholdSource: 'route', route: 'lead>buyer' });
    const view = await request(host.app).get('/v1/contacts/strict-1').expect(200);
    expect(view.body.bot).toBe('lead');
    const policy = await request(host.app).get('/v1/policy').expect(200);
    expect(policy.body.policy.thresholds['lead>buyer']).toBe(0.95);
    // Only the key the file names moved; the rest are the defaults.
    expect(policy.body.policy.thresholds['lead>seller']).toBe(0.7);
  });

  it('hands the same 0.9-confidence message to the Buyer bot without the file, and GET /v1/policy shows the 0.7 default', async () => {
    const host = await hostWith({});
    const res = await post(host.app, 'default-1', 'm-1', BUY, START).expect(200);
    expect(res.body).toMatchObject({ bot: 'buyer', decision: { kind: 'handoff', from: 'lead', to: 'buyer' } });
    expect(res.body.decision.details).toMatchObject({ confidence: 0.9, threshold: 0.7 });
    const policy = await request(host.app).get('/v1/policy').expect(200);
    expect(policy.body.policy.thresholds['lead>buyer']).toBe(0.7);
  });
});

describe('a bad POLICY_FILE', () => {
  const bad: Array<[string, () => string, RegExp]> = [
    ['an unknown key', () => policyFile('typo.json', '{"thresholds": {"lead>buyr": 0.9}}'), /^POLICY_FILE: .*typo\.json: thresholds: Unrecognized key: "lead>buyr"$/],
    ['an unknown top-level key', () => policyFile('top.json', '{"cooldown": 60000}'), /^POLICY_FILE: .*top\.json: \(policy\): Unrecognized key: "cooldown"$/],
    ['an out-of-range value', () => policyFile('range.json', '{"thresholds": {"lead>buyer": 1.5}}'), /^POLICY_FILE: .*range\.json: thresholds\.lead>buyer: .*<=1$/],
    ['a negative duration', () => policyFile('negative.json', '{"cooldownMs": -1}'), /^POLICY_FILE: .*negative\.json: cooldownMs: .*>=0$/],
    ['bad JSON', () => policyFile('broken.json', '{"cooldownMs": '), /^POLICY_FILE: .*broken\.json is not valid JSON \(.+\)$/],
    ['a missing file', () => join(dir, 'absent.json'), /^POLICY_FILE: cannot read .*absent\.json \(ENOENT\)$/],
  ];

  for (const [what, path, line] of bad) {
    it(`stops loadConfig with a ConfigError of one line naming ${what}`, () => {
      let thrown: unknown = null;
      try {
        loadConfig({ NODE_ENV: 'test', POLICY_FILE: path() });
      } catch (err) {
        thrown = err;
      }
      expect(thrown).toBeInstanceOf(ConfigError);
      const problems = (thrown as ConfigError).problems;
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(line);
      expect(problems[0]).not.toContain('\n');
    });
  }

  it('makes `npm start` (server/main.ts) exit 1 printing the line that names the problem', async () => {
    const path = policyFile('start.json', '{"thresholds": {"lead>buyer": 1.5}}');
    const env = { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? dir, PORT: '0', POLICY_FILE: path, NODE_ENV: 'development', STORE: 'memory' };
    const outcome = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = execFile('npx', ['tsx', 'server/main.ts'], { cwd: process.cwd(), env, timeout: 30_000 }, (_error, _stdout, stderr) => {
        resolve({ code: child.exitCode, stderr });
      });
    });
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toMatch(/POLICY_FILE: .*start\.json: thresholds\.lead>buyer: .*<=1/);
    expect(outcome.stderr).not.toMatch(/listening/);
  }, 40_000);
});
