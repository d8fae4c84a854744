// The exceptions queue and what acting on an invoice needs: the invoice locked, the people its
// orders name (buyer, requesters), its lines' findings, the actor's own acceptance limit, and the
// record invoicing's events carry to purchasing.
import type { InvoicingDatabase, InvoicingInvoiceTable } from '@procura/db';
import {
  type CurrencyCode,
  DomainError,
  type InvoiceStatus,
  type MatchFinding,
  type Money,
  money,
  reformInvoiceStatuses,
} from '@procura/domain';
import type { EventPayload } from '@procura/events';
import { type Kysely, type Selectable, sql, type Transaction } from 'kysely';

type Db = Kysely<InvoicingDatabase> | Transaction<InvoicingDatabase>;
type Trx = Transaction<InvoicingDatabase>;
export type InvoiceRow = Selectable<InvoicingInvoiceTable>;

/** The people an invoice's orders name: the buyers and the requesters of the order lines it bills. */
export interface InvoicePeople {
  readonly buyers: readonly string[];
  readonly requesters: readonly string[];
}

/** The invoice, locked until the transaction ends: of two people acting at once, the second waits. */
export async function lockInvoice(trx: Trx, id: string): Promise<InvoiceRow> {
  const row = await trx
    .selectFrom('invoicing.invoice')
    .selectAll()
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw new DomainError('not_found', `Invoice ${id} does not exist.`);
  return row;
}

/** Buyers and requesters of the order lines an invoice's lines bill (`invoice` names the invoice id). */
const peopleOf = (invoice: ReturnType<typeof sql>) => sql<{ buyers: string[]; requesters: string[] }>`
  json_build_object(
    'buyers', coalesce((select array_agg(distinct o.buyer_user_id)
      from invoicing.invoice_line l
      join invoicing.order_line o on o.purchase_order_line_id = l.purchase_order_line_id
      where l.invoice_id = ${invoice}), '{}'),
    'requesters', coalesce((select array_agg(distinct r)
      from invoicing.invoice_line l
      join invoicing.order_line o on o.purchase_order_line_id = l.purchase_order_line_id
      cross join unnest(o.requester_user_ids) r
      where l.invoice_id = ${invoice}), '{}'))`;

export async function peopleOfInvoice(db: Db, invoiceId: string): Promise<InvoicePeople> {
  const { rows } = await sql<{
    people: InvoicePeople;
  }>`select ${peopleOf(sql`${invoiceId}::uuid`)} as people`.execute(db);
  return rows[0]?.people ?? { buyers: [], requesters: [] };
}

export interface LineFindings {
  readonly position: number;
  readonly findings: MatchFinding[];
  readonly acceptedFindings: number[];
  readonly raw: Record<string, unknown>[];
}

/** Each line's findings as stored, their impacts as money again, and which are already accepted. */
export async function lineFindingsOf(trx: Trx, invoiceId: string): Promise<LineFindings[]> {
  const rows = await trx
    .selectFrom('invoicing.invoice_line')
    .select(['position', 'match_findings'])
    .where('invoice_id', '=', invoiceId)
    .orderBy('position')
    .execute();
  return rows.map((row) => {
    const raw = row.match_findings as Record<string, unknown>[];
    const findings = raw.map((f) => {
      const impact = f.impact as { amount: string; currency: string } | undefined;
      return (impact
        ? { ...f, impact: money(impact.amount, impact.currency as CurrencyCode) }
        : f) as unknown as MatchFinding;
    });
    const acceptedFindings = raw.flatMap((f, index) => (f.accepted ? [index] : []));
    return { position: row.position, findings, acceptedFindings, raw };
  });
}

/** Marks findings accepted (who, when, why) and sets each line's status from what is left open. */
export async function recordAcceptedFindings(
  trx: Trx,
  invoiceId: string,
  lines: readonly LineFindings[],
  accepted: readonly { position: number; finding: number }[],
  decided: {
    lines: readonly { position: number; status: string }[];
    by: string;
    at: Date;
    comment: string;
  },
): Promise<void> {
  for (const line of lines) {
    const mine = accepted.filter((a) => a.position === line.position).map((a) => a.finding);
    if (mine.length === 0) continue;
    const findings = line.raw.map((f, index) =>
      mine.includes(index)
        ? { ...f, accepted: { by: decided.by, at: decided.at.toISOString(), comment: decided.comment } }
        : f,
    );
    const status = decided.lines.find((l) => l.position === line.position)?.status ?? 'matched';
    await trx
      .updateTable('invoicing.invoice_line')
      .set({ match_findings: JSON.stringify(findings), match_status: status })
      .where('invoice_id', '=', invoiceId)
      .where('position', '=', line.position)
      .execute();
  }
}

