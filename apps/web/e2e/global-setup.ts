import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startStack } from '@procura/stack';
import { ensureChromium } from './chromium.js';

export default async function globalSetup(): Promise<() => Promise<void>> {
  ensureChromium();
  const dataDir = mkdtempSync(join(tmpdir(), 'procura-e2e-'));
  const stack = await startStack({
    dataDir,
    ports: 'auto',
    output: 'files',
    logLevel: 'warn',
    webDistDir: join(dirname(fileURLToPath(import.meta.url)), '..', 'dist'),
  });
  process.env.PROCURA_E2E_URL = stack.url;
  process.env.PROCURA_E2E_IDP_URL = stack.idpUrl;
  // Where specs that need what no page gives (an approval e-mail's link) reach the system itself.
  process.env.PROCURA_E2E_DATABASE_URL = stack.databaseUrl;
  process.env.PROCURA_E2E_DATA_DIR = dataDir;
  return async () => {
    await stack.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
