import { defineConfig } from 'vitest/config';

// Three tiers, each a vitest project (`npm run test:unit`, `test:integration`, `test:e2e`;
// `npm test` runs them all):
// - unit: pure code (shared/, renderer logic) in memory, tables of cases; the whole tier
//   runs in seconds (seeded fuzz and property tests go with integration).
// - integration: the file system, the CLI, the back end, and Hugo as an oracle.
// - e2e: the built app in Chromium.
const slow = ['test/**/*hugo*.test.ts', 'test/**/*fuzz*.test.ts', 'test/**/*property*.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Polls wait up to 10 s: end-to-end steps run beside other test files on two cores.
    expect: { poll: { timeout: 10_000 } },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/shared/**/*.test.ts', 'test/renderer/**/*.test.ts'],
          exclude: slow,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/electron/**/*.test.ts', 'test/build/**/*.test.ts', ...slow],
        },
      },
      { extends: true, test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'] } },
    ],
  },
});
