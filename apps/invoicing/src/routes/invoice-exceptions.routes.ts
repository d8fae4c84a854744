// The exceptions queue, the actions on an invoice, its history, and the lifecycle feed a platform
// connector reports the reform's statuses from.
import type { InvoicingDatabase } from '@procura/db';
import { acceptableVarianceReasons, DomainError, invoiceExceptionReasons } from '@procura/domain';
import {
  type Access,
  ApiRoutes,
  identityOf,
  parseBody,
  parseParams,
  parseQuery,
  type TIdentity,
  ZIdParams,
} from '@procura/http';
import { idempotencyOf, runIdempotent } from '@procura/runtime';
import type { RequestHandler } from 'express';
import type { Kysely, Transaction } from 'kysely';
import { z } from 'zod';
import { findInvoice } from '../repositories/invoice.repository.js';
import {
  listAcceptanceLimits,
  listExceptions,
  setAcceptanceLimit,
} from '../repositories/invoice-exception.repository.js';
import {
  decodeCursor,
  invoiceHistory,
  lifecycleChanges,
} from '../repositories/invoice-history.repository.js';
import {
  acceptVariance,
  clearPossibleDuplicate,
  holdInvoice,
  refuseInvoice,
  releaseInvoice,
  requestCreditNote,
} from '../services/invoice-lifecycle.service.js';

const version = z.number({ error: 'must be the version of the invoice you read' }).int().min(1);
const reason = z.string({ error: 'is required' }).trim().min(1, { error: 'is required' }).max(1000);

