// Payment runs and what they read: the invoices a run may pay, their suppliers' bank details, the
// entity's paying account, and the runs with the invoices each settles.
import type { InvoicingDatabase, PaymentRunStatus } from '@procura/db';
import { type Kysely, type Selectable, sql, type Transaction } from 'kysely';

type Db = Kysely<InvoicingDatabase> | Transaction<InvoicingDatabase>;
type Trx = Transaction<InvoicingDatabase>;

export interface PayingAccount {
  readonly entityId: string;
  readonly accountHolder: string;
  readonly iban: string;
  readonly bic: string | null;
  readonly journalCode: string;
  readonly payableAccount: string;
  readonly expenseAccount: string;
  readonly vatAccount: string;
  readonly changedBy: string;
  readonly changedAt: string;
}

export async function findPayingAccount(db: Db, entityId: string): Promise<PayingAccount | undefined> {
  const row = await db
    .selectFrom('invoicing.paying_account')
    .selectAll()
    .where('entity_id', '=', entityId)
    .executeTakeFirst();
  return row
    ? {
        entityId: row.entity_id,
        accountHolder: row.account_holder,
        iban: row.iban,
        bic: row.bic,
        journalCode: row.journal_code,
        payableAccount: row.payable_account,
        expenseAccount: row.expense_account,
        vatAccount: row.vat_account,
        changedBy: row.changed_by,
        changedAt: row.changed_at.toISOString(),
      }
    : undefined;
}

export async function savePayingAccount(
  db: Db,
  account: Omit<PayingAccount, 'changedAt'> & { changedAt: Date },
): Promise<void> {
  const values = {
    account_holder: account.accountHolder,
    iban: account.iban,
    bic: account.bic,
    journal_code: account.journalCode,
    payable_account: account.payableAccount,
    expense_account: account.expenseAccount,
    vat_account: account.vatAccount,
    changed_by: account.changedBy,
    changed_at: account.changedAt,
  };
  await db
    .insertInto('invoicing.paying_account')
    .values({ entity_id: account.entityId, ...values })
    .onConflict((oc) => oc.column('entity_id').doUpdateSet(values))
    .execute();
}

/** An invoice or credit note a run may settle, with what its accounting entry needs. */
export interface PaymentCandidate {
  readonly id: string;
  readonly kind: 'invoice' | 'credit_note';
  readonly number: string;
  readonly issueDate: string;
  readonly supplierId: string;
  readonly supplierName: string;
  readonly status: 'approved' | 'on_hold';
  readonly dueDate: string;
  readonly currency: string;
  readonly payableAmount: string;
  readonly allowanceTotal: string | null;
  readonly chargeTotal: string | null;
  readonly vatTotal: string | null;
  readonly taxInclusiveTotal: string;
  readonly vatBreakdown: readonly { rate?: string; taxAmount?: string }[];
}

/**
 * The entity's approved or held euro invoices and credit notes of a known supplier that no open or
 * confirmed run holds, locked: the lifecycle cannot move them while the run is made.
 */
export async function lockPaymentCandidates(trx: Trx, entityId: string): Promise<PaymentCandidate[]> {
  const rows = await trx
    .selectFrom('invoicing.invoice as i')
    .innerJoin('invoicing.supplier as s', 's.supplier_id', 'i.supplier_id')
    .select([
      'i.id',
      'i.kind',
      'i.number',
      'i.issue_date',
      's.supplier_id',
      's.name as supplier_name',
      'i.status',
      'i.due_date',
      'i.currency',
      'i.payable_amount',
      'i.allowance_total',
      'i.charge_total',
      'i.vat_total',
      'i.tax_inclusive_total',
      sql<{ rate?: string; taxAmount?: string }[]>`coalesce(i.canonical -> 'vatBreakdown', '[]'::jsonb)`.as(
        'vat_breakdown',
      ),
    ])
    .where('i.entity_id', '=', entityId)
    .where('i.status', 'in', ['approved', 'on_hold'])
    .where('i.currency', '=', 'EUR')
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('invoicing.payment_run_invoice as r')
            .select('r.invoice_id')
            .whereRef('r.invoice_id', '=', 'i.id')
            .where('r.released', '=', false),
        ),
      ),
    )
    .orderBy('i.due_date')
    .orderBy('i.number')
    .forUpdate('i')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    number: r.number,
    issueDate: r.issue_date,
    supplierId: r.supplier_id,
    supplierName: r.supplier_name,
    status: r.status as 'approved' | 'on_hold',
    dueDate: r.due_date,
    currency: r.currency,
    payableAmount: r.payable_amount,
    allowanceTotal: r.allowance_total,
    chargeTotal: r.charge_total,
    vatTotal: r.vat_total,
    taxInclusiveTotal: r.tax_inclusive_total,
    vatBreakdown: r.vat_breakdown,
  }));
}

export interface SupplierPaymentDetails {
  readonly supplierId: string;
  readonly name: string;
  readonly status: 'active' | 'blocked' | 'archived';
  readonly bankAccountHolder: string | null;
  readonly iban: string | null;
  readonly bic: string | null;
  readonly bankChangePending: boolean;
}

