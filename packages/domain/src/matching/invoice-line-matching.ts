// Line-level matching of a supplier invoice or credit note against its order line and receipts.
// This function is the reference semantics: the invoicing service's set-based bulk re-match must
// give the same status and figures for every line, so each rule is stated here exactly.
//
// Mode: an order line flagged receiptRequired (goods) is matched three-way (invoice, order,
// receipts); one that is not (most services) two-way (invoice, order).
//
// Checks, in this order; every finding is reported, and the line's status is the first of them
// (the order of `lineMatchReasons`), or `matched` when there is none:
//   no_order_line           no order line was found for the line's order reference. Nothing else
//                           is checked.
//   supplier_mismatch       the order line belongs to another supplier than the invoice's.
//   order_line_cancelled    the order line was cancelled.
//   currency_mismatch       the invoice currency is not the order's.
//   unit_mismatch           the invoiced unit of measure (UN/ECE rec. 20 code) is not the ordered one.
//                           Any of these four stops the line there: its figures are not comparable.
//   vat_mismatch            VAT category or rate (compared as numbers: 20 = 20.00) is not as ordered.
//   price_variance          (invoice lines only) the net unit price, i.e. net price ÷ price base
//                           quantity (rounded to 12 decimals when the base is not 1), exceeds the
//                           ordered one by more than the price tolerance allows. A lower price
//                           matches.
//   awaiting_receipt        (three-way, invoice lines only) nothing is received net of returns yet.
//                           No tolerance applies.
//   quantity_over_received  (three-way, invoice lines only) the invoiced quantity of the order line
//                           exceeds the received quantity net of returns beyond the quantity tolerance.
//   quantity_over_ordered   (invoice lines only) the invoiced quantity of the order line exceeds the
//                           ordered quantity beyond the quantity tolerance (two-way and three-way).
//   credit_exceeds_invoiced (credit lines only) the credit brings the invoiced quantity of the order
//                           line below zero: it credits more than was invoiced.
//
// The invoiced quantity of an order line is the sum, over every invoice and credit note line that
// refers to it and whose document is neither rejected nor refused, this line included, of the
// quantity, counted negative on a credit note (and negative when an invoice line's quantity is).
// It does not depend on the order in which documents arrived, so re-matching is idempotent: two
// invoices that together exceed the receipts both show the variance until one is refused or credited.
// A line whose signed quantity is negative is a credit: only the structural, VAT and
// credit_exceeds_invoiced checks apply to it (a credit lowers what is owed, so its price is not
// checked). A line of quantity zero is checked for structure and VAT only.
//
// Tolerances (see tolerance.ts) are chosen for the order line's entity, supplier, category and
// currency. Figures are exact decimal strings; each variance also carries its impact: the
// difference valued in the order currency (price: × this line's quantity; quantity: × the ordered
// net unit price), rounded to 2 decimals, ties away from zero.
import type Big from 'big.js';
import {
  type CurrencyCode,
  divideRounded,
  formatDecimal,
  type Money,
  money,
  toDecimal,
} from '../money/index.js';
import type { VatCategoryCode } from '../tax/index.js';
import {
  type AppliedTolerance,
  allowedDifference,
  selectTolerance,
  type ToleranceRule,
  type ToleranceScope,
} from './tolerance.js';

export const lineMatchReasons = [
  'no_order_line',
  'supplier_mismatch',
  'order_line_cancelled',
  'currency_mismatch',
  'unit_mismatch',
  'vat_mismatch',
  'price_variance',
  'awaiting_receipt',
  'quantity_over_received',
  'quantity_over_ordered',
  'credit_exceeds_invoiced',
] as const;
export type LineMatchReason = (typeof lineMatchReasons)[number];
export type LineMatchStatus = 'matched' | LineMatchReason;
export type MatchMode = 'two_way' | 'three_way';

export type InvoiceDocumentType = 'invoice' | 'credit_note';
export type OrderLineStatus = 'open' | 'closed' | 'cancelled';

/** The invoicing service's projection of a purchase order line. */
export interface OrderLineToMatch {
  readonly id: string;
  readonly entityId: string;
  readonly supplierId: string;
  readonly categoryId: string | null;
  readonly status: OrderLineStatus;
  /** Goods are received (three-way match); most services are not (two-way). */
  readonly receiptRequired: boolean;
  readonly quantity: string;
  readonly unitCode: string;
  /** Net price per `priceBaseQuantity` units, in the order currency. */
  readonly unitPrice: Money;
  readonly priceBaseQuantity?: string;
  readonly vatCategory: VatCategoryCode;
  readonly vatRate: string;
}

/** A receipt (or a return, which takes back received quantity) on the order line, in its unit. */
export interface ReceiptQuantity {
  readonly kind: 'receipt' | 'return';
  readonly quantity: string;
}

