// Typed lint: the rules that catch real bugs in async broker code.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'src/protocol/generated/**', 'completions/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['*.js', 'bin/*.js'] }, tsconfigRootDir: import.meta.dirname },
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
  {
    files: ['bin/*.js', '*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
);
