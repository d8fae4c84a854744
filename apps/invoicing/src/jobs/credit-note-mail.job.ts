// Credit note requests are mailed on the Postgres job queue, never inside the request that makes
// them: a scheduled run sends whatever is pending (the rows are the outbox).
import type { InvoicingDatabase } from '@procura/db';
import type { EventBus } from '@procura/events';
import type { Logger } from '@procura/http';
import type { Mailer } from '@procura/mail';
import type { Kysely } from 'kysely';
import { sendCreditNoteRequests } from '../services/credit-note-mail.service.js';

export const creditNoteMailQueue = 'invoicing.credit-note-mail';

export async function startCreditNoteMailJob(deps: {
  db: Kysely<InvoicingDatabase>;
  bus: EventBus;
  mailer: Mailer;
  logger: Logger;
  cron: string;
}): Promise<void> {
  const { bus } = deps;
  if (!(await bus.getQueue(creditNoteMailQueue)))
    await bus.createQueue(creditNoteMailQueue, {
      name: creditNoteMailQueue,
      policy: 'singleton',
      retryLimit: 3,
      retryDelay: 30,
      expireInSeconds: 10 * 60,
    });
  await bus.schedule(creditNoteMailQueue, deps.cron, {}, { tz: 'Europe/Paris' });
  await bus.work(creditNoteMailQueue, { pollingIntervalSeconds: 1 }, async () => {
    const sent = await sendCreditNoteRequests(deps.db, deps.mailer, new Date());
    if (sent > 0) deps.logger.info({ sent }, 'credit note requests mailed');
  });
}
