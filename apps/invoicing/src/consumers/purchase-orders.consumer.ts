// Invoicing's projection of purchase order lines and receipts, from purchasing's events. Each order
// event carries the whole order: an older one than what is kept changes nothing (events are not
// ordered across retries). Receipts add up on their lines. Each event is applied once, and in its
// transaction the open invoices on the order lines it touched are re-matched (set-based): an invoice
// waiting for its receipt matches by itself when the goods are received.
import type { InvoicingDatabase } from '@procura/db';
import { consumeEvents, type EventHandlers, type EventPayload } from '@procura/events';
import type { ServiceParts } from '@procura/runtime';
import { sql, type Transaction } from 'kysely';
import { rematchInvoiceLines } from '../repositories/invoice-rematch.repository.js';
import { lockEntityTolerances } from '../repositories/tolerance-rule.repository.js';
import { approveMatchedInvoices } from '../services/invoice-lifecycle.service.js';

type Trx = Transaction<InvoicingDatabase>;

/** What each line has received: the sum of its receipt lines (a receipt may arrive before the order). */
async function sumReceipts(trx: Trx, orderLineIds: readonly string[]): Promise<void> {
  await sql`
    update invoicing.order_line o
    set received_quantity = (select coalesce(sum(r.quantity), 0) from invoicing.receipt_line r
                             where r.purchase_order_line_id = o.purchase_order_line_id)
    where o.purchase_order_line_id = any(${[...orderLineIds]}::uuid[])`.execute(trx);
}

/** Re-matches the open invoices on these order lines, the entity's tolerances held unchanged meanwhile. */
async function rematch(trx: Trx, entityId: string, orderLineIds: readonly string[]): Promise<void> {
  await lockEntityTolerances(trx, entityId, 'read');
  const now = new Date();
  const { matchedInvoiceIds } = await rematchInvoiceLines(trx, { orderLineIds }, now);
  // An invoice that matches now (its receipt arrived) is approved by Procura itself.
  await approveMatchedInvoices(trx, matchedInvoiceIds, now);
}

async function recordOrder(trx: Trx, order: EventPayload<'purchasing.purchase-order.issued'>): Promise<void> {
  if (order.lines.length === 0) return;
  await upsertOrderLines(trx, order);
  const lineIds = order.lines.map((l) => l.purchaseOrderLineId);
  await sumReceipts(trx, lineIds);
  await rematch(trx, order.entityId, lineIds);
}

async function upsertOrderLines(
  trx: Trx,
  order: EventPayload<'purchasing.purchase-order.issued'>,
): Promise<void> {
  await trx
    .insertInto('invoicing.order_line')
    .values(
      order.lines.map((l) => ({
        purchase_order_line_id: l.purchaseOrderLineId,
        purchase_order_id: order.purchaseOrderId,
        purchase_order_number: order.number,
        revision: order.revision,
        entity_id: order.entityId,
        supplier_id: order.supplierId,
        currency: order.currency,
        order_status: order.status,
        line_no: l.lineNo,
        reference: l.reference,
        description: l.description,
        category_code: l.categoryCode,
        quantity: l.quantity,
        unit_code: l.unitCode,
        unit_price: l.unitPrice,
        vat_rate: l.vatRate,
        amount: l.amount,
        receipt_required: l.receiptRequired,
        cancelled: l.cancelled,
        buyer_user_id: order.buyerUserId,
        requester_user_ids: order.requesterUserIds,
        changed_at: order.changedAt,
      })),
    )
    .onConflict((oc) =>
      oc
        .column('purchase_order_line_id')
        .doUpdateSet((eb) => ({
          purchase_order_number: eb.ref('excluded.purchase_order_number'),
          revision: eb.ref('excluded.revision'),
          order_status: eb.ref('excluded.order_status'),
          line_no: eb.ref('excluded.line_no'),
          reference: eb.ref('excluded.reference'),
          description: eb.ref('excluded.description'),
          category_code: eb.ref('excluded.category_code'),
          quantity: eb.ref('excluded.quantity'),
          unit_code: eb.ref('excluded.unit_code'),
          unit_price: eb.ref('excluded.unit_price'),
          vat_rate: eb.ref('excluded.vat_rate'),
          amount: eb.ref('excluded.amount'),
          receipt_required: eb.ref('excluded.receipt_required'),
          cancelled: eb.ref('excluded.cancelled'),
          requester_user_ids: eb.ref('excluded.requester_user_ids'),
          changed_at: eb.ref('excluded.changed_at'),
        }))
        .where(sql<boolean>`invoicing.order_line.changed_at <= excluded.changed_at`),
    )
    .execute();
}

async function recordReceipt(trx: Trx, receipt: EventPayload<'purchasing.goods.received'>): Promise<void> {
  await trx
    .insertInto('invoicing.receipt_line')
    .values(
      receipt.lines.map((l, position) => ({
        receipt_id: receipt.receiptId,
        position,
        purchase_order_line_id: l.purchaseOrderLineId,
        quantity: l.quantity,
        received_on: receipt.receivedOn,
      })),
    )
    .onConflict((oc) => oc.columns(['receipt_id', 'position']).doNothing())
    .execute();
  const lineIds = [...new Set(receipt.lines.map((l) => l.purchaseOrderLineId))];
  await sumReceipts(trx, lineIds);
  await rematch(trx, receipt.entityId, lineIds);
}

export const purchaseOrderHandlers: EventHandlers<InvoicingDatabase, 'invoicing.purchase-orders'> = {
  'purchasing.purchase-order.issued': (trx, event) => recordOrder(trx, event.payload),
  'purchasing.purchase-order.changed': (trx, event) => recordOrder(trx, event.payload),
  'purchasing.purchase-order.cancelled': (trx, event) => recordOrder(trx, event.payload),
  'purchasing.purchase-order.closed': (trx, event) => recordOrder(trx, event.payload),
  'purchasing.goods.received': (trx, event) => recordReceipt(trx, event.payload),
};

export async function consumePurchaseOrderEvents({
  bus,
  db,
  logger,
}: ServiceParts<InvoicingDatabase>): Promise<void> {
  await consumeEvents({
    bus,
    db,
    schema: 'invoicing',
    queue: 'invoicing.purchase-orders',
    handlers: purchaseOrderHandlers,
    logger,
  });
}
