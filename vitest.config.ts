// Vitest configuration: everything under test/ except the browser, load, fault, replay and cluster suites (they have their own scripts).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/browser/**', 'test/load/**', 'test/fault/**', 'test/replay/**', 'test/cluster/**', 'node_modules/**'],
    globalSetup: ['test/setup/redis-global.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
