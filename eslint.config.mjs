// Lint with type information: floating promises, exhaustive switches, no focused tests.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Data access (docs/ARCHITECTURE.md, "Data access"): SQL runs only in repositories.
const SQL_ALLOWED = [
  '**/*.repository.ts', // each module's SQL
  'apps/api/src/database/**', // Db, transactions, migrations, data source
  'apps/api/src/cli/**', // command-line scripts
  'libs/ledger/src/**', // the ledger library's internals
  'libs/*/test/**',
  'test/**',
  'bench/**',
  '**/*.spec.ts',
];

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      '.data/**',
      'apps/api/public/**',
      'coverage/**',
      'artifacts/**',
      'web/src/generated/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-properties': [
        'error',
        { object: 'describe', property: 'only', message: 'no focused tests' },
        { object: 'it', property: 'only', message: 'no focused tests' },
        { object: 'test', property: 'only', message: 'no focused tests' },
      ],
    },
  },
  {
    files: ['**/*.ts', '**/*.tsx'],
    ignores: SQL_ALLOWED,
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.type='MemberExpression'][callee.property.name='query']",
          message:
            'SQL belongs in a repository: move this .query( into a method of <module>/<name>.repository.ts that takes businessId first and tx?: Tx last (Db from apps/api/src/database/db.ts); see docs/ARCHITECTURE.md "Data access".',
        },
      ],
    },
  },
);
