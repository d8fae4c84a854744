import type { InvoicingDatabase } from '@procura/db';
import { runServiceProcess } from '@procura/runtime';
import { createApp } from './app.js';
import { config } from './config.js';
import { consumePurchaseOrderEvents } from './consumers/purchase-orders.consumer.js';

await runServiceProcess<InvoicingDatabase>({
  name: 'invoicing',
  schema: 'invoicing',
  config: config(),
  consume: consumePurchaseOrderEvents,
  createApp,
});
