// ESLint: typescript-eslint's type-checked rules, plus the layering rules of the architecture (see README, layout).
import js from '@eslint/js'
import globals from 'globals'
import tseslint from 'typescript-eslint'

/** The database drivers and the query builder belong to src/store alone. */
const STORE_ONLY = {
  paths: ['kysely', 'better-sqlite3', 'pg'].map((name) => ({ name, message: 'Only src/store talks to the database; use a port from src/app.' })),
  patterns: [{ group: ['kysely/*', 'pg/*', 'better-sqlite3/*'], message: 'Only src/store talks to the database; use a port from src/app.' }],
}

/** The domain core computes; it reads no files, serves no HTTP and knows no store. */
const DOMAIN_RULES = {
  paths: [
    ...STORE_ONLY.paths,
    ...['node:fs', 'node:fs/promises', 'fs', 'fs/promises', 'node:http', 'node:https', 'http', 'https', 'fastify'].map((name) => ({
      name,
      message: 'The domain core does no I/O: take the data as an argument, and do the reading in src/app or an adapter.',
    })),
  ],
  patterns: [
    ...STORE_ONLY.patterns,
    { group: ['@fastify/*'], message: 'The domain core knows nothing of HTTP.' },
    { regex: '(^|/)(store|http)/', message: 'The domain core imports neither the store nor the HTTP layer; domain types live in the core.' },
  ],
}

/** The dashboard shares only the HTTP contract (the zod schemas of requests and replies) with the server. */
const WEB_RULES = {
  paths: STORE_ONLY.paths,
  patterns: [
    ...STORE_ONLY.patterns,
    { regex: '^(\\.\\./)+src/(?!http/schemas/|contract/)', message: 'web/src imports from the server only its HTTP contract (src/http/schemas or src/contract).' },
  ],
}

export default tseslint.config(
  {
    ignores: ['dist/', 'web/dist/', 'node_modules/', 'coverage/', 'bench/results/', 'tmp/', 'data/', '**/*.py'],
  },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: {
        projectService: { allowDefaultProject: ['*.js', '*.cjs', 'bin/*.js', 'vitest.config.ts'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unnecessary-condition': 'error',
      '@typescript-eslint/no-non-null-assertion': 'error',
      // `_name` marks a parameter a signature requires but the body does not use.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      'no-restricted-imports': ['error', STORE_ONLY],
      // Chinese text uses the ideographic space (U+3000) in comments and template strings; elsewhere it is a mistake.
      'no-irregular-whitespace': ['error', { skipStrings: true, skipComments: true, skipTemplates: true, skipRegExps: true, skipJSXText: true }],
    },
  },
  {
    // Tests: a wrong `!` fails the test with a TypeError, which is what an assertion would do.
    files: ['test/**', '**/*.test.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    // The store contract suite and its helpers create and inspect the databases themselves.
    files: ['test/contract/**', 'test/helpers/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // Evaluated in the page by the browser test.
    files: ['test/e2e/*.js'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['src/store/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['src/core/**', 'src/plan/**', 'src/regions/**', 'src/monitoring/**', 'src/forecasting/**', 'src/evaluation/**', 'src/tasks/**'],
    ignores: ['**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', DOMAIN_RULES] },
  },
  {
    files: ['web/src/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: { 'no-restricted-imports': ['error', WEB_RULES] },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    extends: [tseslint.configs.disableTypeChecked],
  },
)
