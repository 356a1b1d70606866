import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (p: string): string => fileURLToPath(new URL(p, import.meta.url));

// Tests read the packages' sources, so no build is needed to run the unit projects.
const alias = {
  '@b24-callcard/core/testing': src('./packages/core/src/testing/index.ts'),
  '@b24-callcard/core': src('./packages/core/src/index.ts'),
  '@b24-callcard/react': src('./packages/react/src/index.ts'),
  '@b24-callcard/vue': src('./packages/vue/src/index.ts'),
};

export default defineConfig({
  resolve: { alias },
  test: {
    reporters: ['default', ['json', { outputFile: '.vitest-results.json' }]],
    projects: [
      {
        resolve: { alias },
        test: {
          name: 'core',
          typecheck: {
            enabled: true,
            include: ['packages/*/test/**/*.test-d.ts'],
            tsconfig: 'packages/core/tsconfig.typecheck.json',
          },
          environment: 'jsdom',
          include: ['packages/core/test/**/*.test.ts'],
          exclude: ['**/*.server.test.*'],
        },
      },
      {
        resolve: { alias },
        test: { name: 'server', environment: 'node', include: ['packages/*/test/**/*.server.test.{ts,tsx}'] },
      },
      {
        resolve: { alias },
        test: {
          name: 'react',
          environment: 'jsdom',
          include: ['packages/react/test/**/*.test.tsx'],
          exclude: ['**/*.server.test.*'],
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'vue',
          environment: 'jsdom',
          include: ['packages/vue/test/**/*.test.ts'],
          exclude: ['**/*.server.test.*'],
        },
      },
      {
        test: { name: 'simulator', environment: 'node', include: ['packages/simulator/test/**/*.test.ts'] },
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
