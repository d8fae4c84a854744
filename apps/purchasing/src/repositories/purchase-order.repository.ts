// Purchase orders as stored and as shown: the row lock writes take, the whole record events carry,
// and the views of the list and the detail page.
import type { PurchasingDatabase } from '@procura/db';
import {
  billingStatusOf,
  DomainError,
  formatDecimal,
  money,
  type OrderLineQuantities,
  parseCurrency,
  parseDecimal,
  receiptStatusOf,
  sum,
} from '@procura/domain';
import type { EventPayload } from '@procura/events';
import type { TIdentity } from '@procura/http';
import type { Kysely, Selectable, Transaction } from 'kysely';

type Db = Kysely<PurchasingDatabase> | Transaction<PurchasingDatabase>;
type OrderRow = Selectable<PurchasingDatabase['purchasing.purchase_order']>;
type LineRow = Selectable<PurchasingDatabase['purchasing.purchase_order_line']>;

/**
 * The order, locked until the transaction ends. With `version`, a stale one (someone changed the
 * order since the caller read it) is refused with `conflict`.
 */
export async function lockPurchaseOrder(
  trx: Transaction<PurchasingDatabase>,
  id: string,
  version: number | null,
) {
  const order = await trx
    .selectFrom('purchasing.purchase_order')
    .selectAll()
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!order) throw new DomainError('not_found', `Purchase order ${id} does not exist.`);
  if (version !== null && order.version !== version)
    throw new DomainError(
      'conflict',
      `Order ${order.number} was changed by someone else (version ${order.version}, you read ${version}): reload it.`,
      [{ field: 'version', reason: `is ${version}, the order is at ${order.version}` }],
    );
  return order;
}

function quantitiesOf(l: LineRow): OrderLineQuantities {
  return {
    quantity: l.quantity,
    received: l.received_quantity,
    invoiced: l.invoiced_quantity,
    receiptRequired: l.receipt_required,
    cancelled: l.cancelled,
  };
}

/** The order as events carry it: whole, with its lines. */
export async function purchaseOrderRecord(
  db: Db,
  id: string,
  now: Date,
): Promise<EventPayload<'purchasing.purchase-order.issued'>> {
  const order = await db
    .selectFrom('purchasing.purchase_order')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  const lines = await linesOf(db, id);
  const requesters = await requestersOf(db, lines);
  return purchaseOrderRecordOf(
    order,
    lines,
    requesters.map((r) => r.userId),
    now,
  );
}

/**
 * The same record from rows already at hand: the order, its lines in line order, and the requesters
 * of the requests its lines come from.
 */
export function purchaseOrderRecordOf(
  order: OrderRow,
  lines: readonly LineRow[],
  requesterUserIds: readonly string[],
  now: Date,
): EventPayload<'purchasing.purchase-order.issued'> {
  if (order.number === null) throw new Error(`order ${order.id} has no number yet`);
  return {
    purchaseOrderId: order.id,
    number: order.number,
    revision: order.revision,
    entityId: order.entity_id,
    supplierId: order.supplier_id,
    supplierName: order.supplier_name,
    currency: order.currency,
    status: order.status as 'issued' | 'acknowledged' | 'closed' | 'cancelled',
    buyerUserId: order.buyer_user_id,
    requesterUserIds: [...requesterUserIds],
    lines: lines.map((l) => ({
      purchaseOrderLineId: l.id,
      lineNo: l.line_no,
      reference: l.reference,
      description: l.description,
      categoryCode: l.category_code,
      quantity: plain(l.quantity),
      unitCode: l.unit_code,
      unitPrice: plain(l.unit_price),
      vatRate: plain(l.vat_rate),
      amount: l.amount,
      receiptRequired: l.receipt_required,
      cancelled: l.cancelled,
      costCentreId: l.cost_centre_id,
      budgetCategory: l.budget_category,
    })),
    changedAt: now.toISOString(),
  };
}

/** The requesters of the requests an order's lines come from. */
async function requestersOf(db: Db, lines: readonly LineRow[]): Promise<{ userId: string; name: string }[]> {
  const ids = [...new Set(lines.map((l) => l.requisition_id).filter((r): r is string => r !== null))];
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('purchasing.requisition')
    .select(['requester_user_id', 'requester_name'])
    .distinct()
    .where('id', 'in', ids)
    .orderBy('requester_name')
    .execute();
  return rows.map((r) => ({ userId: r.requester_user_id, name: r.requester_name }));
}

