// One lint setup for every workspace package.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '**/coverage/**', '**/*.js', '**/*.cjs', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    // Files and functions a reader can hold (issue 12): a source file under ~400 lines, a function under ~80.
    // Declarative tables are object literals, not functions, so they are not counted; test suites (tests, the
    // ports' contract suites, the e2e scenarios) are lists of cases and are left out.
    files: ['**/*.ts', '**/*.tsx'],
    ignores: ['**/*.test.ts', '**/contract.ts', '**/*Contract.ts', 'test/**'],
    rules: {
      'max-lines': ['error', { max: 400, skipBlankLines: true, skipComments: true }],
      'max-lines-per-function': ['error', { max: 80, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    // Tests read loosely typed JSON replies.
    files: ['**/*.test.ts', 'test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // The domain core imports no infrastructure (style.md rule 8).
    files: ['packages/appeal-domain/src/**', 'packages/calendar/src/**', 'packages/contracts/src/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                'express',
                'kafkajs',
                'mongodb',
                'better-sqlite3',
                'pg',
                '@opentelemetry/*',
                'pino',
                'node:fs',
                'fs',
                'node:http',
              ],
              message: 'The domain core imports no infrastructure.',
            },
            {
              group: [
                '@appeals/eventstore*',
                '@appeals/bus*',
                '@appeals/readstore*',
                '@appeals/http',
                '@appeals/relay',
              ],
              message: 'The domain core imports no adapter.',
            },
            // personal data is sealed and opened in the application layer; the core only carries ciphertext (ADR 0006)
            {
              group: ['node:crypto', 'crypto', '@appeals/personal-data', '@appeals/keystore-*'],
              message: 'The domain core does no cryptography.',
            },
          ],
        },
      ],
    },
  },
  {
    // The vocabulary is browser-safe: the web app bundles it (@appeals/contracts/vocabulary), so it imports nothing.
    files: ['packages/contracts/src/vocabulary.ts', 'packages/contracts/src/streams.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!\\./streams$)',
              message:
                'The vocabulary imports nothing but itself (no zod, no Node built-ins, no schema module): the web app bundles it.',
            },
          ],
        },
      ],
    },
  },
  {
    // The decider's command handler talks to the EventStore port, never to an adapter.
    files: ['packages/decider/src/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '@appeals/eventstore-*',
                '@appeals/bus*',
                '@appeals/readstore*',
                '@appeals/http',
                'express',
                'better-sqlite3',
              ],
              message: 'The decider package depends on ports only.',
            },
          ],
        },
      ],
    },
  },
  {
    // process.env is read only in each service's validated env.ts.
    files: ['packages/**/src/**/*.ts', 'services/**/src/**/*.ts', 'infra/cli/src/**/*.ts'],
    ignores: ['**/env.ts', '**/*.test.ts', 'packages/testing/**'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read configuration through env.ts.' },
      ],
    },
  },
);