/** Another invoice or credit note line on the same order line, as on its document. */
export interface InvoicedQuantity {
  readonly documentType: InvoiceDocumentType;
  readonly quantity: string;
}

export interface InvoiceLineToMatch {
  readonly documentType: InvoiceDocumentType;
  readonly supplierId: string;
  readonly currency: CurrencyCode;
  /** As on the document: positive on a credit note that credits goods (BT-129). */
  readonly quantity: string;
  readonly unitCode: string;
  /** Item net price (BT-146) per `priceBaseQuantity` (BT-149) units. */
  readonly unitPrice: Money;
  readonly priceBaseQuantity?: string;
  readonly vatCategory: VatCategoryCode;
  readonly vatRate: string;
}

export interface LineMatchInput {
  readonly line: InvoiceLineToMatch;
  /** Null when no order line answers the line's order reference. */
  readonly orderLine: OrderLineToMatch | null;
  /** Receipts and returns of the order line. */
  readonly receipts?: readonly ReceiptQuantity[];
  /** The other invoice and credit note lines on the order line, rejected and refused documents left out. */
  readonly otherInvoiceLines?: readonly InvoicedQuantity[];
  readonly toleranceRules?: readonly ToleranceRule[];
}

/** A difference that is not a figure: what was expected and what the invoice says. */
export interface MismatchFinding {
  readonly reason:
    | 'no_order_line'
    | 'supplier_mismatch'
    | 'order_line_cancelled'
    | 'currency_mismatch'
    | 'unit_mismatch'
    | 'vat_mismatch';
  readonly expected: string | null;
  readonly actual: string | null;
}

/** A figure beyond what is allowed, with everything needed to judge it. */
export interface VarianceFinding {
  readonly reason:
    | 'price_variance'
    | 'awaiting_receipt'
    | 'quantity_over_received'
    | 'quantity_over_ordered'
    | 'credit_exceeds_invoiced';
  readonly measure: 'unit_price' | 'quantity';
  readonly expected: string;
  readonly actual: string;
  /** actual − expected. */
  readonly difference: string;
  /** The largest difference the tolerance allowed; the variance is difference − allowed beyond it. */
  readonly allowed: string;
  /** The tolerance applied, or null where none may apply (awaiting receipt, credit beyond invoiced). */
  readonly tolerance: AppliedTolerance | null;
  /** The difference valued in the order currency, rounded to 2 decimals. */
  readonly impact: Money;
}

export type MatchFinding = MismatchFinding | VarianceFinding;

export interface LineMatchResult {
  readonly status: LineMatchStatus;
  /** Null without an order line. */
  readonly mode: MatchMode | null;
  /** Every finding, in the order of `lineMatchReasons`; empty when matched. */
  readonly findings: readonly MatchFinding[];
  /** The order line's quantities after this line; null when the line was not compared. */
  readonly quantities: {
    readonly ordered: string;
    /** Net of returns; null in two-way matching. */
    readonly received: string | null;
    /** Every invoice and credit note line of the order line, this one included. */
    readonly invoiced: string;
  } | null;
}

/** Net unit prices are compared per unit, to 12 decimals when a price base quantity divides them. */
export const unitPriceScale = 12;

function netUnitPrice(price: Money, baseQuantity: string | undefined, field: string): Big {
  const base = toDecimal(baseQuantity ?? '1', field);
  return base.eq('1') ? price.amount : divideRounded(price.amount, base, unitPriceScale);
}

const signed = (documentType: InvoiceDocumentType, quantity: Big) =>
  documentType === 'credit_note' ? quantity.times('-1') : quantity;

const vatLabel = (category: string, rate: string) => `${category} ${toDecimal(rate, 'vatRate').toString()}`;

function result(
  mode: MatchMode | null,
  findings: MatchFinding[],
  quantities: LineMatchResult['quantities'],
): LineMatchResult {
  const ordered = findings.toSorted(
    (a, b) => lineMatchReasons.indexOf(a.reason) - lineMatchReasons.indexOf(b.reason),
  );
  return { status: ordered[0]?.reason ?? 'matched', mode, findings: ordered, quantities };
}

