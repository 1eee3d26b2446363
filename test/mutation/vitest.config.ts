// Vitest configuration for Stryker (npm run test:mutation): the fast, Redis-free tests of guards/, machines/ and the policy.
import { defineConfig } from 'vitest/config';
import { CheapestFirstSequencer } from './sequencer';

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
    // Stryker stops a run at the first failing test: the cheapest files go first.
    sequence: { sequencer: CheapestFirstSequencer },
    testTimeout: 60_000,
  },
});
