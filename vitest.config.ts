import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    alias: {
      '@read': fileURLToPath(new URL('./src/read', import.meta.url)),
      '@core': fileURLToPath(new URL('./src/core', import.meta.url)),
    },
  },
  test: {
    include: ['test/**/*.test.ts', 'web/src/**/*.test.{ts,tsx}'],
    pool: 'forks',
    // PGlite takes a few seconds and ~700 MB to start: one instance per file, two files at a time.
    maxWorkers: 2,
    // Generous: CI has 2 cores shared by two test files that each start databases, servers and
    // child processes; a test that hangs still fails, only later.
    testTimeout: 240_000,
    hookTimeout: 480_000, // a browser test's beforeAll may build the demo template (demo, health backfill, churn model, alerts)
    reporters: ['default'],
  },
});
