// Reads of the order projection (invoicing.order_line, kept from purchasing's events) and of what is
// already invoiced against it, for matching an invoice as it arrives.
import type { InvoicingDatabase, InvoicingOrderLineTable } from '@procura/db';
import type { InvoicedQuantity } from '@procura/domain';
import type { Selectable, Transaction } from 'kysely';

type Trx = Transaction<InvoicingDatabase>;
export type OrderLineRow = Selectable<InvoicingOrderLineTable>;

/**
 * The lines of the supplier's orders with these numbers, locked until the transaction ends (in one
 * order, so two intakes never wait on each other in a circle): an invoice arriving at the same time
 * for the same order lines waits, then counts this invoice's quantities.
 */
export async function lockSupplierOrderLines(
  trx: Trx,
  supplierId: string,
  orderNumbers: readonly string[],
): Promise<OrderLineRow[]> {
  if (orderNumbers.length === 0) return [];
  return trx
    .selectFrom('invoicing.order_line')
    .selectAll()
    .where('supplier_id', '=', supplierId)
    .where('purchase_order_number', 'in', [...orderNumbers])
    .orderBy('purchase_order_line_id')
    .forUpdate()
    .execute();
}

/**
 * What other invoices and credit notes invoice on these order lines, per order line: each of their
 * lines, as on its document. Rejected and refused documents do not count.
 */
export async function invoicedOnOrderLines(
  trx: Trx,
  orderLineIds: readonly string[],
  exceptInvoiceId: string,
): Promise<Map<string, InvoicedQuantity[]>> {
  const invoiced = new Map<string, InvoicedQuantity[]>();
  if (orderLineIds.length === 0) return invoiced;
  const rows = await trx
    .selectFrom('invoicing.invoice_line as l')
    .innerJoin('invoicing.invoice as i', 'i.id', 'l.invoice_id')
    .select(['l.purchase_order_line_id', 'i.kind', 'l.quantity'])
    .where('l.purchase_order_line_id', 'in', [...orderLineIds])
    .where('i.status', 'not in', ['rejected', 'refused'])
    .where('i.id', '<>', exceptInvoiceId)
    .execute();
  for (const row of rows) {
    if (row.purchase_order_line_id === null) continue;
    const list = invoiced.get(row.purchase_order_line_id) ?? [];
    list.push({ documentType: row.kind, quantity: row.quantity });
    invoiced.set(row.purchase_order_line_id, list);
  }
  return invoiced;
}
