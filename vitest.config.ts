import { defineConfig } from 'vitest/config';

// Tests read the packages' sources through the `source` export condition of each package.json,
// so no build is needed to run the unit projects.
// Vite's default conditions, with `source` first.
const resolve = { conditions: ['source', 'module', 'browser', 'development|production'] };
const ssr = { resolve: { conditions: ['source', 'module', 'node', 'development|production'] } };

export default defineConfig({
  resolve,
  ssr,
  test: {
    reporters: ['default', ['json', { outputFile: '.vitest-results.json' }]],
    projects: [
      {
        resolve,
        ssr,
        test: {
          name: 'core',
          typecheck: {
            enabled: true,
            include: ['packages/*/src/**/*.test-d.ts'],
            tsconfig: 'packages/core/tsconfig.typecheck.json',
          },
          environment: 'jsdom',
          include: ['packages/core/{src,test}/**/*.test.ts'],
          exclude: ['**/*.server.test.*'],
        },
      },
      {
        resolve,
        ssr,
        test: { name: 'server', environment: 'node', include: ['packages/*/src/**/*.server.test.{ts,tsx}'] },
      },
      {
        resolve,
        ssr,
        test: {
          name: 'react',
          environment: 'jsdom',
          include: ['packages/react/src/**/*.test.tsx'],
          exclude: ['**/*.server.test.*'],
        },
      },
      {
        resolve,
        ssr,
        test: {
          name: 'vue',
          environment: 'jsdom',
          include: ['packages/vue/src/**/*.test.ts'],
          exclude: ['**/*.server.test.*'],
        },
      },
      {
        test: { name: 'simulator', environment: 'node', include: ['packages/simulator/test/**/*.test.ts'] },
      },
      {
        // The docs' tested snippets (docs/snippets/<name>.ts, embedded in the pages). Node by
        // default; a test that needs a DOM says so with a `// @vitest-environment jsdom` first line.
        resolve,
        ssr,
        test: { name: 'docs', environment: 'node', include: ['docs/snippets/**/*.test.{ts,tsx}'] },
      },
      {
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['e2e/**/*.e2e.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
