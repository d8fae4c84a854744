// Purchase orders: issued from approved requests (one per supplier × buying entity × currency),
// numbered without gaps, printed with the terms in force, committed in the ledger, announced to
// invoicing and queued for dispatch, all in one transaction. Then cancelled or closed.
import type { PurchasingDatabase } from '@procura/db';
import {
  type CurrencyCode,
  calendarDate,
  convertMoney,
  DomainError,
  documentBalances,
  formatPurchaseOrderNumber,
  type LedgerEntry,
  money,
  nextPurchaseOrderStatus,
  nextRequisitionStatus,
  orderCancelled,
  orderClosed,
  orderIssued,
  parseCurrency,
  periodContaining,
  purchaseOrderYear,
} from '@procura/domain';
import { recordEvent } from '@procura/events';
import type { TIdentity } from '@procura/http';
import { type Selectable, sql, type Transaction } from 'kysely';
import {
  appendLedgerEntries,
  budgetLineIdsOf,
  ledgerEntriesOfCommitment,
} from '../repositories/ledger.repository.js';
import {
  lockPurchaseOrder,
  purchaseOrderRecord,
  purchaseOrderRecordOf,
} from '../repositories/purchase-order.repository.js';
import { nextDocumentSequence, recordRequisitionEvent } from '../repositories/requisition.repository.js';
import { findSupplierStanding } from '../repositories/supplier-status.repository.js';
import { queueDispatch } from './order-dispatch.service.js';
import {
  chooseTerms,
  entityOf,
  type OrderParties,
  orderInput,
  type PublishedTerms,
  publishedTerms,
  supplierPartyOf,
} from './purchase-order-document.js';

type Trx = Transaction<PurchasingDatabase>;

/** What the buyer settles when issuing: the day the goods are due, when not the requests' wish. */
export interface IssueOptions {
  deliveryDate?: string | undefined;
}

export interface IssueOutcome {
  orders: { id: string; number: string }[];
  /** Request lines that could not be ordered, and why. */
  skipped: { requisitionId: string; requisitionLineId: string; reason: string }[];
}

/** A buyer of the request's entity, or an administrator. */
function assertBuyerOf(caller: TIdentity, entityId: string): void {
  if (!caller.roles.some((r) => r === 'buyer' || r === 'administrator'))
    throw new DomainError('forbidden', 'Only buyers issue purchase orders.');
  if (caller.entityId !== entityId)
    throw new DomainError('forbidden', 'You issue orders for your own entity only.');
}

/**
 * Issues the orders of approved requests: their lines not ordered yet, grouped per supplier, buying
 * entity and currency, each group one order. Everything or nothing: a supplier that cannot receive
 * orders refuses the whole issue, naming it. A line ordered by someone else at the same moment is
 * refused by the database (one order line per request line).
 */
