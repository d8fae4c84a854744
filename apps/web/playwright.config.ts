import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './e2e/chromium.js';

// End-to-end tests drive the built web app in Debian's Chromium, against the whole system started
// by the global setup (embedded PostgreSQL, every service, the gateway).
export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  globalSetup: './e2e/global-setup.ts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 30_000,
  reporter: [['list']],
  use: {
    launchOptions: chromiumLaunchOptions(),
    locale: 'fr-FR',
    trace: 'retain-on-failure',
  },
});
