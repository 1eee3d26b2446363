// Dependency rules over the real import graph: pure code never imports effects, domain/ imports nothing above it, guards and bots stay apart.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dependencyViolations, importEdges, readSourceFiles } from './dependency-rules';

const ROOT = join(import.meta.dirname, '..', '..');

describe('the import graph of the project', () => {
  const files = readSourceFiles(ROOT);
  const edges = importEdges(files);

  it('is read from every source folder, the chart importing its guards included', () => {
    const folders = new Set([...files.keys()].map((path) => path.split('/')[0]));
    for (const folder of ['domain', 'machines', 'guards', 'bots', 'services', 'server', 'test']) expect(folders).toContain(folder);
    expect(edges).toContainEqual({ from: 'machines/conversation.ts', specifier: '../guards', to: 'guards' });
    expect([...files.keys()].some((path) => path.startsWith('node_modules/'))).toBe(false);
  });

  it('breaks none of the layering rules (each line names the file, the import and the rule)', () => {
    expect(dependencyViolations(edges)).toEqual([]);
  });
});

describe('the dependency checker on a small synthetic graph', () => {
  const graph = (files: Record<string, string>) => dependencyViolations(importEdges(new Map(Object.entries(files))));

  it('accepts the allowed directions: the chart on domain/, guards/ and bots/; effects on everything', () => {
    expect(
      graph({
        'domain/policy.ts': "import { z } from 'zod';\nimport { DAY_MS } from './time';",
        'guards/rate.ts': "import type { ConversationPolicy } from '../domain/policy';\nimport { currentChainLength } from './chain';",
        'bots/lead.ts': "import type { Facts } from '../domain/types';",
        'machines/conversation.ts': "import { setup } from 'xstate';\nimport { evaluateHandoff } from '../guards';\nimport { QUESTION_ORDER } from '../bots/questions';\nimport { DEFAULT_POLICY } from '../domain/policy';",
        'services/engine/engine.ts': "import { createConversationMachine } from '../../machines/conversation';\nimport { createClient } from 'ioredis';",
        'server/wiring.ts': "import { createEngine } from '../services/engine/engine';",
        'test/unit/any.test.ts': "import { buildHost } from '../../server/wiring';",
      }),
    ).toEqual([]);
  });

  it('names the file and the import of a pure folder that reaches into services/, server/, cli/ or test/', () => {
    expect(
      graph({
        'machines/conversation.ts': "import { createMemoryStore } from '../services/store/memory';",
        'guards/health.ts': "import type { Config } from '../server/config';",
        'bots/lead.ts': "export { replay } from '../cli/replay';",
        'domain/types.ts': "const load = () => import('../services/intent/model');",
        'machines/fixture.ts': "import { T0 } from '../test/support/attempts';",
      }),
    ).toEqual([
      "bots/lead.ts imports '../cli/replay' (cli/replay): bots/ is pure and must not import cli/",
      "domain/types.ts imports '../services/intent/model' (services/intent/model): domain/ is pure and must not import services/",
      "guards/health.ts imports '../server/config' (server/config): guards/ is pure and must not import server/",
      "machines/conversation.ts imports '../services/store/memory' (services/store/memory): machines/ is pure and must not import services/",
      "machines/fixture.ts imports '../test/support/attempts' (test/support/attempts): machines/ is pure and must not import test/",
    ]);
  });

  it('refuses any import from domain/ to another folder of the project or to a package other than zod', () => {
    expect(
      graph({
        'domain/types.ts': "import type { GuardName } from '../guards';\nimport { setup } from 'xstate';\nimport { readFileSync } from 'node:fs';\nimport { z } from 'zod';",
        'domain/policy.ts': "import type { ConversationContext } from '../machines/context';",
      }),
    ).toEqual([
      "domain/policy.ts imports '../machines/context' (machines/context): domain/ imports zod and domain/ only",
      "domain/types.ts imports '../guards' (guards): domain/ imports zod and domain/ only",
      "domain/types.ts imports 'node:fs': domain/ imports zod and domain/ only",
      "domain/types.ts imports 'xstate': domain/ imports zod and domain/ only",
    ]);
  });

  it('keeps guards/ and bots/ apart and below the chart', () => {
    expect(
      graph({
        'guards/confidence.ts': "import { classify } from '../bots/classifier';",
        'guards/depth.ts': "import type { ConversationContext } from '../machines/context';",
        'bots/buyer.ts': "import { evaluateHandoff } from '../guards';",
        'bots/lead.ts': "import type { ConversationEvent } from '../machines/events';",
      }),
    ).toEqual([
      "bots/buyer.ts imports '../guards' (guards): bots/ must not import guards/",
      "bots/lead.ts imports '../machines/events' (machines/events): bots/ must not import machines/",
      "guards/confidence.ts imports '../bots/classifier' (bots/classifier): guards/ must not import bots/",
      "guards/depth.ts imports '../machines/context' (machines/context): guards/ must not import machines/",
    ]);
  });

  it('refuses a pure file importing outside the layered folders or above the repository', () => {
    expect(graph({ 'bots/model.ts': "import model from '../package.json';\nimport x from '../../elsewhere/x';" })).toEqual([
      "bots/model.ts imports '../../elsewhere/x' (../elsewhere/x): bots/ imports from outside the project",
      "bots/model.ts imports '../package.json' (package.json): bots/ is pure and must not import files outside the pure folders",
    ]);
  });
});