export async function supplierPaymentDetails(db: Db, supplierIds: readonly string[]) {
  if (supplierIds.length === 0) return [];
  const rows = await db
    .selectFrom('invoicing.supplier')
    .select([
      'supplier_id',
      'name',
      'status',
      'bank_account_holder',
      'bank_iban',
      'bank_bic',
      'bank_change_pending',
    ])
    .where('supplier_id', 'in', [...supplierIds])
    .execute();
  return rows.map(
    (r): SupplierPaymentDetails => ({
      supplierId: r.supplier_id,
      name: r.name,
      status: r.status,
      bankAccountHolder: r.bank_account_holder,
      iban: r.bank_iban,
      bic: r.bank_bic,
      bankChangePending: r.bank_change_pending,
    }),
  );
}

/** The invoice lines of `invoiceIds` by invoice, in order: the expense lines of their entries. */
export async function invoiceLinesOf(db: Db, invoiceIds: readonly string[]) {
  if (invoiceIds.length === 0) return new Map<string, { itemName: string; netAmount: string }[]>();
  const rows = await db
    .selectFrom('invoicing.invoice_line')
    .select(['invoice_id', 'item_name', 'net_amount'])
    .where('invoice_id', 'in', [...invoiceIds])
    .orderBy('invoice_id')
    .orderBy('position')
    .execute();
  const lines = new Map<string, { itemName: string; netAmount: string }[]>();
  for (const row of rows)
    lines.set(row.invoice_id, [
      ...(lines.get(row.invoice_id) ?? []),
      { itemName: row.item_name, netAmount: row.net_amount },
    ]);
  return lines;
}

export async function nextPaymentRunNumber(trx: Trx, year: number): Promise<string> {
  const { rows } = await sql<{ n: string }>`select nextval('invoicing.payment_run_number') as n`.execute(trx);
  return `PR-${year}-${String(rows[0]?.n ?? '0').padStart(6, '0')}`;
}

export interface NewPaymentRun {
  readonly number: string;
  readonly entityId: string;
  readonly executionDate: string;
  readonly currency: string;
  readonly total: string;
  readonly paymentCount: number;
  readonly debtor: { readonly accountHolder: string; readonly iban: string; readonly bic: string | null };
  readonly sepaFile: string;
  readonly accountingExport: string;
  readonly excluded: readonly unknown[];
  readonly createdBy: { readonly id: string; readonly name: string };
  readonly createdAt: Date;
  readonly invoices: readonly {
    readonly invoiceId: string;
    readonly supplierId: string;
    readonly amount: string;
    readonly endToEndId: string;
  }[];
}

