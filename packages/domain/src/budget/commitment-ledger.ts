// The commitment ledger: an append-only list of facts, each moving amounts between the buckets
// requested → committed → invoiced (with received and paid alongside). Every budget figure is
// derived from it. The event constructors below are the only way amounts get into an entry: they
// take the current balance of the line they move (from documentBalances), so nothing is hidden.
//
// Buckets, for one budget line:
//   requested  submitted requests not yet ordered, withdrawn or rejected;
//   committed  ordered and not yet invoiced: an approved invoice moves its amount out of committed
//              (at most what the order line still has committed), a cancellation or closure
//              releases what is left;
//   invoiced   approved invoices: the actual spend;
//   received   goods received on order lines, valued. A view ALONGSIDE committed and invoiced:
//              receiving moves nothing out of committed (the order stays committed until invoiced);
//   paid       the part of invoiced that is paid: a sub-state of invoiced, never counted again.
// consumed = requested + committed + invoiced: each euro sits in exactly one of the three.
// available = budget − consumed (negative when a warn or ignore line went over).
import { DomainError } from '../errors/index.js';
import type { CurrencyCode, Money } from '../money/index.js';
import { money } from '../money/index.js';
import {
  type BudgetLine,
  type BudgetLineKey,
  type BudgetPolicy,
  budgetLineKeyOf,
  budgetLineKeyString,
} from './budget-line.js';
import { assertCalendarDate } from './budget-period.js';

export const ledgerBuckets = ['requested', 'committed', 'received', 'invoiced', 'paid'] as const;
export type LedgerBucket = (typeof ledgerBuckets)[number];

export type LedgerDocumentKind = 'requisition' | 'purchase_order' | 'receipt' | 'invoice';

/** A document, or one of its lines when `lineId` is given (budgets are usually charged per line). */
export interface DocumentLine {
  readonly kind: LedgerDocumentKind;
  readonly id: string;
  readonly lineId?: string;
}

/** The business event an entry records. */
export type LedgerEvent =
  | 'requisition_submitted'
  | 'requisition_withdrawn'
  | 'requisition_rejected'
  | 'requisition_changed'
  | 'order_issued'
  | 'order_changed'
  | 'order_cancelled'
  | 'order_closed'
  | 'goods_received'
  | 'goods_returned'
  | 'invoice_approved'
  | 'invoice_credited'
  | 'invoice_paid';

/** Signed amounts added to each bucket; a bucket left out does not move. */
export type BucketDeltas = Readonly<Partial<Record<LedgerBucket, Money>>>;

/**
 * One fact of the ledger, never changed nor deleted once appended. An event may produce several
 * entries (an order issued from a request releases on the request line and commits on the order line).
 */
export interface LedgerEntry {
  readonly event: LedgerEvent;
  /** The document the event happened to: the order for order_issued, the receipt, the invoice. */
  readonly document: DocumentLine;
  /**
   * The line holding the amounts the entry moves: the requisition line while requested; the order
   * line once ordered (receipts and invoices matched to it move its amounts); the invoice line of an
   * invoice without an order. Releases read this line's balance.
   */
  readonly commitmentLine: DocumentLine;
  readonly budgetLine: BudgetLineKey;
  /** The calendar day the event happened, 'YYYY-MM-DD'. */
  readonly occurredOn: string;
  readonly deltas: BucketDeltas;
}

/** What a commitment line still holds on one budget line: the sums of its entries' deltas. */
export interface CommitmentBalance {
  readonly commitmentLine: DocumentLine;
  readonly budgetLine: BudgetLineKey;
  readonly currency: CurrencyCode;
  readonly requested: Money;
  readonly committed: Money;
  readonly received: Money;
  readonly invoiced: Money;
  readonly paid: Money;
}

// Building entries.

function entry(
  event: LedgerEvent,
  document: DocumentLine,
  commitmentLine: DocumentLine,
  budgetLine: BudgetLineKey,
  occurredOn: string,
  deltas: Partial<Record<LedgerBucket, Money>>,
): LedgerEntry[] {
  assertCalendarDate(occurredOn, 'occurredOn');
  const moving = Object.fromEntries(
    Object.entries(deltas).filter(([, amount]) => amount !== undefined && !amount.isZero()),
  ) as BucketDeltas;
  if (Object.keys(moving).length === 0) return [];
  return [{ event, document, commitmentLine, budgetLine, occurredOn, deltas: moving }];
}

