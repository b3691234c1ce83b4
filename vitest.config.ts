import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    reporters: ['default', './test/summary-reporter.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Two cores: keep parallel files low so timing-sensitive stream tests are not starved.
    maxWorkers: 2,
    minWorkers: 1,
  },
});
