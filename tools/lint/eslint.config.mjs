// ESLint for the whole tree, run by `npm test` (scripts/lint.sh). Type-aware rules catch promises nobody awaits
// or handles; the import rules keep the layers: shared/ is pure, the renderer reaches only shared/, services
// never reach into a host.
import path from 'node:path';
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const root = path.resolve(import.meta.dirname, '..', '..');
const NODE_BUILTINS = [
  'node:*',
  'fs',
  'fs/*',
  'path',
  'os',
  'crypto',
  'child_process',
  'net',
  'tls',
  'http',
  'https',
  'zlib',
  'stream',
  'worker_threads',
  'url',
  'util',
  'events',
  'buffer',
];

export default tseslint.config(
  // Plain JS (build scripts, benches) and declaration files are not type-checked by the project's tsconfigs.
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'tools/**',
      'test-results/**',
      'playwright-report/**',
      '**/*.mjs',
      '**/*.js',
      '**/*.cjs',
      '**/*.d.ts',
      'vite.config.ts',
    ],
  },
  {
    files: ['**/*.ts', '**/*.tsx'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    languageOptions: {
      parserOptions: {
        project: [path.join(root, 'tsconfig.json'), path.join(root, 'renderer', 'tsconfig.json')],
        tsconfigRootDir: root,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Empty interfaces extended by declaration merging (the services registry) are intended.
      '@typescript-eslint/no-empty-object-type': 'off',
      'no-empty': ['error', { allowEmptyCatch: true }],
    },
  },
  {
    // Tests read known-answer vectors and raw host replies as loose JSON; production code may not.
    files: ['**/*.test.ts', 'test/**/*.ts', 'e2e/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['renderer/**/*.tsx', 'renderer/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    files: ['shared/**/*.ts'],
    ignores: ['shared/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: NODE_BUILTINS, message: 'shared/ is pure: no Node modules (use Uint8Array, @noble/hashes...).' },
            { group: ['**/electron/**', '**/renderer/**'], message: 'shared/ imports only shared/ and pure packages.' },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: NODE_BUILTINS, message: 'The renderer has no Node: ask the backend through the contract.' },
            { group: ['**/electron/**'], message: 'The renderer reaches the backend only through shared/contract and the api client.' },
          ],
        },
      ],
    },
  },
  {
    files: ['electron/services/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/hosts/**', '**/electron/main/**', '../main/*', '../../main/*', '**/cli/**'],
              message: 'Services are host-agnostic: a host imports services, never the reverse.',
            },
          ],
        },
      ],
    },
  },
);