function assertNotNegative(amount: Money, field: string): void {
  if (amount.isNegative())
    throw new DomainError('invalid_amount', `${field} ${amount.toString()} is negative`, [
      { field, reason: 'must not be negative' },
    ]);
}

function assertKind(line: DocumentLine, kinds: readonly LedgerDocumentKind[], field: string): void {
  if (!kinds.includes(line.kind))
    throw new DomainError(
      'validation_failed',
      `${field} must be a ${kinds.join(' or ')} line, not ${line.kind}`,
      [{ field, reason: `must be a ${kinds.join(' or ')} line` }],
    );
}

const min = (a: Money, b: Money) => (a.compare(b) <= 0 ? a : b);
const max = (a: Money, b: Money) => (a.compare(b) >= 0 ? a : b);

/** A request line submitted for approval: +requested. */
export function requisitionSubmitted(input: {
  requisitionLine: DocumentLine;
  budgetLine: BudgetLineKey;
  amount: Money;
  occurredOn: string;
}): LedgerEntry[] {
  assertKind(input.requisitionLine, ['requisition'], 'requisitionLine');
  assertNotNegative(input.amount, 'amount');
  return entry(
    'requisition_submitted',
    input.requisitionLine,
    input.requisitionLine,
    input.budgetLine,
    input.occurredOn,
    {
      requested: input.amount,
    },
  );
}

function releaseRequested(
  event: 'requisition_withdrawn' | 'requisition_rejected' | 'requisition_changed',
  balance: CommitmentBalance,
  occurredOn: string,
): LedgerEntry[] {
  assertKind(balance.commitmentLine, ['requisition'], 'balance');
  return entry(event, balance.commitmentLine, balance.commitmentLine, balance.budgetLine, occurredOn, {
    requested: balance.requested.negate(),
  });
}

/** The requester withdrew the request (or sent it back to draft): releases all it still has requested. */
export function requisitionWithdrawn(input: {
  balance: CommitmentBalance;
  occurredOn: string;
}): LedgerEntry[] {
  return releaseRequested('requisition_withdrawn', input.balance, input.occurredOn);
}

/**
 * The requester changed the request after submitting it: releases all the old line still
 * requests; the changed lines are then requested afresh (`requisitionSubmitted`).
 */
export function requisitionChanged(input: { balance: CommitmentBalance; occurredOn: string }): LedgerEntry[] {
  return releaseRequested('requisition_changed', input.balance, input.occurredOn);
}

/** An approver rejected the request: releases all it still has requested. */
export function requisitionRejected(input: {
  balance: CommitmentBalance;
  occurredOn: string;
}): LedgerEntry[] {
  return releaseRequested('requisition_rejected', input.balance, input.occurredOn);
}

/**
 * A purchase order line issued: +committed by the ordered amount on the order line. When it comes
 * from a request line, that line's requested amount is released: all of it when the request line is
 * `fully` ordered (a request of 300 ordered at 200 releases 300), or only the ordered amount (at most
 * what is still requested) when it is `partly` ordered and stays open for another order.
 * `budgetLine` defaults to the request line's.
 */
export function orderIssued(input: {
  orderLine: DocumentLine;
  amount: Money;
  occurredOn: string;
  budgetLine?: BudgetLineKey;
  requisition?: { balance: CommitmentBalance; ordered: 'fully' | 'partly' };
}): LedgerEntry[] {
  assertKind(input.orderLine, ['purchase_order'], 'orderLine');
  assertNotNegative(input.amount, 'amount');
  const { requisition } = input;
  const budgetLine = input.budgetLine ?? requisition?.balance.budgetLine;
  if (budgetLine === undefined)
    throw new DomainError('validation_failed', 'An order without a request must name its budget line', [
      { field: 'budgetLine', reason: 'is required when the order does not come from a request' },
    ]);
  const released: LedgerEntry[] = [];
  if (requisition) {
    const { balance } = requisition;
    assertKind(balance.commitmentLine, ['requisition'], 'requisition.balance');
    const release =
      requisition.ordered === 'fully' ? balance.requested : min(balance.requested, input.amount);
    released.push(
      ...entry(
        'order_issued',
        input.orderLine,
        balance.commitmentLine,
        balance.budgetLine,
        input.occurredOn,
        {
          requested: release.negate(),
        },
      ),
    );
  }
  return [
    ...released,
    ...entry('order_issued', input.orderLine, input.orderLine, budgetLine, input.occurredOn, {
      committed: input.amount,
    }),
  ];
}

