import type { PurchasingDatabase } from '@procura/db';
import {
  calendarDate,
  DomainError,
  type FieldIssue,
  priceRequisition,
  type RequisitionStatus,
  requisitionNumber,
} from '@procura/domain';
import type { TIdentity } from '@procura/http';
import type { Transaction } from 'kysely';
import {
  costCentresOf,
  nextDocumentSequence,
  recordRequisitionEvent,
} from '../repositories/requisition.repository.js';
import { reassessChangedRequisition } from './approval.service.js';

export interface RequisitionLineDraft {
  source: 'catalog' | 'free_text';
  catalogItemId: string | null;
  freeTextRequestId: string | null;
  supplierId: string | null;
  supplierName: string | null;
  description: string;
  categoryCode: string;
  quantity: string;
  unitCode: string;
  unitPrice: { amount: string; currency: string };
  vatRate: string;
  costCentreId: string;
  budgetCategory: string;
  deliverySiteId: string | null;
  wishedDate: string | null;
}

export interface RequisitionDraft {
  title: string;
  justification: string | null;
  currency: string;
  lines: RequisitionLineDraft[];
  /** A buyer's direct order (buyers and administrators only): issued as orders once approved. */
  directOrder?: boolean | undefined;
}

/**
 * Every line is charged to a cost centre of the requester's entity that the requester belongs to or
 * manages. Reports each wrong line by index.
 */
async function checkCostCentres(
  trx: Transaction<PurchasingDatabase>,
  requester: TIdentity,
  lines: readonly RequisitionLineDraft[],
): Promise<void> {
  const known = await costCentresOf(trx, requester.entityId, [...new Set(lines.map((l) => l.costCentreId))]);
  const issues: FieldIssue[] = [];
  lines.forEach((line, index) => {
    const costCentre = known.find((c) => c.cost_centre_id === line.costCentreId);
    if (!costCentre)
      issues.push({ field: `lines[${index}].costCentreId`, reason: 'is not a cost centre of your entity' });
    else if (
      !requester.costCentreIds.includes(line.costCentreId) &&
      costCentre.manager_user_id !== requester.userId
    )
      issues.push({
        field: `lines[${index}].costCentreId`,
        reason: 'is a cost centre you neither belong to nor manage',
      });
  });
  if (issues.length > 0) throw new DomainError('validation_failed', 'The request is not valid.', issues);
}

function priceDraft(draft: RequisitionDraft) {
  return priceRequisition(
    draft.lines.map((l) => ({
      description: l.description,
      quantity: l.quantity,
      unitPrice: l.unitPrice.amount,
      currency: l.unitPrice.currency,
    })),
    draft.currency,
  );
}

async function insertLines(
  trx: Transaction<PurchasingDatabase>,
  requisitionId: string,
  draft: RequisitionDraft,
  priced: ReturnType<typeof priceRequisition>,
): Promise<void> {
  await trx
    .insertInto('purchasing.requisition_line')
    .values(
      draft.lines.map((line, index) => ({
        requisition_id: requisitionId,
        line_no: index + 1,
        source: line.source,
        catalog_item_id: line.catalogItemId,
        free_text_request_id: line.freeTextRequestId,
        supplier_id: line.supplierId,
        supplier_name: line.supplierName,
        description: line.description,
        category_code: line.categoryCode,
        quantity: line.quantity,
        unit_code: line.unitCode,
        unit_price: line.unitPrice.amount,
        amount: priced.lineAmounts[index]?.toDecimalString(2) ?? '0',
        vat_rate: line.vatRate,
        cost_centre_id: line.costCentreId,
        budget_category: line.budgetCategory,
        delivery_site_id: line.deliverySiteId,
        wished_date: line.wishedDate,
      })),
    )
    .execute();
}

