import { defineConfig } from 'vitest/config';

// Unit and integration tests sit next to the code (`*.test.ts`). The browser tests in e2e/ have their own
// config (e2e/vitest.config.ts) because they need a built client and Chromium.
export default defineConfig({
  test: {
    include: ['shared/**/*.test.ts', 'server/**/*.test.ts', 'db/**/*.test.ts', 'client/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
