import type { PurchasingDatabase } from '@procura/db';
import { DomainError, isCurrencyCode } from '@procura/domain';
import { ApiRoutes, identityOf, parseBody, parseParams, type TIdentity, ZIdParams } from '@procura/http';
import { idempotencyOf, runIdempotent } from '@procura/runtime';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import {
  findRequisition,
  listAwaitingApprovalBy,
  listRequisitionsOf,
  listRequisitionsToOrder,
  type Requisition,
} from '../repositories/requisition.repository.js';
import {
  decideOnRequisition,
  previewRequisition,
  type RequisitionAssessment,
  submitRequisition,
  withdrawRequisition,
} from '../services/approval.service.js';
import { changeRequisition, createRequisition } from '../services/requisition.service.js';

const decimal = /^\d{1,15}(\.\d{1,4})?$/;
const uuid = () => z.uuid({ error: 'must be a UUID' });
const nullable = <T extends z.ZodType>(schema: T) => schema.nullish().transform((v) => v ?? null);

const ZRequisitionLine = z
  .object({
    source: z.enum(['catalog', 'free_text']),
    catalogItemId: nullable(uuid()),
    freeTextRequestId: nullable(uuid()),
    supplierId: nullable(uuid()),
    supplierName: nullable(z.string().trim().min(1).max(200)),
    description: z.string().trim().min(1, 'is required').max(500),
    categoryCode: z.string().regex(/^\d{8}$/, 'must be an 8-digit UNSPSC code'),
    quantity: z.string().regex(decimal, 'must be a decimal quantity such as 12 or 2.5'),
    unitCode: z.string().regex(/^[A-Z0-9]{1,3}$/, 'must be a UN/ECE unit code such as C62 or H87'),
    unitPrice: z.object({
      amount: z.string().regex(decimal, 'must be a decimal amount such as 12.50'),
      currency: z.string().refine(isCurrencyCode, 'must be an ISO 4217 currency code such as EUR'),
    }),
    vatRate: z
      .string()
      .regex(/^\d{1,3}(\.\d{1,2})?$/, 'must be a percentage such as 20 or 5.5')
      .refine((r) => Number(r) <= 100, 'must be at most 100'),
    costCentreId: uuid(),
    budgetCategory: z.string().trim().min(1, 'is required').max(40),
    deliverySiteId: nullable(uuid()),
    wishedDate: nullable(z.iso.date({ error: 'must be a date such as 2026-12-15' })),
  })
  .refine((l) => l.source !== 'catalog' || l.catalogItemId !== null, {
    message: 'is required for a catalog line',
    path: ['catalogItemId'],
  })
  .refine((l) => l.source !== 'free_text' || l.freeTextRequestId !== null, {
    message: 'is required for a free-text line',
    path: ['freeTextRequestId'],
  });

export const ZRequisitionBody = z.object({
  title: z.string().trim().min(3, 'must be 3 characters at least').max(200),
  justification: nullable(z.string().trim().max(4000)),
  currency: z.string().refine(isCurrencyCode, 'must be an ISO 4217 currency code such as EUR'),
  lines: z.array(ZRequisitionLine).min(1, 'a request needs at least one line').max(200),
  /** A buyer's direct order: approved by the same rules, then issued as orders at once. */
  directOrder: z.boolean().default(false),
});

export const ZRequisitionChange = ZRequisitionBody.extend({
  version: z.number({ error: 'is required: the version of the request you changed' }).int().min(1),
});

export const ZBulkDecisionBody = z.object({
  comment: nullable(z.string().trim().max(2000)),
  items: z
    .array(
      z.object({
        requisitionId: uuid(),
        stepIndex: z.number().int().min(0),
        onBehalfOfUserId: nullable(uuid()),
      }),
    )
    .min(1, 'choose at least one request')
    .max(100, 'approve at most 100 requests at once'),
});

export const ZDecisionBody = z.object({
  stepIndex: z.number().int().min(0),
  outcome: z.enum(['approved', 'rejected']),
  comment: nullable(z.string().trim().max(2000)),
  onBehalfOfUserId: nullable(uuid()),
});

