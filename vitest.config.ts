import { defineConfig } from 'vitest/config';

// One project per layer so CI output says which layer failed; e2e runs last and alone
// because each test drives a real server process and a browser.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'contract',
          include: ['contract/src/**/*.test.ts'],
        },
      },
      {
        // The web app's pure logic (API client, routing guards, tree building); screens are
        // covered by the browser tests in e2e/.
        test: {
          name: 'web',
          include: ['web/src/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'server',
          include: ['server/src/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          pool: 'forks',
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['e2e/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
