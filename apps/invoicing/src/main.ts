import type { InvoicingDatabase } from '@procura/db';
import { createMailer } from '@procura/mail';
import { runServiceProcess, type ServiceParts } from '@procura/runtime';
import { createApp } from './app.js';
import { config } from './config.js';
import { consumePurchaseOrderEvents } from './consumers/purchase-orders.consumer.js';
import { consumeSupplierEvents } from './consumers/suppliers.consumer.js';
import { loadDemoData } from './demo/load-demo-data.js';
import { startCreditNoteMailJob } from './jobs/credit-note-mail.job.js';

const settings = config();
const mailer = settings.SMTP_URL ? createMailer(settings.SMTP_URL, { from: settings.MAIL_FROM }) : undefined;

await runServiceProcess<InvoicingDatabase>({
  name: 'invoicing',
  schema: 'invoicing',
  config: settings,
  consume: async (parts: ServiceParts<InvoicingDatabase>) => {
    await consumePurchaseOrderEvents(parts);
    await consumeSupplierEvents(parts);
    if (mailer) await startCreditNoteMailJob({ ...parts, mailer, cron: settings.CREDIT_NOTE_MAIL_CRON });
    else parts.logger.warn('SMTP_URL is not set: credit note requests will not be mailed');
  },
  loadDemoData,
  createApp,
});