export async function insertPaymentRun(trx: Trx, run: NewPaymentRun): Promise<string> {
  const { id } = await trx
    .insertInto('invoicing.payment_run')
    .values({
      number: run.number,
      entity_id: run.entityId,
      execution_date: run.executionDate,
      currency: run.currency,
      total: run.total,
      payment_count: run.paymentCount,
      invoice_count: run.invoices.length,
      debtor_account_holder: run.debtor.accountHolder,
      debtor_iban: run.debtor.iban,
      debtor_bic: run.debtor.bic,
      sepa_file: run.sepaFile,
      accounting_export: run.accountingExport,
      excluded: JSON.stringify(run.excluded),
      created_by: run.createdBy.id,
      created_by_name: run.createdBy.name,
      created_at: run.createdAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('invoicing.payment_run_invoice')
    .values(
      run.invoices.map((invoice) => ({
        payment_run_id: id,
        invoice_id: invoice.invoiceId,
        supplier_id: invoice.supplierId,
        amount: invoice.amount,
        end_to_end_id: invoice.endToEndId,
      })),
    )
    .execute();
  return id;
}

const runColumns = [
  'r.id',
  'r.number',
  'r.entity_id',
  'r.execution_date',
  'r.currency',
  'r.total',
  'r.payment_count',
  'r.invoice_count',
  'r.debtor_account_holder',
  'r.debtor_iban',
  'r.debtor_bic',
  'r.excluded',
  'r.status',
  'r.created_by',
  'r.created_by_name',
  'r.created_at',
  'r.confirmed_by',
  'r.confirmed_by_name',
  'r.confirmed_at',
  'r.cancelled_by',
  'r.cancelled_by_name',
  'r.cancelled_at',
  'r.cancel_reason',
] as const;

type RunRow = Omit<Selectable<InvoicingDatabase['invoicing.payment_run']>, 'sepa_file' | 'accounting_export'>;

function toRunSummary(row: RunRow) {
  return {
    id: row.id,
    number: row.number,
    entityId: row.entity_id,
    executionDate: row.execution_date,
    status: row.status,
    currency: row.currency,
    total: row.total,
    paymentCount: row.payment_count,
    invoiceCount: row.invoice_count,
    debtorAccount: { accountHolder: row.debtor_account_holder, iban: row.debtor_iban, bic: row.debtor_bic },
    createdBy: { userId: row.created_by, displayName: row.created_by_name },
    createdAt: row.created_at.toISOString(),
    confirmedBy:
      row.confirmed_by && row.confirmed_by_name
        ? { userId: row.confirmed_by, displayName: row.confirmed_by_name }
        : null,
    confirmedAt: row.confirmed_at?.toISOString() ?? null,
    cancelledBy:
      row.cancelled_by && row.cancelled_by_name
        ? { userId: row.cancelled_by, displayName: row.cancelled_by_name }
        : null,
    cancelledAt: row.cancelled_at?.toISOString() ?? null,
    cancelReason: row.cancel_reason,
  };
}
export type PaymentRunSummary = ReturnType<typeof toRunSummary>;

export async function listPaymentRuns(
  db: Db,
  query: { entityId: string; status?: PaymentRunStatus | undefined; limit: number },
): Promise<PaymentRunSummary[]> {
  let select = db
    .selectFrom('invoicing.payment_run as r')
    .select(runColumns)
    .where('r.entity_id', '=', query.entityId);
  if (query.status) select = select.where('r.status', '=', query.status);
  const rows = await select
    .orderBy('r.created_at', 'desc')
    .orderBy('r.number', 'desc')
    .limit(query.limit)
    .execute();
  return rows.map(toRunSummary);
}

/** A run with the documents it settles and what it left out, or undefined. */
export async function findPaymentRun(db: Db, id: string) {
  const row = await db
    .selectFrom('invoicing.payment_run as r')
    .select(runColumns)
    .where('r.id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  const invoices = await db
    .selectFrom('invoicing.payment_run_invoice as p')
    .innerJoin('invoicing.invoice as i', 'i.id', 'p.invoice_id')
    .select([
      'p.invoice_id',
      'i.number',
      'i.kind',
      'p.supplier_id',
      'i.seller_name',
      'i.due_date',
      'p.amount',
      'p.end_to_end_id',
      'i.status',
      'i.paid_on',
    ])
    .where('p.payment_run_id', '=', id)
    .orderBy('p.end_to_end_id')
    .orderBy('i.kind', 'desc')
    .orderBy('i.due_date')
    .orderBy('i.number')
    .execute();
  return {
    ...toRunSummary(row),
    excluded: row.excluded,
    invoices: invoices.map((i) => ({
      invoiceId: i.invoice_id,
      number: i.number,
      kind: i.kind,
      supplierId: i.supplier_id,
      supplierName: i.seller_name,
      dueDate: i.due_date,
      amount: i.amount,
      endToEndId: i.end_to_end_id,
      invoiceStatus: i.status,
      paidOn: i.paid_on,
    })),
  };
}
export type PaymentRunDetail = NonNullable<Awaited<ReturnType<typeof findPaymentRun>>>;

/** One of the files a run wrote, as written, with what names and guards it. */
export async function findPaymentRunFile(db: Db, id: string, file: 'sepa_file' | 'accounting_export') {
  return db
    .selectFrom('invoicing.payment_run')
    .select((eb) => ['number', 'entity_id', eb.ref(file).as('content')])
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function lockPaymentRun(trx: Trx, id: string) {
  return trx
    .selectFrom('invoicing.payment_run')
    .select(['id', 'number', 'entity_id', 'status', 'execution_date'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

/** The run's invoices, locked, with what the invoicing.invoice.paid event tells purchasing. */
export async function lockRunInvoices(trx: Trx, runId: string) {
  return trx
    .selectFrom('invoicing.payment_run_invoice as p')
    .innerJoin('invoicing.invoice as i', 'i.id', 'p.invoice_id')
    .select([
      'i.id',
      'i.kind',
      'i.number',
      'i.issue_date',
      'i.supplier_id',
      'i.entity_id',
      'i.currency',
      'i.tax_exclusive_total',
      'i.payable_amount',
      'i.status',
    ])
    .where('p.payment_run_id', '=', runId)
    .where('p.released', '=', false)
    .orderBy('i.id')
    .forUpdate('i')
    .execute();
}

export async function markInvoicesPaid(trx: Trx, invoiceIds: readonly string[], paidOn: string) {
  if (invoiceIds.length === 0) return;
  await trx
    .updateTable('invoicing.invoice')
    .set((eb) => ({ status: 'paid', paid_on: paidOn, version: eb('version', '+', 1) }))
    .where('id', 'in', [...invoiceIds])
    .execute();
}

export async function confirmRun(trx: Trx, id: string, by: { id: string; name: string }, at: Date) {
  await trx
    .updateTable('invoicing.payment_run')
    .set({ status: 'confirmed', confirmed_by: by.id, confirmed_by_name: by.name, confirmed_at: at })
    .where('id', '=', id)
    .execute();
}

export async function cancelRun(
  trx: Trx,
  id: string,
  by: { id: string; name: string },
  at: Date,
  reason: string,
) {
  await trx
    .updateTable('invoicing.payment_run')
    .set({
      status: 'cancelled',
      cancelled_by: by.id,
      cancelled_by_name: by.name,
      cancelled_at: at,
      cancel_reason: reason,
    })
    .where('id', '=', id)
    .execute();
  await trx
    .updateTable('invoicing.payment_run_invoice')
    .set({ released: true })
    .where('payment_run_id', '=', id)
    .execute();
}
