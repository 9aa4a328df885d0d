import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // One temporary folder per run, removed at its end (test/support/temporaryRoot.ts).
    globalSetup: ['test/support/temporaryRoot.ts'],
  },
});