/** The person's own acceptance limit in their entity, when one was set. */
export async function ownAcceptanceLimit(db: Db, entityId: string, userId: string): Promise<Money | null> {
  const row = await db
    .selectFrom('invoicing.variance_acceptance_limit')
    .select(['amount', 'currency'])
    .where('entity_id', '=', entityId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row ? money(row.amount, row.currency as CurrencyCode) : null;
}

export async function setAcceptanceLimit(
  db: Db,
  limit: { entityId: string; userId: string; amount: string; currency: string; setBy: string },
): Promise<void> {
  const row = {
    entity_id: limit.entityId,
    user_id: limit.userId,
    amount: limit.amount,
    currency: limit.currency,
    set_by: limit.setBy,
    set_at: new Date(),
  };
  await db
    .insertInto('invoicing.variance_acceptance_limit')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['entity_id', 'user_id']).doUpdateSet({
        amount: row.amount,
        currency: row.currency,
        set_by: row.set_by,
        set_at: row.set_at,
      }),
    )
    .execute();
}

export async function listAcceptanceLimits(db: Db, entityId: string) {
  const rows = await db
    .selectFrom('invoicing.variance_acceptance_limit')
    .selectAll()
    .where('entity_id', '=', entityId)
    .orderBy('user_id')
    .execute();
  return rows.map((r) => ({
    userId: r.user_id,
    limit: { amount: r.amount, currency: r.currency },
    setBy: r.set_by,
    setAt: r.set_at.toISOString(),
  }));
}

/** Where a credit note request is mailed: the supplier's contact, else its order address. */
export async function supplierMailOf(db: Db, supplierId: string | null): Promise<string | null> {
  if (!supplierId) return null;
  const row = await db
    .selectFrom('invoicing.supplier')
    .select(['contact_email', 'order_email'])
    .where('supplier_id', '=', supplierId)
    .executeTakeFirst();
  return row?.contact_email ?? row?.order_email ?? null;
}

/**
 * The invoice as its events carry it: per order line it was matched to, the quantity and net amount
 * it bills (a credit note's negative).
 */
export async function invoiceRecordOf(
  db: Db,
  invoice: Pick<
    InvoiceRow,
    | 'id'
    | 'kind'
    | 'number'
    | 'issue_date'
    | 'supplier_id'
    | 'entity_id'
    | 'currency'
    | 'tax_exclusive_total'
    | 'payable_amount'
  >,
  at: Date,
): Promise<EventPayload<'invoicing.invoice.approved'> extends infer R ? Omit<R, 'approvedBy'> : never> {
  const sign = invoice.kind === 'credit_note' ? -1 : 1;
  const lines = await db
    .selectFrom('invoicing.invoice_line as l')
    .innerJoin('invoicing.order_line as o', 'o.purchase_order_line_id', 'l.purchase_order_line_id')
    .select([
      'o.purchase_order_id',
      'o.purchase_order_line_id',
      sql<string>`(${sign} * sum(l.quantity))::text`.as('quantity'),
      sql<string>`(${sign} * sum(l.net_amount))::text`.as('net_amount'),
    ])
    .where('l.invoice_id', '=', invoice.id)
    .groupBy(['o.purchase_order_id', 'o.purchase_order_line_id'])
    .orderBy('o.purchase_order_line_id')
    .execute();
  return {
    invoiceId: invoice.id,
    kind: invoice.kind,
    number: invoice.number,
    issueDate: invoice.issue_date,
    supplierId: invoice.supplier_id,
    entityId: invoice.entity_id,
    currency: invoice.currency,
    taxExclusiveTotal: invoice.tax_exclusive_total,
    payableAmount: invoice.payable_amount,
    orderLines: lines.map((l) => ({
      purchaseOrderId: l.purchase_order_id,
      purchaseOrderLineId: l.purchase_order_line_id,
      quantity: l.quantity,
      netAmount: l.net_amount,
    })),
    changedAt: at.toISOString(),
  };
}

