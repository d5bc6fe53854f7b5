import { defineConfig } from 'vitest/config';

// The rules' own tests, without the servers' globalSetup: what Stryker runs for each mutant of
// domain/ and codec/ (npm run test:mutation). Only tests that need no server belong here.
export default defineConfig({
  test: {
    include: ['test/domain/**/*.test.ts', 'test/codec/**/*.test.ts'],
    // failures.test.ts runs workflows on the time-skipping server: not a fast rule test.
    exclude: ['test/codec/failures.test.ts'],
    pool: 'forks',
    testTimeout: 60_000,
  },
});
