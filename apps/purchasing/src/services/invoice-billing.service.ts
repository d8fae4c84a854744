// What invoicing decided, applied to purchasing: an approved invoice bills its order lines (their
// invoiced quantity and amount, hence the order's billing status), moves the commitment ledger from
// committed to invoiced in the entity's currency at the order's rate, and closes an order received
// and invoiced in full; a paid invoice marks its invoiced amount paid. Each invoice counts once per
// order line (invoice_billing's primary key), whatever the number of deliveries of its event.
import type { PurchasingDatabase } from '@procura/db';
import {
  convertMoney,
  documentBalances,
  invoiceApproved,
  invoicePaid,
  type LedgerEntry,
  type Money,
  money,
  parseCurrency,
} from '@procura/domain';
import type { EventPayload } from '@procura/events';
import { sql, type Transaction } from 'kysely';
import {
  appendLedgerEntries,
  budgetLineIdsOf,
  ledgerEntriesOfCommitment,
} from '../repositories/ledger.repository.js';
import { lockPurchaseOrder } from '../repositories/purchase-order.repository.js';
import { closeIfComplete } from './receipt.service.js';

type Trx = Transaction<PurchasingDatabase>;
type OrderRow = Awaited<ReturnType<typeof lockPurchaseOrder>>;
type InvoiceRecord = EventPayload<'invoicing.invoice.approved'>;

/** The order lines of `record`, by order, in the order of their ids (locks are taken in that order). */
function byOrder(record: { orderLines: InvoiceRecord['orderLines'] }) {
  const orders = new Map<string, InvoiceRecord['orderLines']>();
  for (const line of [...record.orderLines].sort((a, b) =>
    a.purchaseOrderId.localeCompare(b.purchaseOrderId),
  ))
    orders.set(line.purchaseOrderId, [...(orders.get(line.purchaseOrderId) ?? []), line]);
  return orders;
}

/** An amount in the invoice's currency as the ledger counts it: in the entity's currency. */
function ledgerAmountOf(order: OrderRow, amount: string, invoiceCurrency: string): Money {
  const currency = parseCurrency(invoiceCurrency);
  const entityCurrency = parseCurrency(order.entity_currency);
  const value = money(amount, currency);
  if (currency === entityCurrency) return value;
  return convertMoney(value, { from: currency, to: entityCurrency, rate: order.exchange_rate });
}

const dayOf = (iso: string) => iso.slice(0, 10);

async function orderLedger(trx: Trx, orderId: string) {
  return documentBalances(await ledgerEntriesOfCommitment(trx, orderId), {
    kind: 'purchase_order',
    id: orderId,
  });
}

/** Applies an approved invoice (or credit note) to the order lines it bills. */
export async function recordInvoiceApproved(trx: Trx, invoice: InvoiceRecord, now: Date): Promise<void> {
  for (const [orderId, lines] of byOrder(invoice)) {
    const order = await lockPurchaseOrder(trx, orderId, null);
    const sign = invoice.kind === 'credit_note' ? -1 : 1;
    const billed = await trx
      .insertInto('purchasing.invoice_billing')
      .values(
        lines.map((l) => ({
          invoice_id: invoice.invoiceId,
          purchase_order_line_id: l.purchaseOrderLineId,
          purchase_order_id: orderId,
          kind: invoice.kind,
          invoice_number: invoice.number,
          quantity: l.quantity,
          net_amount: l.netAmount,
          currency: invoice.currency,
          ledger_amount: ledgerAmountOf(order, l.netAmount, invoice.currency).toDecimalString(2),
          ledger_currency: order.entity_currency,
          approved_by: invoice.approvedBy,
          approved_on: dayOf(invoice.changedAt),
        })),
      )
      .onConflict((oc) => oc.columns(['invoice_id', 'purchase_order_line_id']).doNothing())
      .returning(['purchase_order_line_id', 'quantity', 'net_amount', 'ledger_amount'])
      .execute();
    if (billed.length === 0) continue;

    // The lines' billing: what every approved invoice and credit note of the line adds up to.
    await sql`
      update purchasing.purchase_order_line l
      set invoiced_quantity = greatest(0, b.quantity), invoiced_amount = b.net_amount
      from (select purchase_order_line_id, sum(quantity) as quantity, sum(net_amount) as net_amount
            from purchasing.invoice_billing where purchase_order_id = ${orderId}
            group by purchase_order_line_id) b
      where l.id = b.purchase_order_line_id`.execute(trx);

    // The ledger: out of committed into invoiced, on each order line's budget line. A credit note
    // gives back what it credits; the ledger's own constructors do not reverse an invoice, so its
    // amount is only recorded on the line's billing (see the README's open points).
    if (sign > 0) {
      const balances = await orderLedger(trx, orderId);
      const entries: LedgerEntry[] = billed.flatMap((b) => {
        const balance = balances.find((x) => x.commitmentLine.lineId === b.purchase_order_line_id);
        if (!balance) return [];
        return invoiceApproved({
          invoiceLine: { kind: 'invoice', id: invoice.invoiceId, lineId: b.purchase_order_line_id },
          amount: money(b.ledger_amount, parseCurrency(order.entity_currency)),
          occurredOn: dayOf(invoice.changedAt),
          order: balance,
        });
      });
      await appendLedgerEntries(trx, entries, await budgetLineIdsOf(trx, order.entity_id));
    }
    if (order.status === 'issued' || order.status === 'acknowledged')
      await closeIfComplete(trx, orderId, now);
  }
}

/** Marks a paid invoice's amounts paid on the order lines it billed (once per invoice and line). */
export async function recordInvoicePaid(
  trx: Trx,
  invoice: EventPayload<'invoicing.invoice.paid'>,
): Promise<void> {
  for (const [orderId, lines] of byOrder(invoice)) {
    const order = await lockPurchaseOrder(trx, orderId, null);
    const paid = await trx
      .updateTable('purchasing.invoice_billing')
      .set({ paid_on: invoice.paidOn, payment_run_id: invoice.paymentRunId })
      .where('invoice_id', '=', invoice.invoiceId)
      .where(
        'purchase_order_line_id',
        'in',
        lines.map((l) => l.purchaseOrderLineId),
      )
      .where('paid_on', 'is', null)
      .where('kind', '=', 'invoice')
      .returning(['purchase_order_line_id', 'ledger_amount'])
      .execute();
    if (paid.length === 0) continue;
    const balances = await orderLedger(trx, orderId);
    const entries = paid.flatMap((p) => {
      const balance = balances.find((x) => x.commitmentLine.lineId === p.purchase_order_line_id);
      if (!balance) return [];
      return invoicePaid({
        balance,
        invoiceLine: { kind: 'invoice', id: invoice.invoiceId, lineId: p.purchase_order_line_id },
        amount: money(p.ledger_amount, parseCurrency(order.entity_currency)),
        occurredOn: invoice.paidOn,
      });
    });
    await appendLedgerEntries(trx, entries, await budgetLineIdsOf(trx, order.entity_id));
  }
}
