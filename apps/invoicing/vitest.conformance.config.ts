// The conformance run: what Procura writes, checked against official schemas kept outside the
// project (PROCURA_CONFORMANCE_DIR, by default ../shared/conformance beside the repository).
// `npm test` never runs these files; `pnpm --filter @procura/invoicing conformance` does.
import { procuraVitestConfig } from '@procura/config/vitest';
import { defineConfig } from 'vitest/config';

export default defineConfig(
  procuraVitestConfig(
    {
      include: ['src/**/*.conformance.test.ts', 'test/**/*.conformance.test.ts'],
      // The payment run's file is made from invoices stored in a real database.
      database: true,
    },
    import.meta.url,
  ),
);
