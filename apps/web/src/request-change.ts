import type {
  ApprovalRestartReason,
  ChangedRequisition,
  Me,
  Requisition,
  RequisitionBody,
  RequisitionStatus,
} from './api.js';
import type { Problem } from './problems.js';

/** What the requester may change on their request: the header, and each line's quantity, price and date. */
export interface ChangeForm {
  title: string;
  justification: string;
  /** The cost centre of every line; '' keeps each line's own (the lines do not share one). */
  costCentreId: string;
  /** The budget category of every line; '' keeps each line's own. */
  budgetCategory: string;
  lines: { id: string; quantity: string; unitPrice: string; wishedDate: string }[];
}

/** Requests that may still change: not yet rejected, withdrawn or ordered. */
const changeableStatuses: readonly RequisitionStatus[] = ['draft', 'in_approval', 'approved'];

/** Whether the caller may change the request: their own, while it is a draft, in approval or approved. */
export const mayChange = (requisition: Requisition, me: Pick<Me, 'userId'>) =>
  requisition.requester.userId === me.userId && changeableStatuses.includes(requisition.status);

/** The value every line shares, or '' when they differ. */
const shared = (values: readonly string[]) => (values.every((v) => v === values[0]) ? (values[0] ?? '') : '');

export function changeFormOf(requisition: Requisition): ChangeForm {
  return {
    title: requisition.title,
    justification: requisition.justification ?? '',
    costCentreId: shared(requisition.lines.map((l) => l.costCentreId)),
    budgetCategory: shared(requisition.lines.map((l) => l.budgetCategory)),
    lines: requisition.lines.map((l) => ({
      id: l.id,
      quantity: l.quantity,
      unitPrice: l.unitPrice.amount,
      wishedDate: l.wishedDate ?? '',
    })),
  };
}

/** A decimal as typed (`2,5`, ` 12 `) in the API's form (`2.5`, `12`); the API judges the rest. */
const decimal = (typed: string) => typed.trim().replace(',', '.');

/**
 * The whole request as the API takes it back (`PUT`): each line as it was, with the quantity, unit
 * price and wished date of the form, and the form's cost centre and budget category when it names
 * them; `version` is the one the requester loaded, so a change made meanwhile is refused, not lost.
 */
export function buildChangeBody(
  requisition: Requisition,
  form: ChangeForm,
): RequisitionBody & { version: number } {
  return {
    title: form.title.trim(),
    justification: form.justification.trim() || null,
    currency: requisition.total.currency,
    version: requisition.version,
    lines: requisition.lines.map((line) => {
      const typed = form.lines.find((l) => l.id === line.id);
      return {
        source: line.source,
        catalogItemId: line.catalogItemId,
        freeTextRequestId: line.freeTextRequestId,
        supplierId: line.supplier?.id ?? null,
        supplierName: line.supplier?.name ?? null,
        description: line.description,
        categoryCode: line.categoryCode,
        quantity: typed ? decimal(typed.quantity) : line.quantity,
        unitCode: line.unitCode,
        unitPrice: {
          amount: typed ? decimal(typed.unitPrice) : line.unitPrice.amount,
          currency: line.unitPrice.currency,
        },
        vatRate: line.vatRate,
        costCentreId: form.costCentreId || line.costCentreId,
        budgetCategory: form.budgetCategory.trim() || line.budgetCategory,
        deliverySiteId: line.deliverySiteId,
        wishedDate: typed ? typed.wishedDate.trim() || null : line.wishedDate,
      };
    }),
  };
}

/** The API refused the change because the request moved on since it was loaded. */
export const isStaleVersion = (problem: Problem) =>
  problem.status === 409 && problem.errors.some((e) => e.field === 'version' || e.field === 'body.version');

/**
 * What the notice after saving says: a draft saved; a submitted request whose approval goes on; or one
 * sent back to approval, with why (keys under `requestChange.`, reasons under `requestChange.reasons.`).
 */
export function changeOutcome(
  before: RequisitionStatus,
  changed: Pick<ChangedRequisition, 'approvalRestart'>,
): { key: 'savedDraft' | 'savedKept' | 'savedRestarted'; reasons: ApprovalRestartReason[] } {
  if (changed.approvalRestart.restarted)
    return { key: 'savedRestarted', reasons: changed.approvalRestart.reasons };
  return { key: before === 'draft' ? 'savedDraft' : 'savedKept', reasons: [] };
}
