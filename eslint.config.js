import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'web/dist/', 'coverage/', 'test-results/', '.revpulse/', 'bench/out/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': 'off',
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      // The core is pure: no I/O, nothing of ours outside src/core.
      'no-restricted-imports': ['error', { patterns: ['node:*', 'fs', 'path', 'pg', 'kysely', '../store/*', '../ingest/*', '../engine/*', '../api/*', '../live/*'] }],
    },
  },
  {
    files: ['src/read/**/contract.ts', 'src/read/contract-common.ts', 'src/read/registry.ts'],
    rules: {
      // A contract is shared with the web app: zod/mini and other contracts only.
      'no-restricted-imports': ['error', { paths: ['zod'], patterns: ['node:*', 'kysely', 'pg', '**/core/*', '**/store/*', '**/engine/*', '**/api/*', '**/ingest/*', '**/live/*', '**/query.js', '**/load.js'] }],
    },
  },
  {
    files: ['web/src/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { regex: '^@read/(?!((.+/)?contract(-common)?|registry)\\.js$)', message: 'The web app imports only the read side contracts (src/read/*/contract.ts) and the metric registry.' },
        { regex: '^@core/(?!dates\\.js$)', message: 'The web app imports only the date module (src/core/dates.ts) from the core.' },
      ] }],
    },
  },
  {
    files: ['bin/**/*.js', '*.js', '.ci/**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
);
