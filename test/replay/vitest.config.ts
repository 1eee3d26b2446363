// Vitest configuration for the replay suite (npm run test:replay): a day of simulated traffic into a real host on Redis, then baton replay.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/replay/**/*.test.ts'],
    testTimeout: 120_000,
    // Simulating the day into a real host takes a few minutes on a busy 2-core machine.
    hookTimeout: 900_000,
    fileParallelism: false,
  },
});
