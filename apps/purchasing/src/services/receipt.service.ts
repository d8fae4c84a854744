// Goods received or services performed, per order line: partial receipts, over-receipt within the
// tolerance, returns (negative quantities). Each receipt moves the ledger (received, at the order
// price in the entity's currency), tells invoicing, and closes the order once it is received and
// invoiced in full.
import type { PurchasingDatabase } from '@procura/db';
import {
  calendarDate,
  convertMoney,
  DomainError,
  documentBalances,
  formatDecimal,
  goodsReceived,
  goodsReturned,
  isCalendarDate,
  isOrderComplete,
  type LedgerEntry,
  lineNetAmount,
  money,
  parseCurrency,
  parseDecimal,
  receiveOnLine,
} from '@procura/domain';
import { recordEvent } from '@procura/events';
import type { TIdentity } from '@procura/http';
import type { Transaction } from 'kysely';
import {
  appendLedgerEntries,
  budgetLineIdsOf,
  ledgerEntriesOfCommitment,
} from '../repositories/ledger.repository.js';
import { linesOf, lockPurchaseOrder } from '../repositories/purchase-order.repository.js';
import { closePurchaseOrder } from './purchase-order.service.js';

type Trx = Transaction<PurchasingDatabase>;

/** A decimal in its shortest form: 4.0000 → 4. */
const plain = (value: string) => formatDecimal(parseDecimal(value));

export interface ReceiptInput {
  receivedOn: string;
  comment: string | null;
  lines: { purchaseOrderLineId: string; quantity: string; comment: string | null }[];
}

/** The requester of one of the order's requests, a buyer of the entity, or an administrator. */
async function assertMayReceive(trx: Trx, caller: TIdentity, order: { id: string; entity_id: string }) {
  if (order.entity_id !== caller.entityId)
    throw new DomainError('not_found', `Purchase order ${order.id} does not exist or is not yours to read.`);
  if (caller.roles.some((r) => r === 'buyer' || r === 'administrator')) return;
  const requester = await trx
    .selectFrom('purchasing.purchase_order_line as l')
    .innerJoin('purchasing.requisition as r', 'r.id', 'l.requisition_id')
    .select('l.id')
    .where('l.purchase_order_id', '=', order.id)
    .where('r.requester_user_id', '=', caller.userId)
    .limit(1)
    .executeTakeFirst();
  if (!requester)
    throw new DomainError('forbidden', 'Only the requester, a buyer or an administrator records receipts.');
}

export async function recordReceipt(
  trx: Trx,
  caller: TIdentity,
  orderId: string,
  input: ReceiptInput,
  settings: { overReceiptPercent: string },
  now: Date,
): Promise<string> {
  const order = await lockPurchaseOrder(trx, orderId, null);
  await assertMayReceive(trx, caller, order);
  if (order.status !== 'issued' && order.status !== 'acknowledged')
    throw new DomainError(
      'invalid_state_transition',
      `Order ${order.number} is ${order.status}: nothing more is received on it.`,
      {
        status: order.status,
      },
    );
  if (!isCalendarDate(input.receivedOn) || input.receivedOn > calendarDate(now))
    throw new DomainError('validation_failed', 'The receipt date must be a date, not in the future.', [
      { field: 'receivedOn', reason: 'must be a date such as 2026-11-23, today or before' },
    ]);
  const lines = await linesOf(trx, orderId);
  const received = new Map<string, string>();
  input.lines.forEach((entry, index) => {
    const line = lines.find((l) => l.id === entry.purchaseOrderLineId);
    const field = `lines[${index}].quantity`;
    if (!line)
      throw new DomainError('validation_failed', 'The receipt names a line of another order.', [
        { field: `lines[${index}].purchaseOrderLineId`, reason: 'is not a line of this order' },
      ]);
    const before = received.get(line.id) ?? line.received_quantity;
    received.set(
      line.id,
      receiveOnLine(
        { quantity: line.quantity, received: before, cancelled: line.cancelled },
        entry.quantity,
        settings.overReceiptPercent,
        field,
      ),
    );
  });

  const receipt = await trx
    .insertInto('purchasing.receipt')
    .values({
      purchase_order_id: orderId,
      received_on: input.receivedOn,
      recorded_by: caller.userId,
      recorded_by_name: caller.displayName,
      comment: input.comment,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const receiptLines = await trx
    .insertInto('purchasing.receipt_line')
    .values(
      input.lines.map((l) => ({
        receipt_id: receipt.id,
        purchase_order_line_id: l.purchaseOrderLineId,
        quantity: l.quantity,
        comment: l.comment,
      })),
    )
    .returning(['id', 'purchase_order_line_id', 'quantity'])
    .execute();
  for (const [lineId, total] of received)
    await trx
      .updateTable('purchasing.purchase_order_line')
      .set({ received_quantity: total })
      .where('id', '=', lineId)
      .execute();

  // The ledger counts what was received at the order price, in the entity's currency.
  const currency = parseCurrency(order.currency);
  const entityCurrency = parseCurrency(order.entity_currency);
  const balances = documentBalances(await ledgerEntriesOfCommitment(trx, orderId), {
    kind: 'purchase_order',
    id: orderId,
  });
  const entries: LedgerEntry[] = [];
  for (const r of receiptLines) {
    const line = lines.find((l) => l.id === r.purchase_order_line_id);
    const balance = balances.find((b) => b.commitmentLine.lineId === r.purchase_order_line_id);
    if (!line || !balance) continue;
    const negative = r.quantity.startsWith('-');
    const value = lineNetAmount(
      negative ? r.quantity.slice(1) : r.quantity,
      money(line.unit_price, currency),
      '1',
    );
    const amount =
      currency === entityCurrency
        ? value
        : convertMoney(value, { from: currency, to: entityCurrency, rate: order.exchange_rate });
    const receiptLine = { kind: 'receipt' as const, id: receipt.id, lineId: r.id };
    const moved = negative
      ? goodsReturned({ balance, receiptLine, amount, occurredOn: input.receivedOn })
      : goodsReceived({ balance, receiptLine, amount, occurredOn: input.receivedOn });
    entries.push(...moved);
  }
  await appendLedgerEntries(trx, entries, await budgetLineIdsOf(trx, order.entity_id));
  await recordEvent(trx, 'purchasing', {
    type: 'purchasing.goods.received',
    aggregateId: orderId,
    payload: {
      receiptId: receipt.id,
      purchaseOrderId: orderId,
      purchaseOrderNumber: order.number ?? '',
      entityId: order.entity_id,
      receivedOn: input.receivedOn,
      recordedBy: caller.userId,
      lines: receiptLines.map((l) => ({
        purchaseOrderLineId: l.purchase_order_line_id,
        quantity: plain(l.quantity),
      })),
      recordedAt: now.toISOString(),
    },
  });
  await closeIfComplete(trx, orderId, now);
  return receipt.id;
}

/** Closes the order by itself once every line is received (when it needs to be) and invoiced in full. */
export async function closeIfComplete(trx: Trx, orderId: string, now: Date): Promise<boolean> {
  const lines = await linesOf(trx, orderId);
  const complete = isOrderComplete(
    lines.map((l) => ({
      quantity: l.quantity,
      received: l.received_quantity,
      invoiced: l.invoiced_quantity,
      receiptRequired: l.receipt_required,
      cancelled: l.cancelled,
    })),
  );
  if (complete)
    await closePurchaseOrder(trx, orderId, { version: null, reason: 'Received and invoiced in full' }, now);
  return complete;
}
