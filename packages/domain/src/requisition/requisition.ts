// Purchase requests (requisitions): their lifecycle and their amounts. The approval chain and the
// budget check live in ../approval and ../budget; this is what a request is on its own.
import { DomainError, type FieldIssue } from '../errors/index.js';
import { type CurrencyCode, isCurrencyCode } from '../money/currency.js';
import { decimalProblem } from '../money/decimal.js';
import { lineNetAmount } from '../money/line-amount.js';
import { type Money, money, sum } from '../money/money.js';

export type RequisitionStatus =
  | 'draft'
  | 'submitted'
  | 'in_approval'
  | 'approved'
  | 'rejected'
  | 'withdrawn'
  | 'partly_ordered'
  | 'ordered';

export type RequisitionAction =
  | 'submit'
  | 'start_approval'
  | 'approve'
  | 'reject'
  | 'withdraw'
  | 'restart_approval'
  | 'order_partly'
  | 'order_fully';

const transitions: Record<RequisitionAction, Partial<Record<RequisitionStatus, RequisitionStatus>>> = {
  submit: { draft: 'submitted' },
  // A submitted request goes into approval, or is approved at once when no rule asks anyone.
  start_approval: { submitted: 'in_approval' },
  approve: { submitted: 'approved', in_approval: 'approved' },
  reject: { in_approval: 'rejected' },
  withdraw: { draft: 'withdrawn', submitted: 'withdrawn', in_approval: 'withdrawn', approved: 'withdrawn' },
  // A change that matters after approval (amount up, supplier, cost centre) starts a new round.
  restart_approval: { in_approval: 'in_approval', approved: 'in_approval' },
  order_partly: { approved: 'partly_ordered', partly_ordered: 'partly_ordered' },
  order_fully: { approved: 'ordered', partly_ordered: 'ordered' },
};

const described: Record<RequisitionAction, string> = {
  submit: 'submitted',
  start_approval: 'sent for approval',
  approve: 'approved',
  reject: 'rejected',
  withdraw: 'withdrawn',
  restart_approval: 'sent back to approval',
  order_partly: 'partly ordered',
  order_fully: 'ordered',
};

/** The status after `action`; DomainError `invalid_state_transition` when the request cannot take it. */
export function nextRequisitionStatus(
  current: RequisitionStatus,
  action: RequisitionAction,
): RequisitionStatus {
  const next = transitions[action][current];
  if (!next)
    throw new DomainError(
      'invalid_state_transition',
      `A request that is ${current.replace('_', ' ')} cannot be ${described[action]}.`,
      { status: current, action },
    );
  return next;
}

/** Whether the requester may still edit the request freely (no approval to restart). */
export const isRequisitionEditable = (status: RequisitionStatus): boolean => status === 'draft';

export interface RequisitionLineInput {
  description: string;
  quantity: string;
  unitPrice: string;
  currency: string;
  minimumOrderQuantity?: string | undefined;
}

export interface PricedRequisition {
  currency: CurrencyCode;
  lineAmounts: Money[];
  total: Money;
}

/**
 * The amount of each line (quantity × unit price, rounded once to 2 decimals as on an invoice) and
 * the total, in the request's one currency. Every wrong line is reported, by index.
 */
export function priceRequisition(
  lines: readonly RequisitionLineInput[],
  currency: string,
): PricedRequisition {
  const issues: FieldIssue[] = [];
  if (!isCurrencyCode(currency))
    issues.push({ field: 'currency', reason: 'must be an ISO 4217 currency code' });
  if (lines.length === 0) issues.push({ field: 'lines', reason: 'a request needs at least one line' });
  if (lines.length > 200) issues.push({ field: 'lines', reason: 'a request holds 200 lines at most' });
  lines.forEach((line, index) => {
    const at = (field: string) => `lines[${index}].${field}`;
    const quantityProblem = decimalProblem(line.quantity);
    if (quantityProblem) issues.push({ field: at('quantity'), reason: quantityProblem });
    else if (Number(line.quantity) <= 0)
      issues.push({ field: at('quantity'), reason: 'must be greater than zero' });
    else if (line.minimumOrderQuantity && Number(line.quantity) < Number(line.minimumOrderQuantity))
      issues.push({
        field: at('quantity'),
        reason: `must be at least ${line.minimumOrderQuantity} (minimum order quantity)`,
      });
    const priceProblem = decimalProblem(line.unitPrice);
    if (priceProblem) issues.push({ field: at('unitPrice'), reason: priceProblem });
    else if (Number(line.unitPrice) < 0)
      issues.push({ field: at('unitPrice'), reason: 'must not be negative' });
    if (line.currency !== currency)
      issues.push({ field: at('currency'), reason: `must be the request's currency, ${currency}` });
  });
  if (issues.length > 0 || !isCurrencyCode(currency))
    throw new DomainError('validation_failed', 'The request is not valid.', issues);
  const lineAmounts = lines.map((line) => lineNetAmount(line.quantity, money(line.unitPrice, currency)));
  return { currency, lineAmounts, total: sum(lineAmounts, currency) };
}

/** The request's number in its entity and year: REQ-2026-000123. */
export function requisitionNumber(year: number, sequence: number): string {
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > 999_999)
    throw new DomainError('validation_failed', `A request number runs from 1 to 999999, not ${sequence}.`);
  return `REQ-${year}-${String(sequence).padStart(6, '0')}`;
}
