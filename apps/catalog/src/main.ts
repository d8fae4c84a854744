import type { CatalogDatabase } from '@procura/db';
import { createMailer } from '@procura/mail';
import { runServiceProcess } from '@procura/runtime';
import { createApp } from './app.js';
import { config } from './config.js';
import { loadDemoData } from './demo/load-demo-data.js';
import { startComplianceCheckJob } from './jobs/compliance-check.job.js';

const settings = config();
const mailer = settings.SMTP_URL ? createMailer(settings.SMTP_URL, { from: settings.MAIL_FROM }) : undefined;

await runServiceProcess<CatalogDatabase>({
  name: 'catalog',
  schema: 'catalog',
  config: settings,
  loadDemoData,
  consume: async (parts) => {
    if (!mailer) parts.logger.warn('SMTP_URL is not set: compliance reminders will not be sent');
    await startComplianceCheckJob({ ...parts, mailer, cron: settings.COMPLIANCE_CHECK_CRON });
  },
  createApp: (parts) => createApp({ ...parts, mailer }),
});