export async function issueOrdersFromRequisitions(
  trx: Trx,
  caller: TIdentity,
  requisitionIds: readonly string[],
  options: IssueOptions,
  now: Date,
): Promise<IssueOutcome> {
  const requisitions = await trx
    .selectFrom('purchasing.requisition')
    .selectAll()
    .where('id', 'in', [...requisitionIds])
    .orderBy('id')
    .forUpdate()
    .execute();
  for (const id of requisitionIds)
    if (!requisitions.some((r) => r.id === id))
      throw new DomainError('not_found', `Request ${id} does not exist.`, [
        { field: 'requisitionIds', reason: `${id} does not exist` },
      ]);
  for (const r of requisitions) {
    assertBuyerOf(caller, r.entity_id);
    if (r.status !== 'approved' && r.status !== 'partly_ordered')
      throw new DomainError(
        'invalid_state_transition',
        `Request ${r.number} is ${r.status.replace('_', ' ')}: only approved requests are ordered.`,
        {
          requisitionId: r.id,
          status: r.status,
        },
      );
  }
  const lines = await trx
    .selectFrom('purchasing.requisition_line as l')
    .leftJoin('purchasing.purchase_order_line as o', 'o.requisition_line_id', 'l.id')
    .selectAll('l')
    .where('l.requisition_id', 'in', [...requisitionIds])
    .where('o.id', 'is', null)
    .orderBy('l.requisition_id')
    .orderBy('l.line_no')
    .execute();
  const skipped = lines
    .filter((l) => !l.supplier_id)
    .map((l) => ({
      requisitionId: l.requisition_id,
      requisitionLineId: l.id,
      reason: 'no supplier chosen: a buyer picks one for this free-text line first',
    }));
  const orderable = lines.filter((l) => l.supplier_id);
  if (orderable.length === 0)
    throw new DomainError(
      'nothing_to_order',
      'These requests hold no line left to order with a supplier.',
      skipped.map((s) => ({ field: s.requisitionLineId, reason: s.reason })),
    );

  const byKey = new Map<string, typeof orderable>();
  for (const line of orderable) {
    const requisition = requisitions.find((r) => r.id === line.requisition_id);
    const key = `${requisition?.entity_id}|${line.supplier_id}|${requisition?.currency}`;
    byKey.set(key, [...(byKey.get(key) ?? []), line]);
  }

  // First everything that does not carry an order number, for every order: drafts, lines, ledger,
  // dispatch rows, the requests marked ordered. Then the numbers: from the counter's row lock to the
  // commit, the issuers of an entity take turns, so only what carries the number (the revision with
  // the document's input, the event) comes after it; the PDF is rendered after the commit.
  const published = await publishedTerms(trx);
  const budgetLineIds = new Map<string, Map<string, string>>();
  const drafts: DraftOrder[] = [];
  for (const group of byKey.values()) {
    const first = group[0];
    const requisition = requisitions.find((r) => r.id === first?.requisition_id);
    if (!first || !requisition) continue;
    let entityBudgetLines = budgetLineIds.get(requisition.entity_id);
    if (!entityBudgetLines) {
      entityBudgetLines = await budgetLineIdsOf(trx, requisition.entity_id);
      budgetLineIds.set(requisition.entity_id, entityBudgetLines);
    }
    drafts.push(
      await draftOrder(
        trx,
        caller,
        {
          requisitions: requisitions.filter((r) => group.some((l) => l.requisition_id === r.id)),
          lines: group,
          entityId: requisition.entity_id,
          currency: parseCurrency(requisition.currency),
          supplierId: first.supplier_id as string,
          supplierName: first.supplier_name ?? 'Supplier',
          deliveryDate:
            options.deliveryDate ??
            group
              .map((l) => l.wished_date)
              .filter((d): d is string => d !== null)
              .sort()[0] ??
            calendarDate(new Date(now.getTime() + 14 * 86_400_000)),
          now,
        },
        entityBudgetLines,
      ),
    );
  }
  for (const r of requisitions) await markOrdered(trx, r.id, r.status, caller, now);
  const orders: IssueOutcome['orders'] = [];
  for (const draft of drafts) orders.push(await numberAndIssue(trx, caller, draft, published));
  return { orders, skipped };
}

type RequisitionRow = Selectable<PurchasingDatabase['purchasing.requisition']>;
type RequisitionLineRow = Selectable<PurchasingDatabase['purchasing.requisition_line']>;

interface OrderGroup {
  requisitions: RequisitionRow[];
  lines: RequisitionLineRow[];
  entityId: string;
  currency: CurrencyCode;
  supplierId: string;
  supplierName: string;
  deliveryDate: string;
  now: Date;
}

/** An order written as a draft, with what issuing it needs. */
interface DraftOrder {
  id: string;
  group: OrderGroup;
  parties: OrderParties;
  deliverySiteId: string | null;
  lines: Selectable<PurchasingDatabase['purchasing.purchase_order_line']>[];
}

/**
 * Writes the order of one group as a draft (no number yet) with its lines, commits its amounts in
 * the ledger and queues its dispatch. Refuses a supplier that cannot receive orders.
 */
