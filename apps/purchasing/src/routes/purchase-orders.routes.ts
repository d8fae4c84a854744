import type { PurchasingDatabase } from '@procura/db';
import {
  ApiRoutes,
  HttpProblem,
  identityOf,
  parseBody,
  parseParams,
  parseQuery,
  ZIdParams,
} from '@procura/http';
import { idempotencyOf, runIdempotent } from '@procura/runtime';
import { type Request, type Response, Router } from 'express';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { findPurchaseOrder, listPurchaseOrders } from '../repositories/purchase-order.repository.js';
import { retryDispatch } from '../services/order-dispatch.service.js';
import {
  cancelPurchaseOrder,
  closePurchaseOrder,
  issueOrdersFromRequisitions,
} from '../services/purchase-order.service.js';
import { renderIssuedRevision } from '../services/purchase-order-document.js';
import { decideOnRevision, reviseOrder } from '../services/purchase-order-revision.service.js';
import { recordReceipt } from '../services/receipt.service.js';
import {
  answerAsSupplier,
  type SupplierLinkSettings,
  supplierOrderView,
} from '../services/supplier-acknowledgement.service.js';

const uuid = () => z.uuid({ error: 'must be a UUID' });
const day = () => z.iso.date({ error: 'must be a date such as 2026-11-23' });
const quantity = /^-?\d{1,15}(\.\d{1,4})?$/;
const ZVersion = z.number({ error: 'must be the version you read' }).int().min(1);
const ZReason = z
  .string({ error: 'is required' })
  .trim()
  .min(3, 'must say why (3 characters at least)')
  .max(500);

const ZIssueBody = z.strictObject({
  requisitionIds: z.array(uuid()).min(1, 'must name at least one approved request').max(50),
  deliveryDate: day().optional(),
});
const ZListQuery = z.object({
  status: z.enum(['draft', 'pending_approval', 'issued', 'acknowledged', 'closed', 'cancelled']).optional(),
  supplierId: uuid().optional(),
  requisitionId: uuid().optional(),
});
const ZPdfQuery = z.object({ revision: z.coerce.number().int().min(1).optional() });
const ZReceiptBody = z.strictObject({
  receivedOn: day(),
  comment: z
    .string()
    .trim()
    .max(1000)
    .nullish()
    .transform((c) => c || null),
  lines: z
    .array(
      z.strictObject({
        purchaseOrderLineId: uuid(),
        quantity: z.string().regex(quantity, 'must be a decimal quantity such as 3 or -1 (a return)'),
        comment: z
          .string()
          .trim()
          .max(500)
          .nullish()
          .transform((c) => c || null),
      }),
    )
    .min(1, 'must receive at least one line'),
});
const ZRevisionBody = z.strictObject({
  version: ZVersion,
  reason: ZReason,
  deliveryDate: day().optional(),
  lines: z
    .array(
      z.strictObject({
        lineId: uuid().optional(),
        description: z.string().trim().min(1).max(500).optional(),
        categoryCode: z
          .string()
          .regex(/^\d{8}$/, 'must be an 8-digit UNSPSC code')
          .optional(),
        unitCode: z
          .string()
          .regex(/^[A-Z0-9]{1,3}$/, 'must be a UN/ECE unit code')
          .optional(),
        vatRate: z
          .string()
          .regex(/^\d{1,3}(\.\d{1,2})?$/, 'must be a percentage such as 20')
          .optional(),
        quantity: z.string().regex(/^\d{1,15}(\.\d{1,4})?$/, 'must be a decimal quantity such as 12'),
        unitPrice: z.string().regex(/^\d{1,15}(\.\d{1,4})?$/, 'must be a decimal amount such as 12.50'),
        cancelled: z.boolean().default(false),
      }),
    )
    .min(1),
});
const ZRevisionDecision = z.strictObject({
  outcome: z.enum(['approved', 'rejected'], { error: "must be 'approved' or 'rejected'" }),
  comment: z
    .string()
    .trim()
    .max(1000)
    .nullish()
    .transform((c) => c || null),
});
const ZVersionReason = z.strictObject({ version: ZVersion, reason: ZReason });