export const ZExceptionQueueQuery = z.object({
  owner: z.enum(['me', 'any'], { error: 'must be me or any' }).default('any'),
  reason: z.enum(invoiceExceptionReasons, { error: 'must be an exception reason' }).optional(),
  supplierId: z.uuid({ error: 'must be a UUID' }).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const ZAcceptVariance = z.object({
  version,
  reasons: z.array(z.enum(acceptableVarianceReasons)).min(1).optional(),
  comment: reason,
});
export const ZDecisionWithReason = z.object({ version, reason });
export const ZDuplicateDecision = z.object({ version, comment: reason });
export const ZCreditNoteRequest = z.object({
  version,
  reason,
  amount: z
    .string()
    .regex(/^\d{1,15}(\.\d{1,2})?$/, { error: 'must be a positive amount such as "120.50"' })
    .optional(),
});
export const ZAcceptanceLimit = z.object({
  amount: z.string().regex(/^\d{1,15}(\.\d{1,2})?$/, { error: 'must be an amount such as "750.00"' }),
  currency: z.string().regex(/^[A-Z]{3}$/, { error: 'must be an ISO 4217 code such as EUR' }),
});
const ZUserParams = z.object({ userId: z.uuid({ error: 'must be a UUID' }) });
export const ZLifecycleQuery = z.object({
  since: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/** Everyone who may own an exception: accounts payable, buyers, requesters and their managers. */
const queueReaders: Access = {
  roles: ['employee', 'manager', 'buyer', 'accountant', 'administrator', 'auditor'],
  scopes: [],
};
const deciders: Access = { roles: ['buyer', 'accountant', 'administrator'], scopes: [] };
const varianceAcceptors: Access = {
  roles: ['employee', 'manager', 'buyer', 'accountant', 'administrator'],
  scopes: [],
};
/** The reform's statuses: accounts payable and auditors, and the platform connector's token. */
const lifecycleReaders: Access = {
  roles: ['accountant', 'administrator', 'auditor'],
  scopes: ['read', 'invoices:read', 'invoices:write'],
};
const administrators: Access = { roles: ['administrator'], scopes: [] };
const limitReaders: Access = { roles: ['accountant', 'administrator', 'auditor'], scopes: [] };
const historyReaders: Access = {
  roles: ['accountant', 'administrator', 'auditor', 'buyer'],
  scopes: ['read'],
};

const seesWholeEntity = (caller: TIdentity) =>
  caller.roles.some((r) => r === 'accountant' || r === 'administrator' || r === 'auditor');

type Action<B> = (
  trx: Transaction<InvoicingDatabase>,
  caller: TIdentity,
  id: string,
  body: B,
  at: Date,
) => Promise<unknown>;

export function invoiceExceptionRoutes(db: Kysely<InvoicingDatabase>): ApiRoutes {
  const routes = new ApiRoutes();

  routes.get('/exceptions', queueReaders, async (req, res) => {
    const caller = identityOf(res);
    const query = parseQuery(ZExceptionQueueQuery, req);
    const exceptions = await listExceptions(
      db,
      { userId: caller.userId, entityId: caller.entityId, wholeEntity: seesWholeEntity(caller) },
      {
        ownerIsMe: query.owner === 'me',
        reason: query.reason,
        supplierId: query.supplierId,
        limit: query.limit,
      },
      new Date(),
    );
    res.json({ exceptions });
  });

  routes.get('/lifecycle', lifecycleReaders, async (req, res) => {
    const caller = identityOf(res);
    const query = parseQuery(ZLifecycleQuery, req);
    const since = query.since === undefined ? undefined : decodeCursor(query.since);
    if (query.since !== undefined && since === undefined)
      throw new DomainError('validation_failed', 'The cursor is not one this feed gave.', [
        { field: 'query.since', reason: 'must be the next cursor of a previous answer' },
      ]);
    res.json(await lifecycleChanges(db, { since, limit: query.limit, entityId: caller.entityId }));
  });

  // Each person's own variance acceptance limit, above or below their role's default.
  routes.get('/acceptance-limits', limitReaders, async (_req, res) => {
    const caller = identityOf(res);
    res.json({ limits: await listAcceptanceLimits(db, caller.entityId) });
  });
  routes.put('/acceptance-limits/:userId', administrators, async (req, res) => {
    const caller = identityOf(res);
    const { userId } = parseParams(ZUserParams, req);
    const limit = parseBody(ZAcceptanceLimit, req);
    await setAcceptanceLimit(db, { entityId: caller.entityId, userId, ...limit, setBy: caller.userId });
    res.json({ limits: await listAcceptanceLimits(db, caller.entityId) });
  });

  routes.get('/:id/history', historyReaders, async (req, res) => {
    const caller = identityOf(res);
    const { id } = parseParams(ZIdParams, req);
    const invoice = await findInvoice(db, id);
    if (!invoice || (invoice.entityId !== null && invoice.entityId !== caller.entityId))
      throw new DomainError('not_found', `Invoice ${id} does not exist.`);
    res.json({ invoiceId: id, history: await invoiceHistory(db, id) });
  });

  /** One action: parsed, run once per Idempotency-Key in one transaction, answered with the invoice. */
  const act =
    <B>(schema: z.ZodType<B>, action: Action<B>): RequestHandler =>
    async (req, res) => {
      const caller = identityOf(res);
      const { id } = parseParams(ZIdParams, req);
      const body = parseBody(schema, req);
      const answer = await runIdempotent(db, 'invoicing', idempotencyOf(req, caller.userId), async (trx) => {
        const outcome = await action(trx, caller, id, body, new Date());
        return { statusCode: 200, body: { ...(await findInvoice(trx, id)), outcome } };
      });
      res.status(answer.statusCode).json(answer.body);
    };

  routes.post('/:id/accept-variance', varianceAcceptors, act(ZAcceptVariance, acceptVariance));
  routes.post('/:id/request-credit-note', deciders, act(ZCreditNoteRequest, requestCreditNote));
  routes.post('/:id/refuse', deciders, act(ZDecisionWithReason, refuseInvoice));
  routes.post('/:id/clear-duplicate', deciders, act(ZDuplicateDecision, clearPossibleDuplicate));
  routes.post('/:id/hold', deciders, act(ZDecisionWithReason, holdInvoice));
  routes.post('/:id/release', deciders, act(ZDecisionWithReason, releaseInvoice));

  return routes;
}
