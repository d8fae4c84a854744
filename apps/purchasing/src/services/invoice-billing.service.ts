// What invoicing decided, applied to purchasing: an approved invoice bills its order lines (their
// invoiced quantity and amount, hence the order's billing status), moves the commitment ledger from
// committed to invoiced in the entity's currency at the order's rate, and closes an order received
// and invoiced in full; an approved credit note takes invoiced back (and commits again what an open
// line still expects); an invoice refused after its approval no longer counts; a paid invoice marks
// its invoiced amount paid. Each invoice counts once per order line (invoice_billing's primary key),
// whatever the number of deliveries of its event.
import type { PurchasingDatabase } from '@procura/db';
import {
  convertMoney,
  documentBalances,
  invoiceApproved,
  invoiceCredited,
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
import { linesOf, lockPurchaseOrder } from '../repositories/purchase-order.repository.js';
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

/** An amount in `currency` as the ledger counts it: in the entity's currency, at the order's rate. */
function inEntityCurrency(order: OrderRow, amount: string, currency: string): Money {
  const from = parseCurrency(currency);
  const entityCurrency = parseCurrency(order.entity_currency);
  const value = money(amount, from);
  if (from === entityCurrency) return value;
  return convertMoney(value, { from, to: entityCurrency, rate: order.exchange_rate });
}

const dayOf = (iso: string) => iso.slice(0, 10);
const sizeOf = (amount: Money) => (amount.isNegative() ? amount.negate() : amount);

/** What each order line of the order has billed: the sums of its invoice_billing rows not refused. */
async function updateLineBilling(trx: Trx, orderId: string): Promise<void> {
  await sql`
    update purchasing.purchase_order_line l
    set invoiced_quantity = greatest(0, coalesce(b.quantity, 0)), invoiced_amount = coalesce(b.net_amount, 0)
    from purchasing.purchase_order_line l2
    left join (select purchase_order_line_id, sum(quantity) as quantity, sum(net_amount) as net_amount
               from purchasing.invoice_billing
               where purchase_order_id = ${orderId} and refused_on is null
               group by purchase_order_line_id) b on b.purchase_order_line_id = l2.id
    where l.id = l2.id and l2.purchase_order_id = ${orderId}`.execute(trx);
}

interface LedgerMove {
  /** The order line. */
  readonly lineId: string;
  /** Positive: invoiced; negative: taken back. In the entity's currency. */
  readonly amount: Money;
}

/** The ledger entries moving invoiced on the order's lines, each from its line's balance. */
async function invoicedMoves(
  trx: Trx,
  order: OrderRow,
  invoiceId: string,
  moves: readonly LedgerMove[],
  occurredOn: string,
): Promise<void> {
  const balances = documentBalances(await ledgerEntriesOfCommitment(trx, order.id), {
    kind: 'purchase_order',
    id: order.id,
  });
  const lines = await linesOf(trx, order.id);
  const orderOpen = order.status === 'issued' || order.status === 'acknowledged';
  const entries: LedgerEntry[] = moves.flatMap((move) => {
    const balance = balances.find((b) => b.commitmentLine.lineId === move.lineId);
    const line = lines.find((l) => l.id === move.lineId);
    if (!balance || !line) return [];
    const documentLine = { kind: 'invoice' as const, id: invoiceId, lineId: move.lineId };
    if (!move.amount.isNegative())
      return invoiceApproved({ invoiceLine: documentLine, amount: move.amount, occurredOn, order: balance });
    return invoiceCredited({
      balance,
      creditLine: documentLine,
      amount: sizeOf(move.amount),
      orderedAmount:
        orderOpen && !line.cancelled ? inEntityCurrency(order, line.amount, order.currency) : null,
      occurredOn,
    });
  });
  await appendLedgerEntries(trx, entries, await budgetLineIdsOf(trx, order.entity_id));
}

/** Applies an approved invoice (or credit note) to the order lines it bills. */
export async function recordInvoiceApproved(trx: Trx, invoice: InvoiceRecord, now: Date): Promise<void> {
  for (const [orderId, lines] of byOrder(invoice)) {
    const order = await lockPurchaseOrder(trx, orderId, null);
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
          ledger_amount: inEntityCurrency(order, l.netAmount, invoice.currency).toDecimalString(2),
          ledger_currency: order.entity_currency,
          approved_by: invoice.approvedBy,
          approved_on: dayOf(invoice.changedAt),
        })),
      )
      .onConflict((oc) => oc.columns(['invoice_id', 'purchase_order_line_id']).doNothing())
      .returning(['purchase_order_line_id', 'ledger_amount'])
      .execute();
    if (billed.length === 0) continue;
    await updateLineBilling(trx, orderId);
    const entityCurrency = parseCurrency(order.entity_currency);
    await invoicedMoves(
      trx,
      order,
      invoice.invoiceId,
      billed.map((b) => ({
        lineId: b.purchase_order_line_id,
        amount: money(b.ledger_amount, entityCurrency),
      })),
      dayOf(invoice.changedAt),
    );
    if (order.status === 'issued' || order.status === 'acknowledged')
      await closeIfComplete(trx, orderId, now);
  }
}

/**
 * An invoice refused after its approval no longer bills its lines: invoiced is taken back (an
 * invoice's) or given back (a credit note's). A refusal of an invoice never approved changes nothing.
 */
export async function recordInvoiceRefused(
  trx: Trx,
  invoice: EventPayload<'invoicing.invoice.refused'>,
): Promise<void> {
  for (const [orderId] of byOrder(invoice)) {
    const order = await lockPurchaseOrder(trx, orderId, null);
    const refused = await trx
      .updateTable('purchasing.invoice_billing')
      .set({ refused_on: dayOf(invoice.changedAt) })
      .where('invoice_id', '=', invoice.invoiceId)
      .where('purchase_order_id', '=', orderId)
      .where('refused_on', 'is', null)
      .returning(['purchase_order_line_id', 'ledger_amount'])
      .execute();
    if (refused.length === 0) continue;
    await updateLineBilling(trx, orderId);
    const entityCurrency = parseCurrency(order.entity_currency);
    await invoicedMoves(
      trx,
      order,
      invoice.invoiceId,
      refused.map((r) => ({
        lineId: r.purchase_order_line_id,
        amount: money(r.ledger_amount, entityCurrency).negate(),
      })),
      dayOf(invoice.changedAt),
    );
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
      .where('refused_on', 'is', null)
      .where('kind', '=', 'invoice')
      .returning(['purchase_order_line_id', 'ledger_amount'])
      .execute();
    if (paid.length === 0) continue;
    const balances = documentBalances(await ledgerEntriesOfCommitment(trx, orderId), {
      kind: 'purchase_order',
      id: orderId,
    });
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
