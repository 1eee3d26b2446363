// StrykerJS configuration (npm run test:mutation): mutation testing of the pure core (guards/, machines/, domain/policy.ts), not part of CI; see docs/mutation.md.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
const config = {
  packageManager: 'npm',
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  // `related: false`: run the listed suites, not vitest's guess of the files related to a mutant.
  vitest: { configFile: 'test/mutation/vitest.config.ts', related: false },
  mutate: ['guards/**/*.ts', 'machines/**/*.ts', 'domain/policy.ts'],
  coverageAnalysis: 'perTest',
  concurrency: 2,
  // Reuses the results of unchanged mutants and tests from the previous run (reports/ is git-ignored). It also reuses a
  // static mutant's survival after a new test kills it: measure the score with `npm run test:mutation -- --force`.
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  // The sandbox lives in .tmp/, which git and the lint already ignore; other engineers' files are never mutated in place.
  tempDirName: '.tmp/stryker',
  ignorePatterns: ['reports', 'coverage', '.tmp', 'test/browser', 'test/load', 'test/fault', 'test/bench'],
  reporters: ['progress', 'clear-text', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  clearTextReporter: { allowEmojis: false, logTests: false },
  thresholds: { high: 90, low: 80, break: null },
  timeoutMS: 10_000,
};

export default config;
