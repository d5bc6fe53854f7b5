// npm run test:replay: the replay tests alone. They need no database and no Temporal server (a
// replay runs the workflow code against the stored history in process), so no global setup.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    pool: 'forks',
    include: ['test/replay/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 240_000,
    reporters: ['default', './test/support/summaryReporter.ts'],
  },
});
