// Vitest configuration for the load suite (npm run test:load): autocannon against the host over loopback.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/load/**/*.test.ts'],
    testTimeout: 180_000,
    fileParallelism: false,
  },
});
