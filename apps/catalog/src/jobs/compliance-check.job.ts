// The daily compliance check on the Postgres job queue: pg-boss's cron schedule puts one job on the
// queue each day (one, however many replicas run), any replica works it. A job may carry `asOf`,
// the instant to check as of (on demand: `sendComplianceCheck`, used by POST /compliance/daily-check).
import type { CatalogDatabase } from '@procura/db';
import type { EventBus } from '@procura/events';
import type { Logger } from '@procura/http';
import type { Mailer } from '@procura/mail';
import type { Kysely } from 'kysely';
import { runDailyComplianceCheck } from '../services/compliance.service.js';

export const complianceCheckQueue = 'catalog.compliance-check';

export interface ComplianceCheckJob {
  /** Check as of this instant (ISO); now when absent. */
  asOf?: string;
}

export async function startComplianceCheckJob(deps: {
  bus: EventBus;
  db: Kysely<CatalogDatabase>;
  mailer: Mailer | undefined;
  logger: Logger;
  cron?: string;
}): Promise<string> {
  const { bus } = deps;
  if (!(await bus.getQueue(complianceCheckQueue))) {
    await bus.createQueue(complianceCheckQueue, {
      name: complianceCheckQueue,
      policy: 'singleton',
      retryLimit: 3,
      retryDelay: 60,
      expireInSeconds: 15 * 60,
    });
  }
  await bus.schedule(complianceCheckQueue, deps.cron ?? '0 6 * * *', {}, { tz: 'Europe/Paris' });
  return bus.work<ComplianceCheckJob>(complianceCheckQueue, { pollingIntervalSeconds: 2 }, async (jobs) => {
    for (const job of jobs) {
      await runDailyComplianceCheck(deps, job.data?.asOf ? new Date(job.data.asOf) : new Date());
    }
  });
}

/** Puts a check on the queue now, for an administrator or a test. */
export function sendComplianceCheck(bus: EventBus, job: ComplianceCheckJob = {}): Promise<string | null> {
  return bus.send(complianceCheckQueue, job);
}
