import { configDefaults, defineConfig } from 'vitest/config';

// Two projects, both run by `npm test`: `unit` (in-process tests) and `resilience` (test/resilience/: the real
// server started as a child process, faults injected; `npm run test:resilience` runs it alone). The resilience
// files run one at a time, after the unit tests (groupOrder), so that their servers do not compete for the CPU.
export default defineConfig({
  test: {
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, 'test/resilience/**'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'resilience',
          include: ['test/resilience/**/*.test.ts'],
          testTimeout: 300_000,
          hookTimeout: 180_000,
          fileParallelism: false,
          sequence: { groupOrder: 1 },
          // Empties test-results/resilience-figures.txt, where the files gather the figures they print.
          globalSetup: ['test/resilience/global-setup.ts'],
        },
      },
    ],
  },
});
