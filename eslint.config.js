// Typed lint: the rules that catch real bugs in async broker code.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'src/protocol/generated/**', 'completions/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['*.js', 'bin/*.js', 'cjs/*.cjs', 'cjs/*.d.cts'] }, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true, allowNullish: true }],
    },
  },
  {
    files: ['src/protocol/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/broker/**', '**/cli/**', '**/client/**', '**/core/**', 'kafkajs'], message: 'protocol/ is sans-IO: it imports nothing above it.' }] }],
    },
  },
  {
    files: ['src/broker/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['kafkajs', '**/cli/**'], message: 'The broker never depends on a client library or the CLI.' }] }],
    },
  },
  // The invariants ARCHITECTURE.md states; test/unit/architecture/imports.test.ts checks the layers
  // and import cycles over the whole of src/.
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'kafkajs', message: 'core/ reaches Kafka through src/client/ (kafkajs is only the tests\' reference client).' },
            ...['process', 'node:process', 'tty', 'node:tty', 'chalk', 'ora', 'cli-table3'].map((name) => ({ name, message: 'core/ returns plain data: the process, the TTY and styling belong to cli/.' })),
          ],
          patterns: [{ group: ['**/cli/**', '**/broker/**'], message: 'core/ sits below cli/ and beside broker/.' }],
        },
      ],
      'no-restricted-globals': ['error', { name: 'process', message: 'core/ never touches the process: take what you need (env, clock, streams) as a parameter.' }],
      'no-restricted-syntax': ['error', { selector: "MemberExpression[property.name='isTTY']", message: 'core/ never asks about the TTY: cli/output/io.ts decides.' }],
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/cli/main.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        ...['exit', 'exitCode', 'abort', 'reallyExit'].map((property) => ({ object: 'process', property, message: 'Only src/cli/main.ts decides how the process ends: return an exit code or throw.' })),
      ],
    },
  },
  {
    files: ['bin/*.js', '*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
  // The package's hand-written CommonJS entries (they import() the ESM build) and their typings.
  {
    files: ['cjs/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { sourceType: 'commonjs', globals: { exports: 'writable', process: 'readonly' } },
  },
  {
    files: ['cjs/*.d.cts'],
    ...tseslint.configs.disableTypeChecked,
  },
);