/** Who may see a request: its requester, its approvers, and those who oversee purchasing. */
function maySee(caller: TIdentity, requisition: Requisition): boolean {
  if (
    caller.kind !== 'user' ||
    (caller.entityId !== requisition.entityId && !caller.roles.includes('auditor'))
  )
    return false;
  if (requisition.requester.userId === caller.userId) return true;
  if (caller.roles.some((role) => role === 'buyer' || role === 'administrator' || role === 'auditor'))
    return true;
  const actingAs = new Set([caller.userId, ...caller.actingFor.map((d) => d.userId)]);
  return requisition.approvalSteps.some((step) => step.approvers.some((a) => actingAs.has(a.userId)));
}

/** A cost-centre manager sees the requests charged to the cost centres they manage (budget drill-down). */
async function managesACostCentreOf(
  db: Kysely<PurchasingDatabase>,
  caller: TIdentity,
  requisition: Requisition,
): Promise<boolean> {
  const costCentreIds = [...new Set(requisition.lines.map((l) => l.costCentreId))];
  if (caller.kind !== 'user' || costCentreIds.length === 0) return false;
  const managed = await db
    .selectFrom('purchasing.directory_cost_centre')
    .select('cost_centre_id')
    .where('cost_centre_id', 'in', costCentreIds)
    .where('manager_user_id', '=', caller.userId)
    .executeTakeFirst();
  return managed !== undefined;
}

const amount = (m: { toDecimalString(places: number): string; currency: string }) => ({
  amount: m.toDecimalString(2),
  currency: m.currency,
});

/** The budget check and approval chain a submission would meet, as the requester's preview shows them. */
function countingOf({ entityCurrency, rate }: RequisitionAssessment['counting']) {
  return { entityCurrency, rate: rate.rate, rateEffectiveOn: rate.effectiveOn };
}

function previewOf(assessment: RequisitionAssessment) {
  const { budget, plan, counting } = assessment;
  return {
    counting: countingOf(counting),
    budgetCheck: {
      outcome: budget.outcome,
      lines: budget.lines.map((l) => ({
        costCentreId: l.budgetLine.costCentreId,
        budgetCategory: l.budgetLine.budgetCategory,
        periodKey: l.budgetLine.periodKey,
        state: l.state,
        policy: l.policy ?? null,
        outcome: l.outcome,
        amount: amount(l.amount),
        available: l.available ? amount(l.available) : null,
        shortBy: l.shortBy ? amount(l.shortBy) : null,
      })),
    },
    approvalChain: {
      submittable: plan.submittable,
      amount: amount(plan.amount),
      steps: plan.steps.map((step) => ({
        index: step.index,
        label: step.label,
        kind: step.kind,
        mode: step.mode,
        explanation: step.explanation,
        approvers: step.approverUserIds.map((userId) => ({
          userId,
          displayName: plan.people[userId] ?? null,
        })),
      })),
      notes: plan.notes
        .filter((n) => n.level !== 'info')
        .map((n) => ({ level: n.level, code: n.code, message: n.message })),
    },
  };
}

const people = {
  roles: ['employee', 'manager', 'buyer', 'accountant', 'administrator', 'auditor'],
  scopes: [],
} as const;

