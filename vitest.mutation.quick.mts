import { defineConfig } from 'vitest/config';

// A quicker mutation run (stryker.quick.json) for the decider and the steps of the law: the
// mutation configuration without the property tests, which take some 17 s for each mutant of the
// decider, and without the calendar's own long tests (osloTime, holidays), which cover none of it.
// A score measured with it is a lower bound of the one npm run test:mutation gives.
export default defineConfig({
  test: {
    include: ['test/domain/**/*.test.ts', 'test/codec/**/*.test.ts'],
    exclude: ['test/codec/failures.test.ts', 'test/domain/**/*.property.test.ts', 'test/domain/osloTime.test.ts', 'test/domain/holidays.test.ts'],
    pool: 'forks',
    testTimeout: 60_000,
  },
});
