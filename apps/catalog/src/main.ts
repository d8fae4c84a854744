import { type CatalogDatabase, connect } from '@procura/db';
import { createMailer } from '@procura/mail';
import { runServiceProcess } from '@procura/runtime';
import type { Kysely } from 'kysely';
import { createApp } from './app.js';
import { config } from './config.js';
import { loadDemoData } from './demo/load-demo-data.js';
import { startComplianceCheckJob } from './jobs/compliance-check.job.js';
import { searchDatabaseUrl } from './repositories/item-search.repository.js';

const settings = config();
const mailer = settings.SMTP_URL ? createMailer(settings.SMTP_URL, { from: settings.MAIL_FROM }) : undefined;
let searchDb: Kysely<CatalogDatabase> | undefined;

const service = await runServiceProcess<CatalogDatabase>({
  name: 'catalog',
  schema: 'catalog',
  config: settings,
  loadDemoData,
  consume: async (parts) => {
    if (!mailer) parts.logger.warn('SMTP_URL is not set: compliance reminders will not be sent');
    await startComplianceCheckJob({ ...parts, mailer, cron: settings.COMPLIANCE_CHECK_CRON });
  },
  createApp: (parts) => {
    // Search runs on connections of its own, whose sessions keep generic plans.
    searchDb = connect<CatalogDatabase>({
      url: searchDatabaseUrl(settings.DATABASE_URL),
      applicationName: 'procura-catalog-search',
      onIdleConnectionError: (error) =>
        parts.logger.warn({ err: error }, 'PostgreSQL closed an idle search connection'),
    });
    return createApp({ ...parts, mailer, searchDb });
  },
});
// Closed once the server has stopped answering (the service's own pool closes after the jobs).
service.server.once('close', () => void searchDb?.destroy());
