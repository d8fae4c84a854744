// From a received invoice and invoicing's order projection to the domain's matching inputs, and the
// results back: the rules themselves are matchInvoiceLine, checkInvoiceTotals and
// summarizeInvoiceMatch in @procura/domain.
import {
  type CurrencyCode,
  checkInvoiceTotals,
  type InvoicedQuantity,
  type InvoiceTotalsCheck,
  type LineMatchResult,
  matchInvoiceLine,
  money,
  type OrderLineToMatch,
  parseVatCategory,
  type ReceiptQuantity,
  type TaxedAmount,
  type ToleranceRule,
  toDecimal,
  type ValidInvoice,
  type ValidInvoiceLine,
  type VatCategoryCode,
} from '@procura/domain';
import type { OrderLineRow } from '../repositories/order-projection.repository.js';

/**
 * The order line as matching sees it. Purchasing's order events carry the VAT rate, not the
 * category: a positive rate is the standard category (S); at a zero rate the category is taken to be
 * the invoice line's, so that only the rate is compared (an exempt, reverse-charge or zero-rated
 * line alike).
 */
export function orderLineToMatch(row: OrderLineRow, invoiceLineCategory: VatCategoryCode): OrderLineToMatch {
  const zeroRate = toDecimal(row.vat_rate, 'vat_rate').eq('0');
  return {
    id: row.purchase_order_line_id,
    entityId: row.entity_id,
    supplierId: row.supplier_id,
    categoryId: row.category_code,
    status:
      row.cancelled || row.order_status === 'cancelled'
        ? 'cancelled'
        : row.order_status === 'closed'
          ? 'closed'
          : 'open',
    receiptRequired: row.receipt_required,
    quantity: row.quantity,
    unitCode: row.unit_code,
    unitPrice: money(row.unit_price, row.currency as CurrencyCode),
    vatCategory: zeroRate ? invoiceLineCategory : 'S',
    vatRate: row.vat_rate,
  };
}

/** What the order line has received net of returns, as one receipt (or return). */
function receiptsOf(row: OrderLineRow): ReceiptQuantity[] {
  const received = toDecimal(row.received_quantity, 'received_quantity');
  return [{ kind: received.lt('0') ? 'return' : 'receipt', quantity: received.abs().toFixed() }];
}

export interface LineToMatch {
  readonly line: ValidInvoiceLine;
  /** The order line it was identified with, or null. */
  readonly orderLine: OrderLineRow | null;
}

/**
 * Matches each line of `invoice` (from `supplierId`, null when unknown) against its order line.
 * The invoiced quantity of an order line counts the other documents' lines (`invoicedElsewhere`) and
 * this invoice's other lines on the same order line.
 */
export function matchInvoiceLines(
  invoice: ValidInvoice,
  supplierId: string | null,
  lines: readonly LineToMatch[],
  invoicedElsewhere: ReadonlyMap<string, readonly InvoicedQuantity[]>,
  toleranceRules: readonly ToleranceRule[],
): LineMatchResult[] {
  return lines.map(({ line, orderLine }, index) => {
    const orderLineId = orderLine?.purchase_order_line_id;
    const sameInvoice: InvoicedQuantity[] = lines
      .filter(
        (other, otherIndex) =>
          otherIndex !== index && other.orderLine?.purchase_order_line_id === orderLineId,
      )
      .map((other) => ({ documentType: invoice.kind, quantity: other.line.quantity }));
    return matchInvoiceLine({
      line: {
        documentType: invoice.kind,
        supplierId: supplierId ?? '',
        currency: invoice.currency,
        quantity: line.quantity,
        unitCode: line.unitCode,
        unitPrice: money(line.netPrice, invoice.currency),
        ...(line.priceBaseQuantity ? { priceBaseQuantity: line.priceBaseQuantity } : {}),
        vatCategory: line.vatCategory,
        vatRate: line.vatRate ?? '0',
      },
      orderLine: orderLine ? orderLineToMatch(orderLine, line.vatCategory) : null,
      receipts: orderLine ? receiptsOf(orderLine) : [],
      otherInvoiceLines: orderLineId ? [...(invoicedElsewhere.get(orderLineId) ?? []), ...sameInvoice] : [],
      toleranceRules,
    });
  });
}

/** The header check: are the invoice's totals those of its lines, allowances, charges and VAT? */
export function checkTotalsOf(invoice: ValidInvoice): InvoiceTotalsCheck {
  const { currency, totals } = invoice;
  const amount = (value: string) => money(value, currency);
  const optional = (value: string | undefined) => (value === undefined ? null : amount(value));
  // A valid invoice gives every document allowance and charge an amount and a category (BR-31, BR-32,
  // BR-36, BR-37).
  const taxed = (value: { amount?: string; vatCategory?: string; vatRate?: string }): TaxedAmount => ({
    amount: amount(value.amount ?? '0'),
    vatCategory: parseVatCategory(value.vatCategory ?? '', 'vatCategory'),
    vatRate: value.vatRate ?? '0',
  });
  return checkInvoiceTotals({
    currency,
    lines: invoice.lines.map((line) => ({
      amount: amount(line.netAmount),
      vatCategory: line.vatCategory,
      vatRate: line.vatRate ?? '0',
    })),
    allowances: invoice.allowances.map(taxed),
    charges: invoice.charges.map(taxed),
    totals: {
      lineTotal: amount(totals.lineNetTotal),
      allowanceTotal: optional(totals.allowanceTotal),
      chargeTotal: optional(totals.chargeTotal),
      taxExclusiveAmount: amount(totals.taxExclusiveTotal),
      vatTotal: amount(totals.vatTotal ?? '0'),
      taxInclusiveAmount: amount(totals.taxInclusiveTotal),
      prepaidAmount: optional(totals.prepaidAmount),
      roundingAmount: optional(totals.roundingAmount),
      payableAmount: amount(totals.payableAmount),
    },
  });
}