export function requisitionRoutes(db: Kysely<PurchasingDatabase>): ApiRoutes {
  const routes = new ApiRoutes();

  routes.post('/', people, async (req, res) => {
    const caller = identityOf(res);
    const draft = parseBody(ZRequisitionBody, req);
    const answer = await runIdempotent(db, 'purchasing', idempotencyOf(req, caller.userId), async (trx) => {
      const id = await createRequisition(trx, caller, draft, new Date());
      return { statusCode: 201, body: await findRequisition(trx, id) };
    });
    res.status(answer.statusCode).json(answer.body);
  });

  routes.get('/', people, async (_req, res) => {
    res.json({ requisitions: await listRequisitionsOf(db, identityOf(res).userId) });
  });

  // Buyers' queue: the entity's approved requests with lines still to order.
  routes.get('/to-order', { roles: ['buyer', 'administrator'], scopes: [] }, async (_req, res) => {
    res.json({ requisitions: await listRequisitionsToOrder(db, identityOf(res).entityId) });
  });

  // Requests awaiting the caller's decision, or the decision of someone who delegated to them today.
  routes.get('/awaiting-my-approval', people, async (_req, res) => {
    const caller = identityOf(res);
    res.json({
      requisitions: await listAwaitingApprovalBy(db, [
        caller.userId,
        ...caller.actingFor.map((d) => d.userId),
      ]),
    });
  });

  // Several requests approved at once from the inbox: each is its own decision (one refused does not
  // hold back the others), and only for amounts within the approver's limit.
  routes.post('/bulk-decisions', people, async (req, res) => {
    const caller = identityOf(res);
    const { comment, items } = parseBody(ZBulkDecisionBody, req);
    const idempotency = idempotencyOf(req, caller.userId);
    const results = [];
    for (const item of items) {
      try {
        const answer = await runIdempotent(
          db,
          'purchasing',
          { ...idempotency, key: idempotency.key && `${idempotency.key}/${item.requisitionId}` },
          async (trx) => {
            const status = await decideOnRequisition(
              trx,
              caller,
              item.requisitionId,
              {
                stepIndex: item.stepIndex,
                outcome: 'approved',
                comment,
                onBehalfOfUserId: item.onBehalfOfUserId,
                inBulk: true,
              },
              new Date(),
            );
            return { statusCode: 200, body: { requisitionId: item.requisitionId, decided: true, status } };
          },
        );
        results.push(answer.body);
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        results.push({
          requisitionId: item.requisitionId,
          decided: false,
          problem: { code: error.code, detail: error.message },
        });
      }
    }
    res.json({ results });
  });

  routes.get('/:id/approval-preview', people, async (req, res) => {
    const { id } = parseParams(ZIdParams, req);
    const caller = identityOf(res);
    const assessment = await db
      .transaction()
      .execute((trx) => previewRequisition(trx, caller, id, new Date()));
    res.json(previewOf(assessment));
  });

  routes.put('/:id', people, async (req, res) => {
    const { id } = parseParams(ZIdParams, req);
    const caller = identityOf(res);
    const change = parseBody(ZRequisitionChange, req);
    const answer = await runIdempotent(db, 'purchasing', idempotencyOf(req, caller.userId), async (trx) => {
      const outcome = await changeRequisition(trx, caller, id, change, new Date());
      return {
        statusCode: 200,
        body: { ...(await findRequisition(trx, id)), approvalRestart: outcome },
      };
    });
    res.status(answer.statusCode).json(answer.body);
  });

  routes.post('/:id/submit', people, async (req, res) => {
    const { id } = parseParams(ZIdParams, req);
    const caller = identityOf(res);
    const answer = await runIdempotent(db, 'purchasing', idempotencyOf(req, caller.userId), async (trx) => {
      const outcome = await submitRequisition(trx, caller, id, new Date());
      return {
        statusCode: 200,
        body: { ...(await findRequisition(trx, id)), budgetCheck: { outcome: outcome.budget.outcome } },
      };
    });
    res.status(answer.statusCode).json(answer.body);
  });

  routes.post('/:id/decisions', people, async (req, res) => {
    const { id } = parseParams(ZIdParams, req);
    const caller = identityOf(res);
    const decision = parseBody(ZDecisionBody, req);
    const answer = await runIdempotent(db, 'purchasing', idempotencyOf(req, caller.userId), async (trx) => {
      await decideOnRequisition(trx, caller, id, decision, new Date());
      return { statusCode: 200, body: await findRequisition(trx, id) };
    });
    res.status(answer.statusCode).json(answer.body);
  });

  routes.post('/:id/withdraw', people, async (req, res) => {
    const { id } = parseParams(ZIdParams, req);
    const caller = identityOf(res);
    const { reason } = parseBody(z.object({ reason: nullable(z.string().trim().max(2000)) }), req);
    const answer = await runIdempotent(db, 'purchasing', idempotencyOf(req, caller.userId), async (trx) => {
      await withdrawRequisition(trx, caller, id, reason, new Date());
      return { statusCode: 200, body: await findRequisition(trx, id) };
    });
    res.status(answer.statusCode).json(answer.body);
  });

  routes.get('/:id', people, async (req, res) => {
    const { id } = parseParams(ZIdParams, req);
    const requisition = await findRequisition(db, id);
    const caller = identityOf(res);
    if (
      !requisition ||
      (!maySee(caller, requisition) &&
        !(caller.entityId === requisition.entityId && (await managesACostCentreOf(db, caller, requisition))))
    )
      throw new DomainError('not_found', `Request ${id} does not exist or is not yours to see.`);
    res.json(requisition);
  });

  return routes;
}