// The queue

/** Who sees what: accounts payable the whole entity, a buyer their orders, a requester theirs. */
export interface QueueViewer {
  readonly userId: string;
  readonly entityId: string;
  readonly wholeEntity: boolean;
}

export interface ExceptionQueueQuery {
  readonly ownerIsMe: boolean;
  readonly reason?: string | undefined;
  readonly supplierId?: string | undefined;
  readonly limit: number;
}

/**
 * Every invoice waiting in the exceptions queue (an exception, received or on hold) that the viewer
 * may see, oldest first, with its reasons, its owner resolved to people, and its age in days.
 */
export async function listExceptions(db: Db, viewer: QueueViewer, query: ExceptionQueueQuery, now: Date) {
  const people = peopleOf(sql.ref('i.id'));
  const mineAsBuyer = sql<boolean>`exists (
    select 1 from invoicing.invoice_line l
    join invoicing.order_line o on o.purchase_order_line_id = l.purchase_order_line_id
    where l.invoice_id = i.id and o.buyer_user_id = ${viewer.userId})`;
  const mineAsRequester = sql<boolean>`exists (
    select 1 from invoicing.invoice_line l
    join invoicing.order_line o on o.purchase_order_line_id = l.purchase_order_line_id
    where l.invoice_id = i.id and ${viewer.userId}::uuid = any(o.requester_user_ids))`;

  let select = db
    .selectFrom('invoicing.invoice as i')
    .leftJoin('invoicing.supplier as s', 's.supplier_id', 'i.supplier_id')
    .selectAll('i')
    .select(['s.name as supplier_name', people.as('people')])
    .where('i.match_status', '=', 'exception')
    .where('i.status', 'in', ['received', 'on_hold']);
  select = viewer.wholeEntity
    ? select.where((eb) => eb.or([eb('i.entity_id', '=', viewer.entityId), eb('i.entity_id', 'is', null)]))
    : select
        .where('i.entity_id', '=', viewer.entityId)
        .where((eb) => eb.or([eb(mineAsBuyer, '=', true), eb(mineAsRequester, '=', true)]));
  if (query.ownerIsMe)
    select = select.where((eb) =>
      eb.or([
        eb.and([eb('i.exception_owner', '=', 'buyer'), eb(mineAsBuyer, '=', true)]),
        eb.and([eb('i.exception_owner', '=', 'requester'), eb(mineAsRequester, '=', true)]),
        ...(viewer.wholeEntity ? [eb('i.exception_owner', '=', 'accounts_payable')] : []),
      ]),
    );
  if (query.reason) select = select.where(sql<boolean>`${query.reason} = any(i.match_reasons)`);
  if (query.supplierId) select = select.where('i.supplier_id', '=', query.supplierId);
  const rows = await select.orderBy('i.received_at').orderBy('i.id').limit(query.limit).execute();

  const dayMs = 86_400_000;
  return rows.map((row) => {
    const { buyers, requesters } = row.people;
    const ownerPeople =
      row.exception_owner === 'buyer' ? buyers : row.exception_owner === 'requester' ? requesters : [];
    return {
      id: row.id,
      version: row.version,
      kind: row.kind,
      number: row.number,
      issueDate: row.issue_date,
      supplier: row.supplier_id ? { id: row.supplier_id, name: row.supplier_name ?? row.seller_name } : null,
      sellerName: row.seller_name,
      payable: { amount: row.payable_amount, currency: row.currency },
      status: row.status,
      reformStatus: reformInvoiceStatuses[row.status as InvoiceStatus],
      reasons: row.match_reasons,
      owner: { kind: row.exception_owner, userIds: ownerPeople },
      buyerUserIds: buyers,
      requesterUserIds: requesters,
      awaitingCreditNote: row.awaiting_credit_note,
      statusReason: row.status_reason,
      receivedAt: row.received_at.toISOString(),
      ageDays: Math.max(0, Math.floor((now.getTime() - row.received_at.getTime()) / dayMs)),
    };
  });
}
