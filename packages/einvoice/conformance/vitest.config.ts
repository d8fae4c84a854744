import { procuraVitestConfig } from '@procura/config/vitest';
import { defineConfig } from 'vitest/config';

// The conformance suite reads the public sample corpus outside the repository (PROCURA_CONFORMANCE_DIR,
// by default ../shared/conformance beside the repository): `npm run conformance`, never `npm test`.
export default defineConfig(
  procuraVitestConfig(
    { include: ['conformance/**/*.conformance.test.ts'], testTimeout: 60_000 },
    import.meta.url,
  ),
);
