import type { InvoicingDatabase } from '@procura/db';
import { DomainError, parseBic, parseIban } from '@procura/domain';
import {
  type Access,
  ApiRoutes,
  HttpProblem,
  identityOf,
  parseBody,
  parseParams,
  parseQuery,
  type TIdentity,
  ZIdParams,
} from '@procura/http';
import { idempotencyOf, runIdempotent } from '@procura/runtime';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import {
  findPayingAccount,
  findPaymentRun,
  findPaymentRunFile,
  listPaymentRuns,
} from '../repositories/payment-run.repository.js';
import {
  cancelPaymentRun,
  confirmPaymentRun,
  makePaymentRun,
  recordPayingAccount,
} from '../services/payment-run.service.js';

export const ZPaymentRunRequest = z.object({
  executionDate: z.iso.date({ error: 'must be a date YYYY-MM-DD' }),
  /** The caller's own entity; another entity's invoices are not theirs to pay. */
  entityId: z.uuid({ error: 'must be a UUID' }).optional(),
});
export const ZPaymentRunListQuery = z.object({
  status: z
    .enum(['open', 'confirmed', 'cancelled'], { error: 'must be open, confirmed or cancelled' })
    .optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const ZCancelPaymentRun = z.object({
  reason: z.string().trim().min(1, { error: 'is required' }).max(500),
});
const ledgerAccount = z
  .string()
  .trim()
  .regex(/^[0-9A-Z]{3,20}$/, { error: 'must be 3 to 20 digits or capital letters' });
export const ZPayingAccount = z.object({
  accountHolder: z.string().trim().min(1).max(140),
  iban: z.string().min(15).max(42),
  bic: z.string().min(8).max(11).nullable().default(null),
  journalCode: z
    .string()
    .trim()
    .regex(/^[0-9A-Z]{1,10}$/, { error: 'must be 1 to 10 digits or capital letters' })
    .default('HA'),
  payableAccount: ledgerAccount.default('401000'),
  expenseAccount: ledgerAccount.default('606000'),
  vatAccount: ledgerAccount.default('445660'),
});

/** Accounts payable make, confirm and cancel runs; auditors and administrators read them. */
const payers: Access = { roles: ['accountant'], scopes: [] };
const readers: Access = { roles: ['accountant', 'administrator', 'auditor'], scopes: ['read'] };
const administrators: Access = { roles: ['administrator'], scopes: [] };

const actorOf = (identity: TIdentity) => ({ id: identity.userId, name: identity.displayName });

/** The caller's entity; naming another one is refused. */
function entityOf(identity: TIdentity, entityId: string | undefined): string {
  if (entityId !== undefined && entityId !== identity.entityId)
    throw new HttpProblem(403, 'forbidden', 'You may only pay the invoices of your own entity.');
  return identity.entityId;
}

/**
 * Payment runs (under /invoices): `POST /payment-runs` makes one, `GET` lists and shows them,
 * `/:id/sepa` and `/:id/accounting-export` serve its files, `/:id/confirm` records it as sent to the
 * bank and `/:id/cancel` drops it; `/paying-account` is the entity's account payments leave from.
 */
export function paymentRunRoutes(db: Kysely<InvoicingDatabase>): ApiRoutes {
  const routes = new ApiRoutes();

  routes.post('/payment-runs', payers, async (req, res) => {
    const caller = identityOf(res);
    const body = parseBody(ZPaymentRunRequest, req);
    const entityId = entityOf(caller, body.entityId);
    const answer = await runIdempotent(db, 'invoicing', idempotencyOf(req, caller.userId), async (trx) => {
      const id = await makePaymentRun(trx, {
        entityId,
        executionDate: body.executionDate,
        actor: actorOf(caller),
        now: new Date(),
      });
      return { statusCode: 201, body: { ...(await findPaymentRun(trx, id)) } };
    });
    res.status(answer.statusCode).location(`/api/v1/invoices/payment-runs/${String(answer.body.id)}`);
    res.json(answer.body);
  });

  routes.get('/payment-runs', readers, async (req, res) => {
    const query = parseQuery(ZPaymentRunListQuery, req);
    res.json({ paymentRuns: await listPaymentRuns(db, { ...query, entityId: identityOf(res).entityId }) });
  });

  const ownRun = async (id: string, identity: TIdentity) => {
    const run = await findPaymentRun(db, id);
    if (!run || run.entityId !== identity.entityId)
      throw new DomainError('not_found', `Payment run ${id} does not exist.`);
    return run;
  };

  routes.get('/payment-runs/:id', readers, async (req, res) => {
    const { id } = parseParams(ZIdParams, req);
    res.json(await ownRun(id, identityOf(res)));
  });

  const serveFile = (column: 'sepa_file' | 'accounting_export', type: string, extension: string) =>
    (async (req, res) => {
      const { id } = parseParams(ZIdParams, req);
      const file = await findPaymentRunFile(db, id, column);
      if (!file || file.entity_id !== identityOf(res).entityId)
        throw new DomainError('not_found', `Payment run ${id} does not exist.`);
      res.status(200).type(type).attachment(`${file.number}${extension}`).send(file.content);
    }) satisfies Parameters<ApiRoutes['get']>[2];
  routes.get('/payment-runs/:id/sepa', readers, serveFile('sepa_file', 'application/xml', '.xml'));
  routes.get(
    '/payment-runs/:id/accounting-export',
    readers,
    serveFile('accounting_export', 'text/csv; charset=utf-8', '.csv'),
  );

  routes.post('/payment-runs/:id/confirm', payers, async (req, res) => {
    const { id } = parseParams(ZIdParams, req);
    const caller = identityOf(res);
    await confirmPaymentRun(db, {
      runId: id,
      entityId: caller.entityId,
      actor: actorOf(caller),
      now: new Date(),
    });
    res.json(await ownRun(id, caller));
  });

  routes.post('/payment-runs/:id/cancel', payers, async (req, res) => {
    const { id } = parseParams(ZIdParams, req);
    const { reason } = parseBody(ZCancelPaymentRun, req);
    const caller = identityOf(res);
    await cancelPaymentRun(db, {
      runId: id,
      entityId: caller.entityId,
      reason,
      actor: actorOf(caller),
      now: new Date(),
    });
    res.json(await ownRun(id, caller));
  });

  routes.get('/paying-account', readers, async (_req, res) => {
    const entityId = identityOf(res).entityId;
    const account = await findPayingAccount(db, entityId);
    if (!account) throw new DomainError('not_found', `Entity ${entityId} has no paying account yet.`);
    res.json(account);
  });

  routes.put('/paying-account', administrators, async (req, res) => {
    const caller = identityOf(res);
    const body = parseBody(ZPayingAccount, req);
    const account = await recordPayingAccount(db, {
      ...body,
      iban: parseIban(body.iban, 'body.iban'),
      bic: body.bic === null ? null : parseBic(body.bic, 'body.bic'),
      entityId: caller.entityId,
      changedBy: caller.userId,
      changedAt: new Date(),
    });
    res.json(account);
  });

  return routes;
}
