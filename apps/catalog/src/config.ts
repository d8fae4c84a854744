import { parseEnv, parseServiceConfig } from '@procura/runtime';
import { z } from 'zod';

export const ZCatalogEnv = z.object({
  /** Where compliance reminders are sent: smtp://host:587, smtps://host:465. Unset: reminders are not sent. */
  SMTP_URL: z.preprocess(
    (value) => (value === '' ? undefined : value),
    z.url({ error: 'must be an smtp:// or smtps:// URL' }).optional(),
  ),
  MAIL_FROM: z.string().min(3).default('Procura <no-reply@procura.invalid>'),
  /** When the daily compliance check runs (cron, Europe/Paris). */
  COMPLIANCE_CHECK_CRON: z.string().min(9).default('0 6 * * *'),
});

export const config = () => ({
  ...parseServiceConfig(process.env, 4101),
  ...parseEnv(ZCatalogEnv, process.env),
});
export type CatalogConfig = ReturnType<typeof config>;
