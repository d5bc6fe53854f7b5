import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Temporal's native bridge and embedded PostgreSQL child processes want real processes, not threads.
    pool: 'forks',
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/globalSetup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: true,
    maxWorkers: 2,
    reporters: ['default', './test/support/summaryReporter.ts'],
  },
});
