import type { CatalogDatabase } from '@procura/db';
import { runServiceProcess } from '@procura/runtime';
import { createApp } from './app.js';
import { config } from './config.js';
import { loadDemoData } from './demo/load-demo-data.js';

await runServiceProcess<CatalogDatabase>({
  name: 'catalog',
  schema: 'catalog',
  config: config(),
  loadDemoData,
  createApp,
});
