// ESLint flat config: typescript-eslint's recommended rules, no `any`, and the purity of machines/, guards/ and bots/.
import tseslint from 'typescript-eslint';

const impure = [
  { name: 'ioredis', message: 'machines/, guards/ and bots/ are pure: no I/O.' },
  { name: 'express', message: 'machines/, guards/ and bots/ are pure: no I/O.' },
  { name: 'bullmq', message: 'machines/, guards/ and bots/ are pure: no I/O.' },
  { name: 'node:fs', message: 'machines/, guards/ and bots/ are pure: no I/O.' },
  { name: 'node:http', message: 'machines/, guards/ and bots/ are pure: no I/O.' },
];

export default tseslint.config(
  { ignores: ['node_modules/**', 'coverage/**', '.tmp/**', 'server/inspect/static/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/ban-ts-comment': 'error',
      // Module augmentation (declare global { namespace Express }) is how express types request fields.
      '@typescript-eslint/no-namespace': ['error', { allowDeclarations: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['machines/**/*.ts', 'guards/**/*.ts', 'bots/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: impure }],
      'no-restricted-globals': ['error', { name: 'fetch', message: 'pure code does no I/O' }, { name: 'process', message: 'pure code reads no environment' }],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'time arrives on the event' },
        { object: 'Math', property: 'random', message: 'pure code is deterministic' },
      ],
    },
  },
);
