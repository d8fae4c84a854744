// The life of a purchase order once it exists: its states, what its lines say about receipt and
// billing, how much may be received, and what a change may and may not do.
import { DomainError, type FieldIssue } from '../errors/index.js';
import { type DecimalInput, parseDecimal, toDecimal } from '../money/decimal.js';

export const purchaseOrderStatuses = [
  'draft',
  'pending_approval',
  'issued',
  'acknowledged',
  'closed',
  'cancelled',
] as const;
export type PurchaseOrderStatus = (typeof purchaseOrderStatuses)[number];

export type PurchaseOrderAction = 'issue' | 'acknowledge' | 'revise' | 'cancel' | 'close';

const transitions: Record<PurchaseOrderAction, Partial<Record<PurchaseOrderStatus, PurchaseOrderStatus>>> = {
  issue: { draft: 'issued', pending_approval: 'issued' },
  acknowledge: { issued: 'acknowledged' },
  // A revision is sent again and awaits a new acknowledgement.
  revise: { issued: 'issued', acknowledged: 'issued' },
  cancel: {
    draft: 'cancelled',
    pending_approval: 'cancelled',
    issued: 'cancelled',
    acknowledged: 'cancelled',
  },
  close: { issued: 'closed', acknowledged: 'closed' },
};

/** The state after `action`; `invalid_state_transition` when the order cannot take it from `status`. */
export function nextPurchaseOrderStatus(
  status: PurchaseOrderStatus,
  action: PurchaseOrderAction,
): PurchaseOrderStatus {
  const next = transitions[action][status];
  if (!next)
    throw new DomainError(
      'invalid_state_transition',
      `A ${status.replace('_', ' ')} order cannot be ${pastTense[action]}.`,
      {
        status,
        action,
      },
    );
  return next;
}

const pastTense: Record<PurchaseOrderAction, string> = {
  issue: 'issued',
  acknowledge: 'acknowledged',
  revise: 'revised',
  cancel: 'cancelled',
  close: 'closed',
};

/** What an order line has ordered, received and invoiced, as decimal quantities. */
export interface OrderLineQuantities {
  readonly quantity: DecimalInput;
  readonly received: DecimalInput;
  readonly invoiced: DecimalInput;
  /** Services may be invoiced without a receipt: their receipt status does not hold the order open. */
  readonly receiptRequired: boolean;
  readonly cancelled: boolean;
}

export type Completion = 'none' | 'partial' | 'full';

function completion(
  lines: readonly OrderLineQuantities[],
  done: (l: OrderLineQuantities) => DecimalInput,
): Completion {
  const open = lines.filter((l) => !l.cancelled);
  if (open.length === 0) return 'none';
  const reached = open.map((l) => toDecimal(done(l)).gte(toDecimal(l.quantity)));
  if (reached.every(Boolean)) return 'full';
  return open.some((l) => toDecimal(done(l)).gt('0')) ? 'partial' : 'none';
}

/** Receipt status from the lines that need a receipt: none, partial or full. */
export function receiptStatusOf(lines: readonly OrderLineQuantities[]): Completion {
  return completion(
    lines.filter((l) => l.receiptRequired),
    (l) => l.received,
  );
}

/** Billing status from the lines: none, partial or full (every line invoiced up to its quantity). */
export function billingStatusOf(lines: readonly OrderLineQuantities[]): Completion {
  return completion(lines, (l) => l.invoiced);
}

/** An order closes itself once every line needing a receipt is received and every line invoiced. */
export function isOrderComplete(lines: readonly OrderLineQuantities[]): boolean {
  const needsReceipt = lines.some((l) => l.receiptRequired && !l.cancelled);
  return (!needsReceipt || receiptStatusOf(lines) === 'full') && billingStatusOf(lines) === 'full';
}

/**
 * Checks a receipt (or return, negative) of `quantity` on a line: the received total may exceed the
 * ordered quantity by at most `overReceiptPercent` of it, and a return cannot take back more than
 * was received. Returns the new received total; throws `validation_failed` naming `field`.
 */
export function receiveOnLine(
  line: { quantity: DecimalInput; received: DecimalInput; cancelled: boolean },
  quantity: string,
  overReceiptPercent: string,
  field: string,
): string {
  const delta = parseDecimal(quantity, field);
  const issue = (reason: string): never => {
    throw new DomainError('validation_failed', `The receipt cannot be recorded: ${field} ${reason}.`, [
      { field, reason },
    ]);
  };
  if (line.cancelled) issue('is on a cancelled line');
  if (delta.eq('0')) issue('must not be zero');
  const ordered = toDecimal(line.quantity);
  const received = toDecimal(line.received).plus(delta);
  if (received.lt('0')) issue(`returns more than was received (${toDecimal(line.received).toFixed()})`);
  const limit = ordered.plus(ordered.times(parseDecimal(overReceiptPercent)).div('100'));
  if (received.gt(limit))
    issue(
      `brings the received quantity to ${received.toFixed()}, over the ${ordered.toFixed()} ordered plus the ${overReceiptPercent} % tolerance (${limit.toFixed()})`,
    );
  return received.toFixed();
}

/** One line of a revision: an existing line changed or cancelled, or a new line (no id). */
export interface RevisedLine {
  readonly lineId?: string | undefined;
  readonly quantity: string;
  readonly unitPrice: string;
  readonly cancelled: boolean;
}

/**
 * Checks that a revision keeps each line at or above what was already received and invoiced (a
 * line with receipts or invoices cannot be cancelled) and says whether the increase needs approval:
 * the new net total over the last approved one by more than `thresholdPercent`.
 */
export function assessOrderRevision(input: {
  current: readonly ({ lineId: string } & OrderLineQuantities)[];
  revised: readonly RevisedLine[];
  approvedTotal: DecimalInput;
  revisedTotal: DecimalInput;
  thresholdPercent: string;
}): { requiresApproval: boolean; increasePercent: string } {
  const issues: FieldIssue[] = [];
  input.revised.forEach((line, index) => {
    if (!line.lineId) return;
    const current = input.current.find((c) => c.lineId === line.lineId);
    if (!current) {
      issues.push({ field: `lines[${index}].lineId`, reason: 'is not a line of this order' });
      return;
    }
    const floor = toDecimal(current.received).gt(toDecimal(current.invoiced))
      ? toDecimal(current.received)
      : toDecimal(current.invoiced);
    if (line.cancelled && floor.gt('0'))
      issues.push({
        field: `lines[${index}].cancelled`,
        reason: `cannot cancel a line with ${floor.toFixed()} already received or invoiced`,
      });
    else if (!line.cancelled && parseDecimal(line.quantity).lt(floor))
      issues.push({
        field: `lines[${index}].quantity`,
        reason: `cannot go below ${floor.toFixed()}, already received or invoiced`,
      });
  });
  if (issues.length > 0)
    throw new DomainError('validation_failed', 'The order cannot be changed so.', issues);
  const approved = toDecimal(input.approvedTotal);
  const revised = toDecimal(input.revisedTotal);
  const increase = approved.eq('0')
    ? revised.gt('0')
      ? toDecimal('100')
      : toDecimal('0')
    : revised.minus(approved).times('100').div(approved);
  return {
    requiresApproval: increase.gt(parseDecimal(input.thresholdPercent)),
    increasePercent: increase.round(2).toFixed(2),
  };
}