const readers = {
  roles: ['employee', 'manager', 'buyer', 'accountant', 'administrator', 'auditor'],
  scopes: ['read'],
} as const;
const buyers = { roles: ['buyer', 'administrator'], scopes: [] } as const;
const approvers = { roles: ['manager', 'buyer', 'accountant', 'administrator'], scopes: [] } as const;
const receivers = { roles: ['employee', 'manager', 'buyer', 'administrator'], scopes: [] } as const;

export interface PurchaseOrderSettings {
  overReceiptPercent: string;
  reapprovalPercent: string;
  /** Wakes the dispatch job once an order is committed (the job queue), when there is one. */
  dispatchNow?: (() => Promise<void>) | undefined;
}

/**
 * Purchase orders: issued by buyers from approved requests, read by the entity's buyers, finance and
 * auditors and by the requesters of their requests, revised, cancelled or closed by buyers, and
 * received by requesters. The PDF is rendered again from what the order recorded.
 */
export function purchaseOrderRoutes(
  db: Kysely<PurchasingDatabase>,
  settings: PurchaseOrderSettings,
): ApiRoutes {
  const routes = new ApiRoutes();
  const wake = () => settings.dispatchNow?.().catch(() => undefined);

  routes.get('/', readers, async (req, res) => {
    res.json({ purchaseOrders: await listPurchaseOrders(db, identityOf(res), parseQuery(ZListQuery, req)) });
  });

  routes.post('/from-requisitions', buyers, async (req, res) => {
    const caller = identityOf(res);
    const body = parseBody(ZIssueBody, req);
    const answer = await runIdempotent(db, 'purchasing', idempotencyOf(req, caller.userId), async (trx) => {
      const issued = await issueOrdersFromRequisitions(trx, caller, body.requisitionIds, body, new Date());
      const orders = [];
      for (const o of issued.orders) orders.push(await findPurchaseOrder(trx, caller, o.id));
      return { statusCode: 201, body: { purchaseOrders: orders, skipped: issued.skipped } };
    });
    await wake();
    res.status(answer.statusCode).json(answer.body);
  });

  routes.get('/:id', readers, async (req, res) => {
    const { id } = parseParams(ZIdParams, req);
    res.json(await findPurchaseOrder(db, identityOf(res), id));
  });

  routes.get('/:id/pdf', readers, async (req, res) => {
    const { id } = parseParams(ZIdParams, req);
    const { revision } = parseQuery(ZPdfQuery, req);
    const order = await findPurchaseOrder(db, identityOf(res), id);
    const wanted = revision ?? order.revisions.filter((r) => r.status === 'issued').at(-1)?.revision;
    const stored = await db
      .selectFrom('purchasing.purchase_order_revision')
      .select(['purchase_order_id', 'revision', 'document', 'terms', 'pdf_sha256'])
      .where('purchase_order_id', '=', id)
      .where('revision', '=', wanted ?? 0)
      .where('status', '=', 'issued')
      .executeTakeFirst();
    if (!stored)
      throw new HttpProblem(404, 'not_found', `Order ${order.number} has no issued revision ${wanted}.`);
    const { pdf, sha256 } = await renderIssuedRevision(db, stored);
    res
      .type('application/pdf')
      .set(
        'content-disposition',
        `inline; filename="${order.number}${wanted && wanted > 1 ? `-R${wanted}` : ''}.pdf"`,
      )
      .set('x-content-sha256', sha256)
      .send(pdf);
  });

  routes.post('/:id/revisions', buyers, async (req, res) => {
    const { id } = parseParams(ZIdParams, req);
    const caller = identityOf(res);
    const body = parseBody(ZRevisionBody, req);
    const answer = await runIdempotent(db, 'purchasing', idempotencyOf(req, caller.userId), async (trx) => {
      const outcome = await reviseOrder(
        trx,
        caller,
        id,
        body,
        { thresholdPercent: settings.reapprovalPercent },
        new Date(),
      );
      return {
        statusCode: 201,
        body: { ...(await findPurchaseOrder(trx, caller, id)), revisionOutcome: outcome },
      };
    });
    await wake();
    res.status(answer.statusCode).json(answer.body);
  });

  routes.post('/:id/revisions/:revision/decisions', approvers, async (req, res) => {
    const { id, revision } = parseParams(
      z.object({ id: uuid(), revision: z.coerce.number().int().min(2) }),
      req,
    );
    const caller = identityOf(res);
    const decision = parseBody(ZRevisionDecision, req);
    const answer = await runIdempotent(db, 'purchasing', idempotencyOf(req, caller.userId), async (trx) => {
      await decideOnRevision(trx, caller, id, revision, decision, new Date());
      return { statusCode: 200, body: await findPurchaseOrder(trx, caller, id) };
    });
    await wake();
    res.status(answer.statusCode).json(answer.body);
  });

  routes.post('/:id/cancel', buyers, async (req, res) => {
    const { id } = parseParams(ZIdParams, req);
    const caller = identityOf(res);
    const { version, reason } = parseBody(ZVersionReason, req);
    const answer = await runIdempotent(db, 'purchasing', idempotencyOf(req, caller.userId), async (trx) => {
      await cancelPurchaseOrder(trx, caller, id, { version, reason }, new Date());
      return { statusCode: 200, body: await findPurchaseOrder(trx, caller, id) };
    });
    await wake();
    res.status(answer.statusCode).json(answer.body);
  });

  routes.post('/:id/close', buyers, async (req, res) => {
    const { id } = parseParams(ZIdParams, req);
    const caller = identityOf(res);
    const { version, reason } = parseBody(ZVersionReason, req);
    const answer = await runIdempotent(db, 'purchasing', idempotencyOf(req, caller.userId), async (trx) => {
      const order = await findPurchaseOrder(trx, caller, id);
      if (order.entityId !== caller.entityId)
        throw new HttpProblem(404, 'not_found', `Purchase order ${id} does not exist.`);
      await closePurchaseOrder(trx, id, { version, reason }, new Date());
      return { statusCode: 200, body: await findPurchaseOrder(trx, caller, id) };
    });
    res.status(answer.statusCode).json(answer.body);
  });

  routes.post('/:id/receipts', receivers, async (req, res) => {
    const { id } = parseParams(ZIdParams, req);
    const caller = identityOf(res);
    const body = parseBody(ZReceiptBody, req);
    const answer = await runIdempotent(db, 'purchasing', idempotencyOf(req, caller.userId), async (trx) => {
      await recordReceipt(
        trx,
        caller,
        id,
        body,
        { overReceiptPercent: settings.overReceiptPercent },
        new Date(),
      );
      return { statusCode: 201, body: await findPurchaseOrder(trx, caller, id) };
    });
    res.status(answer.statusCode).json(answer.body);
  });

  routes.post('/:id/dispatches/:dispatchId/retry', buyers, async (req, res) => {
    const { id, dispatchId } = parseParams(z.object({ id: uuid(), dispatchId: uuid() }), req);
    const caller = identityOf(res);
    await db.transaction().execute(async (trx) => {
      await findPurchaseOrder(trx, caller, id);
      await retryDispatch(trx, id, dispatchId, new Date());
    });
    await wake();
    res.json(await findPurchaseOrder(db, caller, id));
  });

  return routes;
}

