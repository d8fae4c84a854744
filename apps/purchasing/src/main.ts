import type { PurchasingDatabase } from '@procura/db';
import { createMailer } from '@procura/mail';
import { runServiceProcess } from '@procura/runtime';
import { createApp } from './app.js';
import { config } from './config.js';
import { consumeDirectoryEvents } from './consumers/directory.consumer.js';
import { consumeInvoiceEvents } from './consumers/invoices.consumer.js';
import { consumeSupplierEvents } from './consumers/supplier-status.consumer.js';
import { loadDemoData } from './demo/load-demo-data.js';
import { startApprovalFollowUpJob } from './jobs/approval-follow-up.job.js';
import { orderDispatchQueue, startOrderDispatchJob } from './jobs/order-dispatch.job.js';

const settings = config();
const mailer = settings.SMTP_URL ? createMailer(settings.SMTP_URL, { from: settings.MAIL_FROM }) : undefined;
const approvalLinks = settings.APPROVAL_LINK_SECRET
  ? {
      secret: settings.APPROVAL_LINK_SECRET,
      publicUrl: settings.PUBLIC_URL,
      validDays: settings.APPROVAL_LINK_DAYS,
    }
  : undefined;

await runServiceProcess<PurchasingDatabase>({
  name: 'purchasing',
  schema: 'purchasing',
  config: settings,
  consume: async (parts) => {
    await consumeSupplierEvents(parts);
    await consumeDirectoryEvents(parts);
    await consumeInvoiceEvents(parts);
    if (!mailer) parts.logger.warn('SMTP_URL is not set: approval reminders will not be sent');
    if (!approvalLinks)
      parts.logger.warn('APPROVAL_LINK_SECRET is not set: approval reminders carry no approve/reject links');
    await startApprovalFollowUpJob({
      ...parts,
      mailer,
      links: approvalLinks,
      cron: settings.APPROVAL_FOLLOW_UP_CRON,
      policy: {
        reminderAfterWorkingDays: settings.APPROVAL_REMINDER_DAYS,
        escalationAfterWorkingDays: settings.APPROVAL_ESCALATION_DAYS,
      },
    });
    await startOrderDispatchJob({
      ...parts,
      mailer,
      links: approvalLinks && { secret: approvalLinks.secret, publicUrl: approvalLinks.publicUrl },
      cron: settings.PO_DISPATCH_CRON,
    });
  },
  loadDemoData,
  createApp: (parts) =>
    createApp({
      ...parts,
      approvalLinks,
      purchaseOrders: {
        overReceiptPercent: settings.PO_OVER_RECEIPT_PERCENT,
        reapprovalPercent: settings.PO_REAPPROVAL_PERCENT,
        dispatchNow: () => parts.bus.send(orderDispatchQueue, {}).then(() => undefined),
      },
    }),
});
