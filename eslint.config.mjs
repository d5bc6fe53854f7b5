// Lint: typescript-eslint with type information. Two rules matter most here:
// - no floating promises: an un-awaited promise loses its error (and, in a workflow, its ordering);
// - workflows/ and domain/ import no Node built-ins: workflow code must stay deterministic and the
//   domain pure (see the design's layout table).
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = ['fs', 'path', 'child_process', 'crypto', 'http', 'https', 'os', 'net', 'dns', 'tls', 'worker_threads', 'process', 'timers'];

export default tseslint.config(
  {
    ignores: ['node_modules/**', '.venv/**', 'data/**', 'test-output/**', 'coverage/**', '**/*.js', '**/*.mjs', '**/*.cjs'],
  },
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.base],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
    },
  },
  {
    files: ['workflows/**/*.ts', 'domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: NODE_BUILTINS.map((name) => ({
            name,
            message: 'workflows/ and domain/ use no Node built-ins: workflow code is deterministic, the domain is pure.',
          })),
          patterns: [{ group: ['node:*'], message: 'workflows/ and domain/ use no Node built-ins.' }],
        },
      ],
    },
  },
);
