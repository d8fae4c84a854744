// The invoice history (append-only: the database refuses to change or delete a row) and the
// lifecycle feed read from it, in commit order, for an accredited platform connector.
import type { InvoiceHistoryAction, InvoicingDatabase, InvoicingInvoiceStatus } from '@procura/db';
import { type InvoiceStatus, reformInvoiceStatuses } from '@procura/domain';
import { type Kysely, sql, type Transaction } from 'kysely';

type Db = Kysely<InvoicingDatabase> | Transaction<InvoicingDatabase>;

export interface Actor {
  /** Null: Procura itself (an invoice approved because every line matched). */
  readonly id: string | null;
  readonly name: string;
}

export interface HistoryEntry {
  readonly invoiceId: string;
  readonly fileId: string;
  readonly action: InvoiceHistoryAction;
  readonly from: InvoicingInvoiceStatus;
  readonly to: InvoicingInvoiceStatus;
  readonly reason?: string | null;
  readonly comment?: string | null;
  readonly actor: Actor;
  readonly amounts?: Record<string, unknown>;
  readonly at: Date;
}

export async function appendInvoiceHistory(trx: Transaction<InvoicingDatabase>, entry: HistoryEntry) {
  await trx
    .insertInto('invoicing.invoice_history')
    .values({
      invoice_id: entry.invoiceId,
      file_id: entry.fileId,
      action: entry.action,
      from_status: entry.from,
      to_status: entry.to,
      reason: entry.reason ?? null,
      comment: entry.comment ?? null,
      actor_id: entry.actor.id,
      actor_name: entry.actor.name,
      amounts: JSON.stringify(entry.amounts ?? {}),
      occurred_at: entry.at,
    })
    .execute();
}

/** The history rows of invoices paid together (a payment run confirmed): approved → paid, who and why. */
export async function appendPaidHistory(
  trx: Transaction<InvoicingDatabase>,
  invoiceIds: readonly string[],
  paid: { actor: Actor; reason: string; at: Date },
): Promise<void> {
  if (invoiceIds.length === 0) return;
  await sql`
    insert into invoicing.invoice_history
      (invoice_id, file_id, action, from_status, to_status, reason, actor_id, actor_name, amounts, occurred_at)
    select i.id, i.file_id, 'pay', 'approved', 'paid', ${paid.reason}, ${paid.actor.id}, ${paid.actor.name},
      jsonb_build_object('paid', jsonb_build_object('amount', i.payable_amount::text, 'currency', i.currency)),
      ${paid.at}
    from invoicing.invoice i where i.id = any(${[...invoiceIds]}::uuid[])
    order by i.id`.execute(trx);
}

const reformOf = (status: InvoicingInvoiceStatus) => reformInvoiceStatuses[status as InvoiceStatus];

/** An invoice's history, oldest first. */
export async function invoiceHistory(db: Db, invoiceId: string) {
  const rows = await db
    .selectFrom('invoicing.invoice_history')
    .selectAll()
    .where('invoice_id', '=', invoiceId)
    .orderBy('id')
    .execute();
  return rows.map((h) => ({
    action: h.action,
    from: h.from_status,
    to: h.to_status,
    reformStatus: reformOf(h.to_status),
    reason: h.reason,
    comment: h.comment,
    actor: h.actor_id === null ? null : { id: h.actor_id, name: h.actor_name },
    amounts: h.amounts,
    at: h.occurred_at.toISOString(),
  }));
}

/** The feed's cursor: the writing transaction and the row, opaque to clients. */
const encodeCursor = (xactId: string, id: string) => Buffer.from(`${xactId}:${id}`).toString('base64url');

export function decodeCursor(cursor: string): { xactId: string; id: string } | undefined {
  const match = /^(\d{1,20}):(\d{1,19})$/.exec(Buffer.from(cursor, 'base64url').toString());
  return match?.[1] && match[2] ? { xactId: match[1], id: match[2] } : undefined;
}

/**
 * Status changes after `since`, in commit order: a row is listed only once every transaction that
 * could still write an earlier one has ended, so following `next` never skips one. Rejected files
 * are listed too (rejetée), without an invoice.
 */
export async function lifecycleChanges(
  db: Db,
  query: { since: { xactId: string; id: string } | undefined; limit: number; entityId: string },
) {
  const since = query.since;
  const rows = await db
    .selectFrom('invoicing.invoice_history as h')
    .innerJoin('invoicing.invoice_file as f', 'f.id', 'h.file_id')
    .leftJoin('invoicing.invoice as i', 'i.id', 'h.invoice_id')
    .select([
      'h.id',
      sql<string>`h.xact_id::text`.as('xact_id'),
      'h.invoice_id',
      'h.file_id',
      'h.action',
      'h.from_status',
      'h.to_status',
      'h.reason',
      'h.occurred_at',
      'i.number',
      'i.kind',
      'i.issue_date',
      'i.supplier_id',
      'i.seller_name',
      'i.seller_siren',
      'f.document_number',
    ])
    .where(sql<boolean>`h.xact_id < pg_snapshot_xmin(pg_current_snapshot())`)
    // An invoice belongs to the entity of its orders; one not tied to an order (unknown supplier or
    // order), and a rejected file, belong to whoever receives for the entity.
    .where((eb) => eb.or([eb('i.entity_id', '=', query.entityId), eb('i.entity_id', 'is', null)]))
    .$if(since !== undefined, (qb) =>
      qb.where(
        sql<boolean>`(h.xact_id, h.id) > (${since?.xactId ?? '0'}::xid8, ${since?.id ?? '0'}::bigint)`,
      ),
    )
    .orderBy(sql`h.xact_id`)
    .orderBy('h.id')
    .limit(query.limit)
    .execute();
  const last = rows.at(-1);
  return {
    changes: rows.map((h) => ({
      invoiceId: h.invoice_id,
      fileId: h.file_id,
      number: h.number ?? h.document_number,
      kind: h.kind,
      issueDate: h.issue_date,
      supplier: h.supplier_id ? { id: h.supplier_id, name: h.seller_name } : null,
      sellerSiren: h.seller_siren,
      action: h.action,
      from: h.from_status,
      status: h.to_status,
      reformStatus: reformOf(h.to_status),
      reason: h.reason,
      at: h.occurred_at.toISOString(),
    })),
    next: last ? encodeCursor(last.xact_id, last.id) : null,
  };
}
