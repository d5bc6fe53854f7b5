import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Temporal's native bridge and embedded PostgreSQL child processes want real processes, not threads.
    pool: 'forks',
    include: ['test/**/*.test.ts'],
    // The fault suite restarts a whole stack and waits on timers of seconds: minutes of wall time that a
    // loaded machine stretches past any fair bound. It has its own command, `npm run test:faults`; the
    // cluster suite builds and runs the real Temporal server: `npm run test:cluster` only.
    exclude: [...configDefaults.exclude, 'test/faults/**', 'test/cluster/**'],
    globalSetup: ['test/support/globalSetup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: true,
    maxWorkers: 2,
    reporters: ['default', './test/support/summaryReporter.ts'],
  },
});
