import type { CatalogDatabase } from '@procura/db';
import { compliancePolicies } from '@procura/domain';
import type { EventBus } from '@procura/events';
import { ApiRoutes, identityOf, type Logger, parseBody } from '@procura/http';
import type { Mailer } from '@procura/mail';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { complianceCheckQueue, sendComplianceCheck } from '../jobs/compliance-check.job.js';
import { findCompliancePolicy } from '../repositories/compliance.repository.js';
import { changeCompliancePolicy, runDailyComplianceCheck } from '../services/compliance.service.js';

export const ZCompliancePolicyBody = z.object({
  onNonCompliance: z.enum(compliancePolicies),
  expiringWithinDays: z.number().int().min(1).max(365).default(30),
  reminderDays: z
    .array(z.number().int().min(1).max(365))
    .min(1)
    .max(5)
    .default([30, 7])
    .transform((days) => [...new Set(days)].sort((a, b) => b - a)),
});

/** The company's compliance policy (read: who reads suppliers; change: administrators) and the check on demand. */
export function complianceRoutes(deps: {
  db: Kysely<CatalogDatabase>;
  mailer: Mailer | undefined;
  logger: Logger;
  /** The job queue: the check on demand runs there. None (tests of the HTTP app alone): it runs in the request. */
  bus?: EventBus | undefined;
}): ApiRoutes {
  const routes = new ApiRoutes();

  routes.get(
    '/policy',
    { roles: ['buyer', 'administrator', 'accountant', 'auditor'], scopes: ['read'] },
    async (_req, res) => {
      res.json(await findCompliancePolicy(deps.db));
    },
  );

  routes.put('/policy', { roles: ['administrator'], scopes: [] }, async (req, res) => {
    const body = parseBody(ZCompliancePolicyBody, req);
    const caller = identityOf(res);
    res.json(
      await changeCompliancePolicy(deps.db, {
        ...body,
        actor: { id: caller.userId, name: caller.displayName },
        now: new Date(),
      }),
    );
  });

  /**
   * Runs today's check now (it is idempotent: reminders already sent are not sent again): put on
   * the job queue, 202 with the job's id; without a queue, run in the request, 200 with its result.
   */
  routes.post('/daily-check', { roles: ['administrator'], scopes: [] }, async (_req, res) => {
    if (deps.bus) {
      const jobId = await sendComplianceCheck(deps.bus, { asOf: new Date().toISOString() });
      res.status(202).json({ queue: complianceCheckQueue, jobId });
      return;
    }
    res.json(await runDailyComplianceCheck(deps, new Date()));
  });

  return routes;
}