const ZAnswer = z.discriminatedUnion(
  'decision',
  [
    z.strictObject({
      decision: z.literal('acknowledge'),
      promisedDate: day(),
      comment: z.string().trim().max(500).nullish(),
    }),
    z.strictObject({ decision: z.literal('decline'), reason: ZReason }),
  ],
  { error: "must be 'acknowledge' (with promisedDate) or 'decline' (with reason)" },
);

/** The supplier's page behind the link of the order e-mail: no account, the signed token decides. */
export function supplierOrderRoutes(
  db: Kysely<PurchasingDatabase>,
  links: SupplierLinkSettings | undefined,
): Router {
  const router = Router();
  const settings = (): SupplierLinkSettings => {
    if (!links) throw new HttpProblem(404, 'not_found', 'Supplier links are not enabled here.');
    return links;
  };
  const token = (req: Request) => parseParams(z.object({ token: z.string().min(10).max(300) }), req).token;
  router.get('/supplier-orders/:token', async (req: Request, res: Response) => {
    res.json(await supplierOrderView(db, settings(), token(req)));
  });
  router.post('/supplier-orders/:token', async (req: Request, res: Response) => {
    const answer = parseBody(ZAnswer, req);
    await db
      .transaction()
      .execute((trx) => answerAsSupplier(trx, settings(), token(req), answer, new Date()));
    res.json(await supplierOrderView(db, settings(), token(req)));
  });
  return router;
}
