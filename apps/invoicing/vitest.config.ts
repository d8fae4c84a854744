import { procuraVitestConfig } from '@procura/config/vitest';
import { configDefaults, defineConfig } from 'vitest/config';

// Conformance tests need the official schemas outside the repository: they have their own run
// (vitest.conformance.config.ts, `pnpm conformance`).
export default defineConfig(
  procuraVitestConfig(
    { database: true, exclude: [...configDefaults.exclude, '**/*.conformance.test.ts'] },
    import.meta.url,
  ),
);
