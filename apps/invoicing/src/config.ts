import { parseEnv, parseServiceConfig } from '@procura/runtime';
import { z } from 'zod';

export const ZInvoicingEnv = z.object({
  /** Where credit note requests are mailed from: smtp://host:587, smtps://host:465. Unset: not sent. */
  SMTP_URL: z.preprocess(
    (value) => (value === '' ? undefined : value),
    z.url({ error: 'must be an smtp:// or smtps:// URL' }).optional(),
  ),
  MAIL_FROM: z.string().min(3).default('Procura <no-reply@procura.invalid>'),
  /** How often pending credit note requests are mailed (cron): every minute by default. */
  CREDIT_NOTE_MAIL_CRON: z.string().min(9).default('* * * * *'),
});

export const config = () => ({
  ...parseServiceConfig(process.env, 4103),
  ...parseEnv(ZInvoicingEnv, process.env),
});
