// ESLint flat config: typescript-eslint's recommended rules with type information (no floating promises), no `any`, and the purity of domain/, machines/, guards/ and bots/.
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

const PURE = 'domain/, machines/, guards/ and bots/ are pure';
const NO_IO = `${PURE}: no I/O.`;

/** Imports that mean I/O or the host: services/, server/, cli/ (relative or not), Node built-ins and the effectful packages. */
const impurePatterns = [
  {
    group: ['**/services', '**/services/**', '**/server', '**/server/**', '**/cli', '**/cli/**'],
    message: `${PURE}: services/ and server/ import the core, never the reverse.`,
  },
  { group: ['node:*'], message: NO_IO },
  {
    group: ['pino', 'pino/**', 'ioredis', 'ioredis/**', 'bullmq', 'bullmq/**', 'express', 'express/**', 'libsql', 'libsql/**', '@libsql/**', 'prom-client', 'prom-client/**'],
    message: NO_IO,
  },
];
const builtinPaths = builtinModules.map((name) => ({ name, message: NO_IO }));

/** Clocks, randomness, timers, the environment and the network, reached as globals. */
const impureGlobals = [
  ...['process', 'require', 'globalThis'].map((name) => ({ name, message: `${PURE}: no environment, no host objects.` })),
  ...['fetch', 'XMLHttpRequest', 'WebSocket'].map((name) => ({ name, message: NO_IO })),
  ...['performance', 'crypto'].map((name) => ({ name, message: `${PURE}: no clock, no randomness.` })),
  ...['setTimeout', 'setInterval', 'setImmediate', 'queueMicrotask', 'clearTimeout', 'clearInterval', 'clearImmediate'].map((name) => ({
    name,
    message: `${PURE}: no timers; time arrives on the event.`,
  })),
];

const impureProperties = [
  { object: 'Date', property: 'now', message: 'time arrives on the event' },
  { object: 'performance', property: 'now', message: 'time arrives on the event' },
  { object: 'Math', property: 'random', message: 'pure code is deterministic' },
  { object: 'crypto', property: 'randomUUID', message: 'pure code is deterministic' },
  { object: 'crypto', property: 'getRandomValues', message: 'pure code is deterministic' },
];

const impureSyntax = [
  { selector: "NewExpression[callee.name='Date']", message: 'time arrives on the event: no Date in pure code (format dates in services/).' },
  { selector: "CallExpression[callee.name='Date']", message: 'time arrives on the event: no Date in pure code.' },
  { selector: "Program > VariableDeclaration[kind=/^(let|var)$/]", message: 'no module-level mutable state: a top-level let/var is shared by every conversation.' },
  {
    selector: "Program > ExportNamedDeclaration > VariableDeclaration[kind=/^(let|var)$/]",
    message: 'no module-level mutable state: a top-level let/var is shared by every conversation.',
  },
  { selector: 'ImportExpression', message: `${PURE}: no dynamic import.` },
];

export default tseslint.config(
  // test/fixtures/lint/ holds deliberate violations; test/architecture/purity-lint.test.ts lints them as if they were pure files.
  { ignores: ['node_modules/**', 'coverage/**', '.tmp/**', 'server/inspect/static/**', 'test/fixtures/lint/**'] },
  ...tseslint.configs.recommended,
  {
    // Type information (the tsconfig's program) for the promise rules; files outside the tsconfig are listed here.
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['vitest.browser.config.ts'] }, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/ban-ts-comment': 'error',
      // Module augmentation (declare global { namespace Express }) is how express types request fields.
      '@typescript-eslint/no-namespace': ['error', { allowDeclarations: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  // Plain JavaScript (this file, static browser scripts) is not in the tsconfig: no type-aware rules there.
  { files: ['**/*.js', '**/*.mjs', '**/*.cjs'], ...tseslint.configs.disableTypeChecked },
  {
    files: ['domain/**/*.ts', 'machines/**/*.ts', 'guards/**/*.ts', 'bots/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: builtinPaths, patterns: impurePatterns }],
      'no-restricted-globals': ['error', ...impureGlobals],
      'no-restricted-properties': ['error', ...impureProperties],
      'no-restricted-syntax': ['error', ...impureSyntax],
    },
  },
  {
    files: ['domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: builtinPaths,
          patterns: [...impurePatterns, { regex: '^(?!zod(?:/|$)|\\./)', message: 'domain/ is the ground floor: it imports zod and other domain/ files only.' }],
        },
      ],
    },
  },
);
