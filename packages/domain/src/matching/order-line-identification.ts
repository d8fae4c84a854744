// Which order line an invoice line is for, before it is matched. The order comes from the line's own
// order reference (the French CIUS lets one invoice cover several orders that way) or else the
// invoice's (BT-13); the line from the order line reference (BT-132), read as the order line's id
// or its number. Without one, an order of a single line, or the one line whose item reference the
// invoice line quotes, is that line. Anything else is left unidentified, with the reason: never a
// guess. Only the supplier's own orders are candidates: order numbers are unique per buying entity,
// not across entities.

/** One line of the supplier's orders, as the invoicing service's projection holds it. */
export interface OrderLineCandidate {
  readonly purchaseOrderLineId: string;
  readonly purchaseOrderId: string;
  readonly purchaseOrderNumber: string;
  readonly lineNo: number;
  /** The supplier's item reference the order line was placed for. */
  readonly reference: string;
  readonly cancelled: boolean;
}

/** What the invoice line says about its order. */
export interface InvoiceLineOrderReferences {
  /** The line's own order reference. */
  readonly orderReference?: string | undefined;
  /** BT-132: the order line's number or id. */
  readonly orderLineId?: string | undefined;
  /** BT-155: the seller's item reference. */
  readonly sellerItemId?: string | undefined;
}

export const orderLineLookups = [
  'found',
  /** Neither the line nor the invoice names an order. */
  'no_reference',
  /** No order of the supplier has that number. */
  'unknown_order',
  /** The order has no line with that number or id. */
  'unknown_line',
  /** Several orders have that number, or several lines could be the one meant. */
  'ambiguous',
] as const;
export type OrderLineLookup = (typeof orderLineLookups)[number];

export interface OrderLineIdentification {
  readonly lookup: OrderLineLookup;
  /** The order reference the line was looked up by: its own, else the invoice's; null when none. */
  readonly orderReference: string | null;
  /** The order line identified; null unless `lookup` is `found`. */
  readonly orderLine: OrderLineCandidate | null;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A reference as written; empty or "NA" (how Peppol writes a reference it does not know) is none. */
const text = (value: string | undefined) => {
  const trimmed = value?.trim();
  return trimmed && trimmed.toUpperCase() !== 'NA' ? trimmed : null;
};

/** The effective order reference of a line: its own, else the invoice's. */
export function orderReferenceOf(
  line: InvoiceLineOrderReferences,
  invoiceOrderReference: string | undefined,
): string | null {
  return text(line.orderReference) ?? text(invoiceOrderReference);
}

/**
 * The order line `line` is for, among `candidates` (the lines of the supplier's orders; those of
 * other orders are ignored). See the module comment for the rules.
 */
export function identifyOrderLine(
  line: InvoiceLineOrderReferences,
  invoiceOrderReference: string | undefined,
  candidates: readonly OrderLineCandidate[],
): OrderLineIdentification {
  const orderReference = orderReferenceOf(line, invoiceOrderReference);
  const none = (lookup: OrderLineLookup): OrderLineIdentification => ({
    lookup,
    orderReference,
    orderLine: null,
  });
  if (orderReference === null) return none('no_reference');
  const orderLines = candidates.filter((c) => c.purchaseOrderNumber === orderReference);
  if (orderLines.length === 0) return none('unknown_order');
  if (new Set(orderLines.map((c) => c.purchaseOrderId)).size > 1) return none('ambiguous');
  const found = (orderLine: OrderLineCandidate): OrderLineIdentification => ({
    lookup: 'found',
    orderReference,
    orderLine,
  });

  const lineReference = text(line.orderLineId);
  if (lineReference !== null) {
    const byReference = orderLines.filter((c) =>
      uuidPattern.test(lineReference)
        ? c.purchaseOrderLineId.toLowerCase() === lineReference.toLowerCase()
        : /^\d+$/.test(lineReference) && c.lineNo === Number(lineReference),
    );
    return byReference.length === 1 && byReference[0] ? found(byReference[0]) : none('unknown_line');
  }

  const open = orderLines.filter((c) => !c.cancelled);
  if (open.length === 1 && open[0]) return found(open[0]);
  const item = text(line.sellerItemId);
  const byItem = item === null ? [] : open.filter((c) => c.reference.trim() === item);
  return byItem.length === 1 && byItem[0] ? found(byItem[0]) : none('ambiguous');
}
