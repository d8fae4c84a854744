// From line results to the invoice's place in the exceptions queue: every unmatched invoice has
// its reasons and one owner, the owner of its first reason. The buyer owns price, the requester
// owns receipts, accounts payable owns the rest.

import { type LineMatchReason, type LineMatchResult, lineMatchReasons } from './invoice-line-matching.js';
import type { InvoiceTotalsCheck } from './invoice-totals-check.js';

/**
 * Every reason an invoice can wait in the exceptions queue, first to last: the invoice-level ones
 * (found at intake, or by the header check), then the line reasons in their own order.
 */
export const invoiceExceptionReasons = [
  'unknown_supplier',
  'possible_duplicate',
  'totals_inconsistent',
  ...lineMatchReasons,
] as const;
export type InvoiceExceptionReason = (typeof invoiceExceptionReasons)[number];

/** Invoice-level reasons, decided outside line matching. */
export type InvoiceLevelReason = Exclude<InvoiceExceptionReason, LineMatchReason | 'totals_inconsistent'>;

export const exceptionOwners = ['buyer', 'requester', 'accounts_payable'] as const;
export type ExceptionOwner = (typeof exceptionOwners)[number];

const ownerByReason: Readonly<Record<InvoiceExceptionReason, ExceptionOwner>> = {
  unknown_supplier: 'accounts_payable',
  possible_duplicate: 'accounts_payable',
  totals_inconsistent: 'accounts_payable',
  no_order_line: 'accounts_payable',
  supplier_mismatch: 'accounts_payable',
  order_line_cancelled: 'accounts_payable',
  currency_mismatch: 'accounts_payable',
  unit_mismatch: 'accounts_payable',
  vat_mismatch: 'accounts_payable',
  price_variance: 'buyer',
  awaiting_receipt: 'requester',
  quantity_over_received: 'requester',
  quantity_over_ordered: 'accounts_payable',
  credit_exceeds_invoiced: 'accounts_payable',
};

/** Who works an exception: the buyer for price, the requester for receipts, accounts payable otherwise. */
export function exceptionOwnerOf(reason: InvoiceExceptionReason): ExceptionOwner {
  return ownerByReason[reason];
}

export interface InvoiceMatchSummary {
  readonly status: 'matched' | 'exception';
  /** Distinct reasons, first to last in the order of {@link invoiceExceptionReasons}. */
  readonly reasons: readonly InvoiceExceptionReason[];
  /** The owner of the first reason; null when matched. */
  readonly owner: ExceptionOwner | null;
}

/**
 * An invoice is matched when it has no invoice-level reason, its totals are consistent and every
 * line is matched (an invoice without lines cannot match: it is reported as totals_inconsistent).
 */
export function summarizeInvoiceMatch(
  lines: readonly LineMatchResult[],
  totals: InvoiceTotalsCheck,
  invoiceReasons: readonly InvoiceLevelReason[] = [],
): InvoiceMatchSummary {
  const found = new Set<InvoiceExceptionReason>(invoiceReasons);
  if (!totals.consistent || lines.length === 0) found.add('totals_inconsistent');
  for (const line of lines) for (const finding of line.findings) found.add(finding.reason);
  const reasons = invoiceExceptionReasons.filter((reason) => found.has(reason));
  const first = reasons[0];
  return first === undefined
    ? { status: 'matched', reasons, owner: null }
    : { status: 'exception', reasons, owner: exceptionOwnerOf(first) };
}
