// Vitest configuration for the browser suite (npm run test:browser): a real headless Chromium against real hosts (in-process, and two on one Redis).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/browser/**/*.test.ts'],
    globalSetup: ['test/setup/redis-global.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
