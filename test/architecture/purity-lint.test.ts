// The purity lint fails on every forbidden construct: each fixture in test/fixtures/lint/ is linted as a file of a pure folder.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const FIXTURES = join(ROOT, 'test', 'fixtures', 'lint');
const PURE_FOLDERS = ['domain', 'machines', 'guards', 'bots'] as const;

// The project's own config. The purity rules are syntactic; the fixtures are not in the TypeScript
// program (tsconfig excludes them), so the type-aware rules are switched off for these lint runs only.
const eslint = new ESLint({
  cwd: ROOT,
  overrideConfigFile: join(ROOT, 'eslint.config.js'),
  overrideConfig: [{ files: ['**/*.ts'], ...tseslint.configs.disableTypeChecked }],
});

interface Fixture {
  name: string;
  text: string;
  /** The rule ids the fixture's first line says must fire (empty: the file must lint clean). */
  expected: string[];
}

/** Reads `// expect: rule-a, rule-b (why)` or `// expect: nothing (why)` from a fixture's first line. */
function fixturesIn(folder: string): Fixture[] {
  const dir = join(FIXTURES, folder);
  return readdirSync(dir)
    .filter((name) => name.endsWith('.ts'))
    .sort()
    .map((name) => {
      const text = readFileSync(join(dir, name), 'utf8');
      const header = /^\/\/ expect: ([^(]+)\(/.exec(text);
      if (header === null) throw new Error(`${folder}/${name} does not start with "// expect: <rule ids> (<why>)"`);
      const rules = (header[1] ?? '').trim();
      return { name, text, expected: rules === 'nothing' ? [] : rules.split(',').map((rule) => rule.trim()) };
    });
}

/** The distinct rule ids ESLint reports for `text` linted as if it were `<folder>/<name>` of the repo. */
async function ruleIdsFor(text: string, folder: string, name: string): Promise<string[]> {
  const [result] = await eslint.lintText(text, { filePath: join(ROOT, folder, name) });
  if (result === undefined) throw new Error(`no lint result for ${folder}/${name}`);
  const fatal = result.messages.filter((message) => message.ruleId === null);
  if (fatal.length > 0) throw new Error(`${folder}/${name} did not parse: ${fatal.map((message) => message.message).join('; ')}`);
  return [...new Set(result.messages.map((message) => message.ruleId ?? ''))].sort();
}

const pureFixtures = fixturesIn('pure');
const domainFixtures = fixturesIn('domain');

describe('the purity lint', () => {
  it('has a fixture for every forbidden construct and a clean one', () => {
    expect(pureFixtures.map((fixture) => fixture.name)).toEqual(
      expect.arrayContaining(['clean.ts', 'date-now.ts', 'new-date.ts', 'performance-now.ts', 'crypto-random-uuid.ts', 'math-random.ts', 'process-env.ts', 'fetch.ts', 'set-timeout.ts', 'module-let.ts', 'exported-let.ts', 'import-services.ts', 'import-node-prefixed.ts', 'import-pino.ts']),
    );
    expect(pureFixtures.filter((fixture) => fixture.expected.length === 0).map((fixture) => fixture.name)).toEqual(['clean.ts']);
  });

  for (const folder of PURE_FOLDERS) {
    for (const fixture of pureFixtures) {
      const verdict = fixture.expected.length === 0 ? 'passes' : `fails with ${fixture.expected.join(' and ')}`;
      it(`${verdict} on ${fixture.name} in ${folder}/`, async () => {
        expect(await ruleIdsFor(fixture.text, folder, fixture.name)).toEqual([...fixture.expected].sort());
      });
    }
  }

  for (const fixture of domainFixtures) {
    const verdict = fixture.expected.length === 0 ? 'passes' : `fails with ${fixture.expected.join(' and ')}`;
    it(`${verdict} on the domain/ fixture ${fixture.name}`, async () => {
      expect(await ruleIdsFor(fixture.text, 'domain', fixture.name)).toEqual([...fixture.expected].sort());
    });
  }

  it.each([
    'fs', 'fs/promises', 'http', 'https', 'crypto', 'child_process', 'net', 'os', 'path', 'timers', 'worker_threads',
    'node:fs', 'node:crypto', 'node:test',
    'pino', 'ioredis', 'bullmq', 'express', 'libsql', '@libsql/client', 'prom-client', 'pino/file',
    '../services', '../services/store/redis', '../../services/engine/engine', '../server', '../server/config', '../../server/routes/webhook', '../cli/replay',
  ])('refuses an import of %s in every pure folder', async (source) => {
    for (const folder of PURE_FOLDERS) {
      expect(await ruleIdsFor(`import '${source}';\n`, folder, 'probe.ts'), `${folder}/ importing ${source}`).toEqual(['no-restricted-imports']);
    }
  });

  it.each(['zod', 'xstate', '../domain/types', '../guards', '../bots/questions', './reducers'])('lets machines/ import %s', async (source) => {
    expect(await ruleIdsFor(`import '${source}';\n`, 'machines', 'probe.ts')).toEqual([]);
  });

  it.each(['xstate', '../machines/context', '../guards', '../bots', '../services/store/types', 'fs'])('refuses an import of %s in domain/', async (source) => {
    expect(await ruleIdsFor(`import '${source}';\n`, 'domain', 'probe.ts')).toEqual(['no-restricted-imports']);
  });

  it('leaves services/ and server/ free to use the clock, timers and I/O', async () => {
    const effectful = "import { readFileSync } from 'node:fs';\nexport const at = (): number => Date.now() + Number(process.env.SKEW ?? readFileSync('x', 'utf8'));\nlet calls = 0;\nexport const call = (): number => (calls += 1);\n";
    expect(await ruleIdsFor(effectful, 'services', 'probe.ts')).toEqual([]);
    expect(await ruleIdsFor(effectful, 'server', 'probe.ts')).toEqual([]);
  });
});
