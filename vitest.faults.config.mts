// `npm run test:faults`: the full fault suite (more rounds of each fault) against the launcher's own
// stack. It needs none of the shared test servers and is not part of `npm test` (FAULT_SUITE=short
// runs one round of each fault).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    pool: 'forks',
    include: ['test/faults/**/*.test.ts'],
    env: { FAULT_SUITE: process.env.FAULT_SUITE ?? 'full' },
    testTimeout: 600_000,
    hookTimeout: 300_000,
    reporters: ['default', './test/support/summaryReporter.ts'],
  },
});