export function linesOf(db: Db, orderId: string) {
  return db
    .selectFrom('purchasing.purchase_order_line')
    .selectAll()
    .where('purchase_order_id', '=', orderId)
    .orderBy('line_no')
    .execute();
}

/** Who reads every order of the entity: its buyers, accountants, administrators and auditors. */
function readsWholeEntity(caller: TIdentity): boolean {
  return caller.roles.some(
    (r) => r === 'buyer' || r === 'accountant' || r === 'administrator' || r === 'auditor',
  );
}

/** The requester of one of its requests, or the manager of a cost centre it is charged to. */
async function mayRead(db: Db, caller: TIdentity, order: OrderRow): Promise<boolean> {
  if (order.entity_id !== caller.entityId) return false;
  if (readsWholeEntity(caller)) return true;
  const mine = await db
    .selectFrom('purchasing.purchase_order_line as l')
    .leftJoin('purchasing.requisition as r', 'r.id', 'l.requisition_id')
    .leftJoin('purchasing.directory_cost_centre as c', 'c.cost_centre_id', 'l.cost_centre_id')
    .select('l.id')
    .where('l.purchase_order_id', '=', order.id)
    .where((eb) =>
      eb.or([eb('r.requester_user_id', '=', caller.userId), eb('c.manager_user_id', '=', caller.userId)]),
    )
    .limit(1)
    .executeTakeFirst();
  return mine !== undefined;
}

const amount = (value: string, currency: string) => ({ amount: value, currency });
/** A decimal in its shortest form: 4.0000 → 4. */
const plain = (value: string) => formatDecimal(parseDecimal(value));

function summaryOf(order: OrderRow, lines: readonly LineRow[]) {
  const currency = parseCurrency(order.currency);
  const total = sum(
    lines.filter((l) => !l.cancelled).map((l) => money(l.amount, currency)),
    currency,
  );
  return {
    id: order.id,
    number: order.number,
    entityId: order.entity_id,
    supplier: { id: order.supplier_id, name: order.supplier_name },
    status: order.status,
    revision: order.revision,
    version: order.version,
    currency: order.currency,
    total: amount(total.toDecimalString(2), order.currency),
    receiptStatus: receiptStatusOf(lines.map(quantitiesOf)),
    billingStatus: billingStatusOf(lines.map(quantitiesOf)),
    buyer: { userId: order.buyer_user_id, name: order.buyer_name },
    deliveryDate: order.delivery_date,
    issuedAt: order.issued_at?.toISOString() ?? null,
  };
}

/** The orders the caller may read, newest first. */
export async function listPurchaseOrders(
  db: Db,
  caller: TIdentity,
  filter: {
    status?: string | undefined;
    supplierId?: string | undefined;
    requisitionId?: string | undefined;
  },
) {
  let query = db
    .selectFrom('purchasing.purchase_order as o')
    .selectAll('o')
    .where('o.entity_id', '=', caller.entityId);
  if (!readsWholeEntity(caller))
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('purchasing.purchase_order_line as l')
          .leftJoin('purchasing.requisition as r', 'r.id', 'l.requisition_id')
          .leftJoin('purchasing.directory_cost_centre as c', 'c.cost_centre_id', 'l.cost_centre_id')
          .select('l.id')
          .whereRef('l.purchase_order_id', '=', 'o.id')
          .where((inner) =>
            inner.or([
              inner('r.requester_user_id', '=', caller.userId),
              inner('c.manager_user_id', '=', caller.userId),
            ]),
          ),
      ),
    );
  if (filter.status) query = query.where('o.status', '=', filter.status as OrderRow['status']);
  if (filter.supplierId) query = query.where('o.supplier_id', '=', filter.supplierId);
  if (filter.requisitionId)
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('purchasing.purchase_order_line as l')
          .select('l.id')
          .whereRef('l.purchase_order_id', '=', 'o.id')
          .where('l.requisition_id', '=', filter.requisitionId as string),
      ),
    );
  const orders = await query.orderBy('o.created_at', 'desc').limit(200).execute();
  if (orders.length === 0) return [];
  const lines = await db
    .selectFrom('purchasing.purchase_order_line')
    .selectAll()
    .where(
      'purchase_order_id',
      'in',
      orders.map((o) => o.id),
    )
    .execute();
  return orders.map((o) =>
    summaryOf(
      o,
      lines.filter((l) => l.purchase_order_id === o.id),
    ),
  );
}

