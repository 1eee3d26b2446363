// Vitest configuration for npm run test:model: the model-based suites (no Redis); the script then prints the chart coverage.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/model/**/*.test.ts'],
    testTimeout: 60_000,
  },
});
