// `npm run test:cluster`: three instances of the project on the real Temporal server (built from its Go
// module, scripts/cluster/) as four services on PostgreSQL, with a worker, an API and Temporal services
// SIGKILLed in turn. Not part of `npm test`: it needs Go once to build the server, and ~15 minutes.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    pool: 'forks',
    include: ['test/cluster/**/*.test.ts'],
    testTimeout: 600_000,
    hookTimeout: 900_000,
    reporters: ['default', './test/support/summaryReporter.ts'],
  },
});
