// Shared Vitest settings: resolve workspace packages to their TypeScript sources
// (the "@procura/source" export condition) so tests never need a prior build.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { defaultServerConditions } from 'vite';

const conditions = ['@procura/source', ...defaultServerConditions];

/**
 * @param {import('vitest/config').ViteUserConfig['test'] & { database?: boolean }} options
 *   `database: true` starts PostgreSQL once for the run and migrates a template database that
 *   `createTestDatabase()` from `@procura/db/testing` clones for each test file.
 * @param {string} [configUrl] the calling config's `import.meta.url`, to find @procura/db from it.
 */
export function procuraVitestConfig(options = {}, configUrl = import.meta.url) {
  const { database, ...test } = options;
  const globalSetup = database
    ? [
        join(
          dirname(createRequire(configUrl).resolve('@procura/db/package.json')),
          'src/testing/global-setup.ts',
        ),
      ]
    : [];
  return {
    resolve: { conditions },
    ssr: { resolve: { conditions } },
    test: {
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      testTimeout: 20_000,
      hookTimeout: 60_000,
      globalSetup,
      ...test,
    },
  };
}
