import type { PurchasingDatabase } from '@procura/db';
import { runServiceProcess } from '@procura/runtime';
import { createApp } from './app.js';
import { config } from './config.js';
import { consumeDirectoryEvents } from './consumers/directory.consumer.js';
import { consumeSupplierEvents } from './consumers/supplier-status.consumer.js';
import { loadDemoData } from './demo/load-demo-data.js';

await runServiceProcess<PurchasingDatabase>({
  name: 'purchasing',
  schema: 'purchasing',
  config: config(),
  consume: async (parts) => {
    await consumeSupplierEvents(parts);
    await consumeDirectoryEvents(parts);
  },
  loadDemoData,
  createApp,
});
