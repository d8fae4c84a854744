import { parseEnv, parseServiceConfig } from '@procura/runtime';
import { z } from 'zod';

const wholeDays = (fallback: number) => z.coerce.number().int().min(1).max(60).default(fallback);

export const ZPurchasingEnv = z.object({
  /** Where approval reminders and escalations are sent: smtp://host:587, smtps://host:465. Unset: not sent. */
  SMTP_URL: z.preprocess(
    (value) => (value === '' ? undefined : value),
    z.url({ error: 'must be an smtp:// or smtps:// URL' }).optional(),
  ),
  MAIL_FROM: z.string().min(3).default('Procura <no-reply@procura.invalid>'),
  /** When pending approvals are followed up (cron, Europe/Paris): working days at 8:00 by default. */
  APPROVAL_FOLLOW_UP_CRON: z.string().min(9).default('0 8 * * 1-5'),
  /** Working days a pending step waits before its approvers are reminded. */
  APPROVAL_REMINDER_DAYS: wholeDays(2),
  /** Working days a pending step waits before it is escalated to the approvers' managers. */
  APPROVAL_ESCALATION_DAYS: wholeDays(4),
  /** Signs the approve/reject links of approval e-mails (32 characters at least). Unset: no links. */
  APPROVAL_LINK_SECRET: z.preprocess(
    (value) => (value === '' ? undefined : value),
    z.string().min(32, { error: 'must be 32 characters at least' }).optional(),
  ),
  /** Days an approval link stays usable. */
  APPROVAL_LINK_DAYS: wholeDays(7),
  /** How much more than ordered may be received, in percent of each line's quantity. */
  PO_OVER_RECEIPT_PERCENT: z
    .string()
    .regex(/^\d{1,2}(\.\d{1,2})?$/, 'must be a percentage such as 5')
    .default('5'),
  /** An order revision raising the total by more than this percentage goes back through approval. */
  PO_REAPPROVAL_PERCENT: z
    .string()
    .regex(/^\d{1,3}(\.\d{1,2})?$/, 'must be a percentage such as 10')
    .default('10'),
  /** How often queued order e-mails are sent (cron): every minute by default; issuing also wakes it. */
  PO_DISPATCH_CRON: z.string().min(9).default('* * * * *'),
  /** The web app's address as people reach it (the gateway): where e-mail links land. */
  PUBLIC_URL: z.url({ error: 'must be the http(s) address of the web app' }).default('http://localhost:4000'),
});

export const config = () => ({
  ...parseServiceConfig(process.env, 4102),
  ...parseEnv(ZPurchasingEnv, process.env),
});
export type PurchasingConfig = ReturnType<typeof config>;