async function draftOrder(
  trx: Trx,
  caller: TIdentity,
  group: OrderGroup,
  budgetLineIds: ReadonlyMap<string, string>,
): Promise<DraftOrder> {
  const { now } = group;
  const standing = await findSupplierStanding(trx, group.supplierId);
  if (!standing.orderable)
    throw new DomainError(
      'supplier_not_orderable',
      `${group.supplierName} cannot receive new orders (${standing.compliance.hold ? `compliance: ${standing.compliance.reason}` : standing.status.replace('_', ' ')}).`,
      [
        {
          field: 'supplierId',
          reason: `${group.supplierName} is ${standing.compliance.hold ? 'held for compliance' : standing.status}`,
        },
      ],
    );
  const parties = {
    entity: await entityOf(trx, group.entityId),
    supplier: await supplierPartyOf(trx, group.supplierId, group.supplierName),
  };
  const counted = group.requisitions[0];
  const entityCurrency = parseCurrency(counted?.entity_currency ?? parties.entity.currency);
  const rate = counted?.exchange_rate ?? '1';
  const deliverySiteId = group.lines.find((l) => l.delivery_site_id)?.delivery_site_id ?? null;

  const order = await trx
    .insertInto('purchasing.purchase_order')
    .values({
      entity_id: group.entityId,
      supplier_id: group.supplierId,
      supplier_name: parties.supplier.name,
      currency: group.currency,
      status: 'draft',
      origin: 'requisition',
      buyer_user_id: caller.userId,
      buyer_name: caller.displayName,
      buyer_email: caller.email,
      delivery_site_id: deliverySiteId,
      delivery_date: group.deliveryDate,
      entity_currency: entityCurrency,
      exchange_rate: rate,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const orderLines = await trx
    .insertInto('purchasing.purchase_order_line')
    .values(
      group.lines.map((l, index) => ({
        purchase_order_id: order.id,
        line_no: index + 1,
        requisition_id: l.requisition_id,
        requisition_line_id: l.id,
        // The request line it orders: what the buyer and the requester find it by.
        reference: `${group.requisitions.find((r) => r.id === l.requisition_id)?.number ?? 'REQ'}/${l.line_no}`,
        description: l.description,
        category_code: l.category_code,
        quantity: l.quantity,
        unit_code: l.unit_code,
        unit_price: l.unit_price,
        vat_rate: l.vat_rate,
        amount: l.amount,
        // Services (UNSPSC segments 70 to 94) may be invoiced without a receipt: two-way matching.
        receipt_required: Number(l.category_code.slice(0, 2)) < 70,
        cost_centre_id: l.cost_centre_id,
        budget_category: l.budget_category,
      })),
    )
    .returningAll()
    .execute();
  orderLines.sort((a, b) => a.line_no - b.line_no);

  // Committed in the entity's currency at the rate the request was counted at; the request lines'
  // requested amounts are released, all of them (each request line is ordered whole).
  const today = calendarDate(now);
  const entries: LedgerEntry[] = [];
  for (const requisition of group.requisitions) {
    const balances = documentBalances(await ledgerEntriesOfCommitment(trx, requisition.id), {
      kind: 'requisition',
      id: requisition.id,
    });
    for (const line of orderLines.filter((l) => l.requisition_id === requisition.id)) {
      const balance = balances.find((b) => b.commitmentLine.lineId === line.requisition_line_id);
      const amount = money(line.amount, group.currency);
      entries.push(
        ...orderIssued({
          orderLine: { kind: 'purchase_order', id: order.id, lineId: line.id },
          amount:
            amount.currency === entityCurrency
              ? amount
              : convertMoney(amount, { from: amount.currency, to: entityCurrency, rate }),
          occurredOn: today,
          // A request line always has its requested balance; the key is the fallback of the domain.
          ...(balance
            ? { requisition: { balance, ordered: 'fully' as const } }
            : {
                budgetLine: {
                  entityId: group.entityId,
                  costCentreId: line.cost_centre_id,
                  budgetCategory: line.budget_category,
                  periodKey: periodContaining(today, 'fiscal_year').key,
                },
              }),
        }),
      );
    }
  }
  await appendLedgerEntries(trx, entries, budgetLineIds);
  await queueDispatch(trx, {
    purchaseOrderId: order.id,
    revision: 1,
    kind: 'order',
    recipient: parties.supplier.order_email,
    now,
  });
  return { id: order.id, group, parties, deliverySiteId, lines: orderLines };
}

/**
 * Issues a draft: its number, next in its entity and year (the counter's row stays locked until the
 * transaction ends, so numbers have no gaps), revision 1 with the document's input and the terms
 * versions in force, and the event that tells invoicing. The PDF is rendered after the commit, by the
 * dispatch (its first rendering records the hash), so the counter is never held while it renders.
 */
async function numberAndIssue(
  trx: Trx,
  caller: TIdentity,
  draft: DraftOrder,
  published: PublishedTerms,
): Promise<{ id: string; number: string }> {
  const { group, parties } = draft;
  const { now } = group;
  const year = purchaseOrderYear(now);
  const number = formatPurchaseOrderNumber(
    year,
    await nextDocumentSequence(trx, { entityId: group.entityId, kind: 'purchase_order', year }),
  );
  const order = await trx
    .updateTable('purchasing.purchase_order')
    .set({ number, status: nextPurchaseOrderStatus('draft', 'issue'), issued_at: now })
    .where('id', '=', draft.id)
    .returningAll()
    .executeTakeFirstOrThrow();

  const input = orderInput({
    number,
    revision: 1,
    issuedAt: now,
    currency: group.currency,
    parties,
    buyer: { name: caller.displayName, email: caller.email },
    deliverySiteId: draft.deliverySiteId,
    deliveryDate: group.deliveryDate,
    lines: draft.lines.map((l) => ({
      reference: l.reference,
      description: l.description,
      quantity: l.quantity,
      unitCode: l.unit_code,
      unitPrice: l.unit_price,
      vatCategory: 'S',
      vatRate: l.vat_rate,
      categoryCode: l.category_code,
      flags: l.flags,
    })),
  });
  const { recorded } = chooseTerms(published, input);
  await trx
    .insertInto('purchasing.purchase_order_revision')
    .values({
      purchase_order_id: order.id,
      revision: 1,
      status: 'issued',
      document: JSON.stringify(input),
      terms: JSON.stringify(recorded),
      changes: JSON.stringify([]),
      created_by: caller.userId,
      created_by_name: caller.displayName,
      issued_at: now,
    })
    .execute();
  const requesterUserIds = [...new Set(group.requisitions.map((r) => r.requester_user_id))].sort();
  await recordEvent(trx, 'purchasing', {
    type: 'purchasing.purchase-order.issued',
    aggregateId: order.id,
    payload: purchaseOrderRecordOf(order, draft.lines, requesterUserIds, now),
  });
  return { id: order.id, number };
}

/** The request is ordered in full once every line is, partly while some wait. */
async function markOrdered(trx: Trx, requisitionId: string, status: string, caller: TIdentity, now: Date) {
  const { rows } = await sql<{ open: number }>`
    select count(*)::int as open from purchasing.requisition_line l
    where l.requisition_id = ${requisitionId}
      and not exists (select 1 from purchasing.purchase_order_line o where o.requisition_line_id = l.id)`.execute(
    trx,
  );
  const next = nextRequisitionStatus(
    status as 'approved' | 'partly_ordered',
    (rows[0]?.open ?? 0) === 0 ? 'order_fully' : 'order_partly',
  );
  if (next === status) return;
  await trx
    .updateTable('purchasing.requisition')
    .set({ status: next, updated_at: now })
    .where('id', '=', requisitionId)
    .execute();
  await recordRequisitionEvent(trx, {
    requisitionId,
    kind: next === 'ordered' ? 'ordered' : 'partly_ordered',
    actor: { userId: caller.userId, name: caller.displayName },
  });
}

/** Releases what the order's lines still have committed, as cancelled or closed. */
async function releaseCommitted(
  trx: Trx,
  orderId: string,
  entityId: string,
  why: 'cancelled' | 'closed',
  now: Date,
) {
  const balances = documentBalances(await ledgerEntriesOfCommitment(trx, orderId), {
    kind: 'purchase_order',
    id: orderId,
  });
  const release = why === 'cancelled' ? orderCancelled : orderClosed;
  const occurredOn = calendarDate(now);
  await appendLedgerEntries(
    trx,
    balances.filter((b) => !b.committed.isZero()).flatMap((balance) => release({ balance, occurredOn })),
    await budgetLineIdsOf(trx, entityId),
  );
}

/**
 * Cancels an order nothing has been received or invoiced against: its commitment is released, the
 * supplier is notified and invoicing told. A reason is required.
 */
export async function cancelPurchaseOrder(
  trx: Trx,
  caller: TIdentity,
  id: string,
  change: { version: number; reason: string },
  now: Date,
): Promise<void> {
  const order = await lockPurchaseOrder(trx, id, change.version);
  assertBuyerOf(caller, order.entity_id);
  const status = nextPurchaseOrderStatus(order.status, 'cancel');
  const started = await trx
    .selectFrom('purchasing.purchase_order_line')
    .select('line_no')
    .where('purchase_order_id', '=', id)
    .where((eb) => eb.or([eb('received_quantity', '>', '0'), eb('invoiced_quantity', '>', '0')]))
    .execute();
  if (started.length > 0)
    throw new DomainError(
      'invalid_state_transition',
      `Order ${order.number} has lines already received or invoiced (${started.map((l) => l.line_no).join(', ')}): close the remainder instead.`,
      { lines: started.map((l) => l.line_no) },
    );
  await trx
    .updateTable('purchasing.purchase_order')
    .set({ status, cancelled_at: now, cancel_reason: change.reason, version: order.version + 1 })
    .where('id', '=', id)
    .execute();
  await trx
    .updateTable('purchasing.purchase_order_revision')
    .set({ acknowledgement: 'superseded' })
    .where('purchase_order_id', '=', id)
    .where('acknowledgement', '=', 'awaiting')
    .execute();
  await releaseCommitted(trx, id, order.entity_id, 'cancelled', now);
  await recordEvent(trx, 'purchasing', {
    type: 'purchasing.purchase-order.cancelled',
    aggregateId: id,
    payload: { ...(await purchaseOrderRecord(trx, id, now)), reason: change.reason },
  });
  const supplier = await trx
    .selectFrom('purchasing.supplier_party')
    .select('order_email')
    .where('supplier_id', '=', order.supplier_id)
    .executeTakeFirst();
  await queueDispatch(trx, {
    purchaseOrderId: id,
    revision: order.revision,
    kind: 'cancellation',
    recipient: supplier?.order_email ?? null,
    now,
  });
}

/**
 * Closes an order: what is still committed (not to be delivered or invoiced) is released. A buyer
 * closes the remainder with a reason; an order received and invoiced in full closes itself.
 */
export async function closePurchaseOrder(
  trx: Trx,
  id: string,
  change: { version: number | null; reason: string },
  now: Date,
): Promise<void> {
  const order = await lockPurchaseOrder(trx, id, change.version);
  const status = nextPurchaseOrderStatus(order.status, 'close');
  await trx
    .updateTable('purchasing.purchase_order')
    .set({ status, closed_at: now, close_reason: change.reason, version: order.version + 1 })
    .where('id', '=', id)
    .execute();
  await releaseCommitted(trx, id, order.entity_id, 'closed', now);
  await recordEvent(trx, 'purchasing', {
    type: 'purchasing.purchase-order.closed',
    aggregateId: id,
    payload: { ...(await purchaseOrderRecord(trx, id, now)), reason: change.reason },
  });
}