/**
 * A purchase order line revised to a new ordered amount (the line's new total, not a difference).
 * Committed becomes what is ordered and not yet invoiced: max(0, ordered − invoiced), so revising an
 * order up to an invoice that already went beyond it commits nothing twice. The purchase order's own
 * rules refuse revising a cancelled or closed order; the ledger only does the arithmetic.
 */
export function orderChanged(input: {
  balance: CommitmentBalance;
  orderedAmount: Money;
  occurredOn: string;
}): LedgerEntry[] {
  const { balance } = input;
  assertKind(balance.commitmentLine, ['purchase_order'], 'balance');
  assertNotNegative(input.orderedAmount, 'orderedAmount');
  const notInvoiced = input.orderedAmount.subtract(balance.invoiced);
  const committed = max(notInvoiced, money('0', notInvoiced.currency));
  return entry(
    'order_changed',
    balance.commitmentLine,
    balance.commitmentLine,
    balance.budgetLine,
    input.occurredOn,
    {
      committed: committed.subtract(balance.committed),
    },
  );
}

function releaseCommitted(
  event: 'order_cancelled' | 'order_closed',
  balance: CommitmentBalance,
  occurredOn: string,
): LedgerEntry[] {
  assertKind(balance.commitmentLine, ['purchase_order'], 'balance');
  return entry(event, balance.commitmentLine, balance.commitmentLine, balance.budgetLine, occurredOn, {
    committed: balance.committed.negate(),
  });
}

/** The order line cancelled: releases all it still has committed (what is invoiced stays invoiced). */
export function orderCancelled(input: { balance: CommitmentBalance; occurredOn: string }): LedgerEntry[] {
  return releaseCommitted('order_cancelled', input.balance, input.occurredOn);
}

/** The order line closed with a remainder nobody will deliver or invoice: releases that remainder. */
export function orderClosed(input: { balance: CommitmentBalance; occurredOn: string }): LedgerEntry[] {
  return releaseCommitted('order_closed', input.balance, input.occurredOn);
}

/** Goods received on an order line, valued at the order price: +received, committed untouched. */
export function goodsReceived(input: {
  balance: CommitmentBalance;
  receiptLine: DocumentLine;
  amount: Money;
  occurredOn: string;
}): LedgerEntry[] {
  assertKind(input.balance.commitmentLine, ['purchase_order'], 'balance');
  assertKind(input.receiptLine, ['receipt'], 'receiptLine');
  assertNotNegative(input.amount, 'amount');
  return entry(
    'goods_received',
    input.receiptLine,
    input.balance.commitmentLine,
    input.balance.budgetLine,
    input.occurredOn,
    { received: input.amount },
  );
}

/** Goods sent back: −received, at most what the order line has received (more throws `invalid_amount`). */
export function goodsReturned(input: {
  balance: CommitmentBalance;
  receiptLine: DocumentLine;
  amount: Money;
  occurredOn: string;
}): LedgerEntry[] {
  const { balance, amount } = input;
  assertKind(balance.commitmentLine, ['purchase_order'], 'balance');
  assertKind(input.receiptLine, ['receipt'], 'receiptLine');
  assertNotNegative(amount, 'amount');
  if (amount.compare(balance.received) > 0)
    throw new DomainError(
      'invalid_amount',
      `Cannot return ${amount.toString()}: the order line has received ${balance.received.toString()}`,
      [{ field: 'amount', reason: 'is more than was received' }],
    );
  return entry(
    'goods_returned',
    input.receiptLine,
    balance.commitmentLine,
    balance.budgetLine,
    input.occurredOn,
    {
      received: amount.negate(),
    },
  );
}

/**
 * An invoice line approved. Matched to an order line (`order`, that line's balance): it moves out of
 * committed at most what the order line still has committed, and all of it counts as invoiced, on
 * the order line's budget line; an invoice above the order adds its excess to invoiced without
 * making committed negative. Without an order, +invoiced on the invoice line and `budgetLine`.
 */
