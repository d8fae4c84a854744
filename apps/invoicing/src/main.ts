import type { InvoicingDatabase } from '@procura/db';
import { runServiceProcess, type ServiceParts } from '@procura/runtime';
import { createApp } from './app.js';
import { config } from './config.js';
import { consumePurchaseOrderEvents } from './consumers/purchase-orders.consumer.js';
import { consumeSupplierEvents } from './consumers/suppliers.consumer.js';
import { loadDemoData } from './demo/load-demo-data.js';

await runServiceProcess<InvoicingDatabase>({
  name: 'invoicing',
  schema: 'invoicing',
  config: config(),
  consume: async (parts: ServiceParts<InvoicingDatabase>) => {
    await consumePurchaseOrderEvents(parts);
    await consumeSupplierEvents(parts);
  },
  loadDemoData,
  createApp,
});
