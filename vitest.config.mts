import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Temporal's native bridge and embedded PostgreSQL child processes want real processes, not threads.
    pool: 'forks',
    include: ['test/**/*.test.ts'],
    // The cluster suite builds and runs the real Temporal server: `npm run test:cluster` only.
    exclude: [...configDefaults.exclude, 'test/cluster/**'],
    globalSetup: ['test/support/globalSetup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: true,
    maxWorkers: 2,
    reporters: ['default', './test/support/summaryReporter.ts'],
  },
});