export function invoiceApproved(input: {
  invoiceLine: DocumentLine;
  amount: Money;
  occurredOn: string;
  order?: CommitmentBalance;
  budgetLine?: BudgetLineKey;
}): LedgerEntry[] {
  const { order, amount } = input;
  assertKind(input.invoiceLine, ['invoice'], 'invoiceLine');
  assertNotNegative(amount, 'amount');
  if (order) {
    assertKind(order.commitmentLine, ['purchase_order'], 'order');
    return entry(
      'invoice_approved',
      input.invoiceLine,
      order.commitmentLine,
      order.budgetLine,
      input.occurredOn,
      {
        committed: min(order.committed, amount).negate(),
        invoiced: amount,
      },
    );
  }
  if (input.budgetLine === undefined)
    throw new DomainError('validation_failed', 'An invoice without an order must name its budget line', [
      { field: 'budgetLine', reason: 'is required when the invoice is not matched to an order line' },
    ]);
  return entry('invoice_approved', input.invoiceLine, input.invoiceLine, input.budgetLine, input.occurredOn, {
    invoiced: amount,
  });
}

/**
 * Invoiced spend taken back from an order line: a credit note approved, or an approved invoice
 * refused afterwards. −invoiced by the amount, at most what the line has invoiced (a credit beyond it
 * takes back what there is). While the order line stays open (`orderedAmount`, its ordered amount),
 * what is ordered and no longer invoiced is committed again: committed becomes
 * max(0, ordered − invoiced after); a closed or cancelled line (`orderedAmount` null) commits nothing.
 */
export function invoiceCredited(input: {
  balance: CommitmentBalance;
  creditLine: DocumentLine;
  amount: Money;
  orderedAmount: Money | null;
  occurredOn: string;
}): LedgerEntry[] {
  const { balance } = input;
  assertKind(balance.commitmentLine, ['purchase_order'], 'balance');
  assertKind(input.creditLine, ['invoice'], 'creditLine');
  assertNotNegative(input.amount, 'amount');
  const credited = min(input.amount, max(balance.invoiced, money('0', balance.currency)));
  const invoicedAfter = balance.invoiced.subtract(credited);
  const zero = money('0', balance.currency);
  const committedAfter =
    input.orderedAmount === null ? balance.committed : max(input.orderedAmount.subtract(invoicedAfter), zero);
  return entry(
    'invoice_credited',
    input.creditLine,
    balance.commitmentLine,
    balance.budgetLine,
    input.occurredOn,
    {
      invoiced: credited.negate(),
      committed: max(committedAfter, balance.committed).subtract(balance.committed),
    },
  );
}

/**
 * An invoice line paid, in whole or in part: +paid on the line holding its invoiced amount (the order
 * line, or the invoice line without an order). Paid is part of invoiced, so it may not exceed it:
 * more throws `invalid_amount`.
 */
export function invoicePaid(input: {
  balance: CommitmentBalance;
  invoiceLine: DocumentLine;
  amount: Money;
  occurredOn: string;
}): LedgerEntry[] {
  const { balance, amount } = input;
  assertKind(balance.commitmentLine, ['purchase_order', 'invoice'], 'balance');
  assertKind(input.invoiceLine, ['invoice'], 'invoiceLine');
  assertNotNegative(amount, 'amount');
  if (balance.paid.add(amount).compare(balance.invoiced) > 0)
    throw new DomainError(
      'invalid_amount',
      `Cannot pay ${amount.toString()}: ${balance.invoiced.subtract(balance.paid).toString()} is invoiced and unpaid`,
      [{ field: 'amount', reason: 'is more than is invoiced and unpaid' }],
    );
  return entry(
    'invoice_paid',
    input.invoiceLine,
    balance.commitmentLine,
    balance.budgetLine,
    input.occurredOn,
    {
      paid: amount,
    },
  );
}

// Reading the ledger.

type BucketSums = Record<LedgerBucket, Money>;

function zeroSums(currency: CurrencyCode): BucketSums {
  const zero = money('0', currency);
  return { requested: zero, committed: zero, received: zero, invoiced: zero, paid: zero };
}

function currencyOf(deltas: BucketDeltas): CurrencyCode | undefined {
  for (const bucket of ledgerBuckets) {
    const amount = deltas[bucket];
    if (amount) return amount.currency;
  }
  return undefined;
}

function addDeltas(sums: BucketSums, deltas: BucketDeltas): BucketSums {
  const next = { ...sums };
  for (const bucket of ledgerBuckets) {
    const amount = deltas[bucket];
    if (amount) next[bucket] = next[bucket].add(amount);
  }
  return next;
}

const sameLine = (a: DocumentLine, b: DocumentLine) =>
  a.kind === b.kind && a.id === b.id && (a.lineId ?? null) === (b.lineId ?? null);