/** One order with its lines, revisions, dispatches and receipts; not_found for whoever may not read it. */
export async function findPurchaseOrder(db: Db, caller: TIdentity, id: string) {
  const order = await db
    .selectFrom('purchasing.purchase_order')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  if (!order || !(await mayRead(db, caller, order)))
    throw new DomainError('not_found', `Purchase order ${id} does not exist or is not yours to read.`);
  const [lines, revisions, dispatches, receipts, receiptLines] = await Promise.all([
    linesOf(db, id),
    db
      .selectFrom('purchasing.purchase_order_revision')
      .select([
        'revision',
        'status',
        'terms',
        'pdf_sha256',
        'changes',
        'created_by',
        'created_by_name',
        'created_at',
        'issued_at',
        'acknowledgement',
        'acknowledged_at',
        'promised_date',
        'decline_reason',
        'approval_requisition_id',
      ])
      .where('purchase_order_id', '=', id)
      .orderBy('revision')
      .execute(),
    db
      .selectFrom('purchasing.purchase_order_dispatch')
      .selectAll()
      .where('purchase_order_id', '=', id)
      .orderBy('queued_at')
      .execute(),
    db
      .selectFrom('purchasing.receipt')
      .selectAll()
      .where('purchase_order_id', '=', id)
      .orderBy('recorded_at')
      .execute(),
    db
      .selectFrom('purchasing.receipt_line as rl')
      .innerJoin('purchasing.receipt as r', 'r.id', 'rl.receipt_id')
      .selectAll('rl')
      .where('r.purchase_order_id', '=', id)
      .execute(),
  ]);
  const requesters = await requestersOf(db, lines);
  return {
    ...summaryOf(order, lines),
    /** Who asked for what the order buys: they receive it. */
    requesters,
    deliverySiteId: order.delivery_site_id,
    origin: order.origin,
    cancelled: order.cancelled_at
      ? { at: order.cancelled_at.toISOString(), reason: order.cancel_reason }
      : null,
    closed: order.closed_at ? { at: order.closed_at.toISOString(), reason: order.close_reason } : null,
    lines: lines.map((l) => ({
      id: l.id,
      lineNo: l.line_no,
      requisitionId: l.requisition_id,
      reference: l.reference,
      description: l.description,
      categoryCode: l.category_code,
      quantity: plain(l.quantity),
      unitCode: l.unit_code,
      unitPrice: amount(plain(l.unit_price), order.currency),
      vatRate: l.vat_rate,
      amount: amount(l.amount, order.currency),
      receiptRequired: l.receipt_required,
      receivedQuantity: plain(l.received_quantity),
      invoicedQuantity: plain(l.invoiced_quantity),
      cancelled: l.cancelled,
      costCentreId: l.cost_centre_id,
      budgetCategory: l.budget_category,
    })),
    revisions: revisions.map((r) => ({
      revision: r.revision,
      status: r.status,
      terms: r.terms,
      pdfSha256: r.pdf_sha256,
      changes: r.changes,
      createdBy: r.created_by_name,
      createdById: r.created_by,
      createdAt: r.created_at.toISOString(),
      issuedAt: r.issued_at?.toISOString() ?? null,
      approvalRequisitionId: r.approval_requisition_id,
      acknowledgement: {
        status: r.acknowledgement,
        at: r.acknowledged_at?.toISOString() ?? null,
        promisedDate: r.promised_date,
        declineReason: r.decline_reason,
      },
    })),
    dispatches: dispatches.map((d) => ({
      id: d.id,
      revision: d.revision,
      kind: d.kind,
      channel: d.channel,
      recipient: d.recipient,
      status: d.status,
      attempts: d.attempts,
      lastError: d.last_error,
      queuedAt: d.queued_at.toISOString(),
      nextAttemptAt: d.status === 'queued' ? d.next_attempt_at.toISOString() : null,
      sentAt: d.sent_at?.toISOString() ?? null,
      failedAt: d.failed_at?.toISOString() ?? null,
    })),
    receipts: receipts.map((r) => ({
      id: r.id,
      receivedOn: r.received_on,
      recordedBy: r.recorded_by_name,
      comment: r.comment,
      recordedAt: r.recorded_at.toISOString(),
      lines: receiptLines
        .filter((l) => l.receipt_id === r.id)
        .map((l) => ({
          purchaseOrderLineId: l.purchase_order_line_id,
          quantity: l.quantity,
          comment: l.comment,
        })),
    })),
  };
}

export type PurchaseOrderView = Awaited<ReturnType<typeof findPurchaseOrder>>;
