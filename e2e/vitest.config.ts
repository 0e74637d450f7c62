import { defineConfig } from 'vitest/config';

// Browser tests: a real server (PGlite in memory, demo data) and Debian's Chromium. One file at a time, since
// each boots its own server and browser; the client must be built first (`npm run test:e2e` does that).
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
    pool: 'forks',
  },
});