/**
 * What each line of a document still holds, one balance per line and budget line, in the order the
 * ledger first mentions them. Give `lineId` for one line only. Only the lines that hold amounts have
 * balances: requisition and order lines, and invoice lines without an order.
 */
export function documentBalances(
  entries: readonly LedgerEntry[],
  document: { kind: LedgerDocumentKind; id: string; lineId?: string },
): CommitmentBalance[] {
  const balances = new Map<string, { line: DocumentLine; budgetLine: BudgetLineKey; sums: BucketSums }>();
  for (const { commitmentLine, budgetLine, deltas } of entries) {
    if (commitmentLine.kind !== document.kind || commitmentLine.id !== document.id) continue;
    if (document.lineId !== undefined && !sameLine(commitmentLine, document)) continue;
    const currency = currencyOf(deltas);
    if (currency === undefined) continue;
    const key = JSON.stringify([commitmentLine.lineId ?? null, budgetLineKeyString(budgetLine)]);
    const current = balances.get(key) ?? { line: commitmentLine, budgetLine, sums: zeroSums(currency) };
    balances.set(key, { ...current, sums: addDeltas(current.sums, deltas) });
  }
  return [...balances.values()].map(({ line, budgetLine, sums }) => ({
    commitmentLine: line,
    budgetLine,
    currency: sums.requested.currency,
    ...sums,
  }));
}

/** The figures of one budget line (or of a key spent on without a budget line), all derived from the ledger. */
export interface BudgetFigures {
  readonly budgetLine: BudgetLineKey;
  readonly currency: CurrencyCode;
  /** The budget line's amount; undefined when nobody budgeted this key. */
  readonly budget: Money | undefined;
  readonly policy: BudgetPolicy | undefined;
  readonly requested: Money;
  readonly committed: Money;
  /** Alongside committed and invoiced, not part of consumed. */
  readonly received: Money;
  readonly invoiced: Money;
  /** Part of invoiced, not part of consumed. */
  readonly paid: Money;
  /** requested + committed + invoiced. */
  readonly consumed: Money;
  /** budget − consumed, negative when over; undefined without a budget line. */
  readonly available: Money | undefined;
}

function figures(budgetLine: BudgetLineKey, line: BudgetLine | undefined, sums: BucketSums): BudgetFigures {
  const consumed = sums.requested.add(sums.committed).add(sums.invoiced);
  return {
    budgetLine,
    currency: sums.requested.currency,
    budget: line?.amount,
    policy: line?.policy,
    ...sums,
    consumed,
    available: line?.amount.subtract(consumed),
  };
}

/**
 * The figures of every budget line given and of every key the ledger mentions, keyed by
 * {@link budgetLineKeyString}: budget lines first, in their order, then keys spent on without a
 * budget line. With `asOf`, only entries that occurred on or before that day count.
 * Throws `currency_mismatch` when a budget line and its entries are in different currencies.
 */
export function ledgerFigures(
  entries: readonly LedgerEntry[],
  budgetLines: readonly BudgetLine[] = [],
  options: { asOf?: string } = {},
): Map<string, BudgetFigures> {
  const { asOf } = options;
  if (asOf !== undefined) assertCalendarDate(asOf, 'asOf');
  const sums = new Map<string, { key: BudgetLineKey; line?: BudgetLine; sums: BucketSums }>();
  for (const line of budgetLines) {
    const key = budgetLineKeyOf(line);
    sums.set(budgetLineKeyString(key), { key, line, sums: zeroSums(line.amount.currency) });
  }
  for (const { budgetLine, deltas, occurredOn } of entries) {
    if (asOf !== undefined && occurredOn > asOf) continue;
    const currency = currencyOf(deltas);
    if (currency === undefined) continue;
    const text = budgetLineKeyString(budgetLine);
    const current = sums.get(text) ?? { key: budgetLine, sums: zeroSums(currency) };
    sums.set(text, { ...current, sums: addDeltas(current.sums, deltas) });
  }
  return new Map([...sums].map(([text, { key, line, sums }]) => [text, figures(key, line, sums)]));
}

/** The figures of one budget line: zero buckets when the ledger does not mention it yet. */
export function budgetLineFigures(
  line: BudgetLine,
  entries: readonly LedgerEntry[],
  options: { asOf?: string } = {},
): BudgetFigures {
  const key = budgetLineKeyString(budgetLineKeyOf(line));
  const own = entries.filter((e) => budgetLineKeyString(e.budgetLine) === key);
  return ledgerFigures(own, [line], options).get(key) as BudgetFigures;
}