/** Records a new request as a draft, numbered in its entity and year. */
export async function createRequisition(
  trx: Transaction<PurchasingDatabase>,
  requester: TIdentity,
  draft: RequisitionDraft,
  now: Date,
): Promise<string> {
  const priced = priceDraft(draft);
  if (draft.directOrder && !requester.roles.some((r) => r === 'buyer' || r === 'administrator'))
    throw new DomainError(
      'forbidden',
      'Only buyers place direct orders; ask for what you need with a request.',
      [{ field: 'directOrder', reason: 'is for buyers only' }],
    );
  await checkCostCentres(trx, requester, draft.lines);
  const year = Number(calendarDate(now).slice(0, 4));
  const sequence = await nextDocumentSequence(trx, {
    entityId: requester.entityId,
    kind: 'requisition',
    year,
  });
  const { id } = await trx
    .insertInto('purchasing.requisition')
    .values({
      number: requisitionNumber(year, sequence),
      entity_id: requester.entityId,
      requester_user_id: requester.userId,
      requester_name: requester.displayName,
      title: draft.title,
      justification: draft.justification,
      currency: priced.currency,
      total: priced.total.toDecimalString(2),
      direct_order: draft.directOrder ?? false,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await insertLines(trx, id, draft, priced);
  await recordRequisitionEvent(trx, {
    requisitionId: id,
    kind: 'created',
    actor: { userId: requester.userId, name: requester.displayName },
    details: { total: priced.total.toDecimalString(2), currency: priced.currency },
  });
  return id;
}

/** Requests that may still change: not yet decided against, withdrawn or ordered. */
const changeable = new Set<RequisitionStatus>(['draft', 'in_approval', 'approved']);

/**
 * The requester changes their request as a whole (header and lines), naming the version they
 * changed: a change made meanwhile by someone else (another tab, a retried call) is refused rather
 * than overwritten. A draft simply changes; a submitted request has its ledger amounts moved and,
 * when the change matters to approval, goes through a new approval round.
 */
export async function changeRequisition(
  trx: Transaction<PurchasingDatabase>,
  requester: TIdentity,
  id: string,
  change: RequisitionDraft & { version: number },
  now: Date,
): Promise<{ restarted: boolean; reasons: readonly string[] }> {
  const row = await trx
    .selectFrom('purchasing.requisition')
    .selectAll()
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!row || row.requester_user_id !== requester.userId)
    throw new DomainError('not_found', `Request ${id} does not exist or is not yours.`);
  if (!changeable.has(row.status))
    throw new DomainError(
      'invalid_state_transition',
      `Request ${row.number} is ${row.status.replace('_', ' ')}: it can no longer be changed.`,
    );
  if (row.version !== change.version)
    throw new DomainError(
      'conflict',
      `Request ${row.number} changed meanwhile (version ${row.version}, yours ${change.version}): reload it and change it again.`,
      [{ field: 'version', reason: `is ${change.version}, the request is at version ${row.version}` }],
    );
  const priced = priceDraft(change);
  await checkCostCentres(trx, requester, change.lines);
  const linesBefore = await trx
    .selectFrom('purchasing.requisition_line')
    .selectAll()
    .where('requisition_id', '=', id)
    .orderBy('line_no')
    .execute();
  await trx.deleteFrom('purchasing.requisition_line').where('requisition_id', '=', id).execute();
  await insertLines(trx, id, change, priced);
  await trx
    .updateTable('purchasing.requisition')
    .set({
      title: change.title,
      justification: change.justification,
      currency: priced.currency,
      total: priced.total.toDecimalString(2),
      version: row.version + 1,
      updated_at: now,
    })
    .where('id', '=', id)
    .execute();
  await recordRequisitionEvent(trx, {
    requisitionId: id,
    kind: 'changed',
    actor: { userId: requester.userId, name: requester.displayName },
    details: {
      version: row.version + 1,
      totalBefore: row.total,
      linesBefore: linesBefore.map((l) => ({
        lineNo: l.line_no,
        description: l.description,
        supplierName: l.supplier_name,
        quantity: l.quantity,
        amount: l.amount,
        costCentreId: l.cost_centre_id,
      })),
      total: priced.total.toDecimalString(2),
      currency: priced.currency,
    },
  });
  if (row.status === 'draft') return { restarted: false, reasons: [] };
  const { restart } = await reassessChangedRequisition(trx, requester, { row, lines: linesBefore }, now);
  return { restarted: restart.restart, reasons: restart.reasons };
}
