// Vitest configuration for Stryker (npm run test:mutation): the fast, Redis-free tests of guards/, machines/ and the policy.
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** Lower runs first: unit tests, then anything else, then test/model/ (thousands of generated cases per test). */
function weight(file: TestSpecification): number {
  if (file.moduleId.includes('/test/unit/')) return 0;
  if (file.moduleId.includes('/test/model/')) return 2;
  return 1;
}

/** Stryker stops a run at the first failing test: the cheapest files go first, so a mutant a unit test kills never waits for the rest. */
class CheapestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    return [...files].sort((a, b) => weight(a) - weight(b) || a.moduleId.localeCompare(b.moduleId));
  }
}

export default defineConfig({
  test: {
    // The traversal suites (test/model/{guards,states,invariants}) build their paths at import time: under Stryker every
    // mutant they reach becomes a "static" mutant that reruns every test, hours on two cores. The property-based order
    // test judges inside its test, so it stays; the unit tests pin the boundaries the traversals also cross.
    include: [
      'test/unit/guards/**/*.test.ts',
      'test/unit/machine/**/*.test.ts',
      'test/unit/domain/**/*.test.ts',
      'test/model/order.test.ts',
    ],
    // No globalSetup: none of these suites touches Redis.
    setupFiles: ['test/mutation/setup.ts'],
    sequence: { sequencer: CheapestFirstSequencer },
    testTimeout: 60_000,
  },
});