/** Classifies one invoice or credit note line; see the module comment for the exact rules. */
export function matchInvoiceLine(input: LineMatchInput): LineMatchResult {
  const { line, orderLine } = input;
  if (orderLine === null)
    return result(null, [{ reason: 'no_order_line', expected: null, actual: null }], null);

  const mode: MatchMode = orderLine.receiptRequired ? 'three_way' : 'two_way';
  const structural: MismatchFinding[] = [];
  if (line.supplierId !== orderLine.supplierId)
    structural.push({
      reason: 'supplier_mismatch',
      expected: orderLine.supplierId,
      actual: line.supplierId,
    });
  if (orderLine.status === 'cancelled')
    structural.push({ reason: 'order_line_cancelled', expected: 'open', actual: 'cancelled' });
  const orderCurrency = orderLine.unitPrice.currency;
  if (line.currency !== orderCurrency || line.unitPrice.currency !== orderCurrency)
    structural.push({
      reason: 'currency_mismatch',
      expected: orderCurrency,
      actual: line.currency !== orderCurrency ? line.currency : line.unitPrice.currency,
    });
  if (line.unitCode !== orderLine.unitCode)
    structural.push({ reason: 'unit_mismatch', expected: orderLine.unitCode, actual: line.unitCode });
  if (structural.length > 0) return result(mode, structural, null);

  const findings: MatchFinding[] = [];
  if (
    line.vatCategory !== orderLine.vatCategory ||
    !toDecimal(line.vatRate, 'line.vatRate').eq(toDecimal(orderLine.vatRate, 'orderLine.vatRate'))
  )
    findings.push({
      reason: 'vat_mismatch',
      expected: vatLabel(orderLine.vatCategory, orderLine.vatRate),
      actual: vatLabel(line.vatCategory, line.vatRate),
    });

  const lineQuantity = signed(line.documentType, toDecimal(line.quantity, 'line.quantity'));
  const invoicedElsewhere = (input.otherInvoiceLines ?? []).reduce(
    (total, other, index) =>
      total.plus(
        signed(other.documentType, toDecimal(other.quantity, `otherInvoiceLines[${index}].quantity`)),
      ),
    toDecimal('0'),
  );
  const invoiced = invoicedElsewhere.plus(lineQuantity);
  const ordered = toDecimal(orderLine.quantity, 'orderLine.quantity');
  const received =
    mode === 'three_way'
      ? (input.receipts ?? []).reduce((total, receipt, index) => {
          const quantity = toDecimal(receipt.quantity, `receipts[${index}].quantity`);
          return receipt.kind === 'return' ? total.minus(quantity) : total.plus(quantity);
        }, toDecimal('0'))
      : null;

  const scope: ToleranceScope = {
    entityId: orderLine.entityId,
    supplierId: orderLine.supplierId,
    categoryId: orderLine.categoryId,
    currency: orderCurrency,
  };
  const rules = input.toleranceRules ?? [];
  const orderedUnitPrice = netUnitPrice(
    orderLine.unitPrice,
    orderLine.priceBaseQuantity,
    'orderLine.priceBaseQuantity',
  );
  const valued = (difference: Big, by: Big) => money(difference.times(by), orderCurrency).roundEn16931();
  const variance = (
    reason: VarianceFinding['reason'],
    measure: VarianceFinding['measure'],
    expected: Big,
    actual: Big,
    tolerance: AppliedTolerance | null,
  ): VarianceFinding | undefined => {
    const difference = actual.minus(expected);
    const allowed = tolerance === null ? toDecimal('0') : allowedDifference(tolerance, expected);
    if (difference.lte(allowed)) return undefined;
    return {
      reason,
      measure,
      expected: formatDecimal(expected),
      actual: formatDecimal(actual),
      difference: formatDecimal(difference),
      allowed: formatDecimal(allowed),
      tolerance,
      impact: valued(difference, measure === 'unit_price' ? lineQuantity : orderedUnitPrice),
    };
  };
  const push = (finding: VarianceFinding | undefined) => {
    if (finding) findings.push(finding);
  };

  if (lineQuantity.gt('0')) {
    const invoicedUnitPrice = netUnitPrice(line.unitPrice, line.priceBaseQuantity, 'line.priceBaseQuantity');
    push(
      variance(
        'price_variance',
        'unit_price',
        orderedUnitPrice,
        invoicedUnitPrice,
        selectTolerance(rules, 'price', scope),
      ),
    );
    const quantityTolerance = selectTolerance(rules, 'quantity', scope);
    if (received !== null) {
      if (received.lte('0')) push(variance('awaiting_receipt', 'quantity', received, invoiced, null));
      else push(variance('quantity_over_received', 'quantity', received, invoiced, quantityTolerance));
    }
    push(variance('quantity_over_ordered', 'quantity', ordered, invoiced, quantityTolerance));
  } else if (lineQuantity.lt('0') && invoiced.lt('0')) {
    push(variance('credit_exceeds_invoiced', 'quantity', invoicedElsewhere, lineQuantity.abs(), null));
  }

  return result(mode, findings, {
    ordered: formatDecimal(ordered),
    received: received === null ? null : formatDecimal(received),
    invoiced: formatDecimal(invoiced),
  });
}
