// Received files, invoices and their lines: what intake writes, and the views the API answers with.
import type {
  InvoiceFileStatus,
  InvoicingDatabase,
  InvoicingInvoiceLineTable,
  InvoicingInvoiceStatus,
  InvoicingInvoiceTable,
} from '@procura/db';
import {
  DomainError,
  type InvoiceRuleViolation,
  type InvoiceStatus,
  reformInvoiceStatuses,
} from '@procura/domain';
import { type Insertable, type Kysely, type Selectable, sql, type Transaction } from 'kysely';

type Db = Kysely<InvoicingDatabase> | Transaction<InvoicingDatabase>;
type Trx = Transaction<InvoicingDatabase>;

export interface Receiver {
  readonly id: string;
  readonly name: string;
  readonly kind: 'user' | 'integration';
}

export interface NewInvoiceFile {
  readonly content: Buffer;
  readonly contentType: string | null;
  readonly fileName: string | null;
  readonly sha256: string;
  readonly receivedBy: Receiver;
  readonly receivedAt: Date;
  readonly status: InvoiceFileStatus;
  readonly syntax?: 'ubl' | 'cii' | 'json' | null;
  readonly container?: 'xml' | 'pdf' | 'json' | null;
  readonly attachmentName?: string | null;
  readonly documentNumber?: string | null;
  readonly problem?: { readonly code: string; readonly message: string } | null;
}

export async function insertInvoiceFile(trx: Trx, file: NewInvoiceFile): Promise<string> {
  const { id } = await trx
    .insertInto('invoicing.invoice_file')
    .values({
      content: file.content,
      content_type: file.contentType,
      file_name: file.fileName,
      byte_size: file.content.byteLength,
      sha256: file.sha256,
      received_by: file.receivedBy.id,
      received_by_name: file.receivedBy.name,
      received_by_kind: file.receivedBy.kind,
      received_at: file.receivedAt,
      status: file.status,
      syntax: file.syntax ?? null,
      container: file.container ?? null,
      attachment_name: file.attachmentName ?? null,
      document_number: file.documentNumber ?? null,
      problem_code: file.problem?.code ?? null,
      problem_message: file.problem?.message ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function insertFileViolations(
  trx: Trx,
  fileId: string,
  violations: readonly InvoiceRuleViolation[],
): Promise<void> {
  if (violations.length === 0) return;
  await trx
    .insertInto('invoicing.invoice_file_violation')
    .values(
      violations.map((v, index) => ({
        file_id: fileId,
        position: index + 1,
        rule_id: v.ruleId,
        severity: v.severity,
        message: v.message,
        field: v.field ?? null,
      })),
    )
    .execute();
}

export async function markFileDuplicate(
  trx: Trx,
  fileId: string,
  duplicateOf: string,
  problem: { code: string; message: string },
): Promise<void> {
  await trx
    .updateTable('invoicing.invoice_file')
    .set({
      status: 'duplicate',
      duplicate_of: duplicateOf,
      problem_code: problem.code,
      problem_message: problem.message,
    })
    .where('id', '=', fileId)
    .execute();
}

/**
 * Locks the PDF an invoice is keyed in from, which must be awaiting keying: of two people keying one
 * PDF at once, the second waits, then is refused.
 */
export async function lockFileAwaitingKeying(trx: Trx, fileId: string): Promise<void> {
  const file = await trx
    .selectFrom('invoicing.invoice_file')
    .select('status')
    .where('id', '=', fileId)
    .forUpdate()
    .executeTakeFirst();
  if (!file) throw new DomainError('not_found', `Invoice file ${fileId} does not exist.`);
  if (file.status !== 'awaiting_keying')
    throw new DomainError(
      'invoice_file_not_awaiting_keying',
      `Invoice file ${fileId} is ${file.status.replace('_', ' ')}, not awaiting keying.`,
      [{ field: 'query.keyedFrom', reason: `is ${file.status.replace('_', ' ')}, not awaiting keying` }],
    );
}

/** Takes a PDF off the keying queue once its invoice is recorded. */
export async function markFileKeyed(trx: Trx, fileId: string): Promise<void> {
  await trx.updateTable('invoicing.invoice_file').set({ status: 'keyed' }).where('id', '=', fileId).execute();
}

/** Serialises the intakes of one seller until the transaction ends. */
export async function lockSeller(trx: Trx, sellerKey: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`procura.invoice-intake:${sellerKey}`}, 0))`.execute(
    trx,
  );
}

export type NewInvoice = Omit<
  Insertable<InvoicingInvoiceTable>,
  'id' | 'status' | 'fiscal_year' | 'match_status' | 'match_reasons' | 'exception_owner' | 'matched_at'
>;

/**
 * Records the invoice unless the supplier already sent one of that kind and number in the same
 * fiscal year (the unique index decides, also between two uploads at the same moment: the second
 * waits for the first and finds it). Its id, or undefined for a duplicate. Provisionally an
 * exception until its lines are matched.
 */
export async function insertInvoice(trx: Trx, invoice: NewInvoice, now: Date): Promise<string | undefined> {
  const inserted = await trx
    .insertInto('invoicing.invoice')
    .values({ ...invoice, match_status: 'exception', exception_owner: 'accounts_payable', matched_at: now })
    .onConflict((oc) =>
      oc
        .columns(['seller_key', 'kind', 'number', 'fiscal_year'])
        .where('status', '<>', 'rejected')
        .doNothing(),
    )
    .returning('id')
    .executeTakeFirst();
  return inserted?.id;
}

export async function findInvoiceIdByNumber(
  trx: Trx,
  key: { sellerKey: string; kind: 'invoice' | 'credit_note'; number: string; issueDate: string },
): Promise<string | undefined> {
  const found = await trx
    .selectFrom('invoicing.invoice')
    .select('id')
    .where('seller_key', '=', key.sellerKey)
    .where('kind', '=', key.kind)
    .where('number', '=', key.number)
    .where('fiscal_year', '=', Number(key.issueDate.slice(0, 4)))
    .where('status', '<>', 'rejected')
    .executeTakeFirst();
  return found?.id;
}

/** Invoices of the same seller, kind, amount and day under another number: maybe the same one sent twice. */
export async function findPossibleDuplicates(
  trx: Trx,
  key: {
    sellerKey: string;
    kind: 'invoice' | 'credit_note';
    number: string;
    issueDate: string;
    currency: string;
    payableAmount: string;
  },
): Promise<string[]> {
  const rows = await trx
    .selectFrom('invoicing.invoice')
    .select('id')
    .where('seller_key', '=', key.sellerKey)
    .where('issue_date', '=', key.issueDate)
    .where('payable_amount', '=', key.payableAmount)
    .where('currency', '=', key.currency)
    .where('kind', '=', key.kind)
    .where('number', '<>', key.number)
    .where('status', '<>', 'rejected')
    .orderBy('received_at')
    .execute();
  return rows.map((r) => r.id);
}

export async function insertInvoiceLines(
  trx: Trx,
  lines: readonly Insertable<InvoicingInvoiceLineTable>[],
): Promise<void> {
  if (lines.length > 0)
    await trx
      .insertInto('invoicing.invoice_line')
      .values([...lines])
      .execute();
}

export async function recordInvoiceMatch(
  trx: Trx,
  invoiceId: string,
  match: {
    entityId: string | null;
    status: 'matched' | 'exception';
    reasons: readonly string[];
    owner: 'buyer' | 'requester' | 'accounts_payable' | null;
    matchedAt: Date;
  },
): Promise<void> {
  await trx
    .updateTable('invoicing.invoice')
    .set({
      entity_id: match.entityId,
      match_status: match.status,
      match_reasons: [...match.reasons],
      exception_owner: match.owner,
      matched_at: match.matchedAt,
    })
    .where('id', '=', invoiceId)
    .execute();
}

// Views

const amountOf = (value: string | null, currency: string) =>
  value === null ? null : { amount: value, currency };

export interface InvoiceSummary {
  id: string;
  fileId: string;
  kind: 'invoice' | 'credit_note';
  number: string;
  issueDate: string;
  supplier: { id: string; name: string } | null;
  sellerName: string;
  payable: { amount: string; currency: string };
  dueDate: string;
  status: InvoicingInvoiceStatus;
  /** Sent back with an action on the invoice: someone else acting first moves it on. */
  version: number;
  /** The status of the French e-invoicing reform it is reported as. */
  reformStatus: { code: string; label: string };
  match: { status: 'matched' | 'exception'; reasons: string[]; owner: string | null };
  receivedAt: string;
}

type InvoiceRow = Selectable<InvoicingInvoiceTable> & { supplier_name: string | null };

function summaryOf(row: InvoiceRow): InvoiceSummary {
  return {
    id: row.id,
    fileId: row.file_id,
    kind: row.kind,
    number: row.number,
    issueDate: row.issue_date,
    supplier: row.supplier_id ? { id: row.supplier_id, name: row.supplier_name ?? row.seller_name } : null,
    sellerName: row.seller_name,
    payable: { amount: row.payable_amount, currency: row.currency },
    dueDate: row.due_date,
    status: row.status,
    version: row.version,
    reformStatus: reformInvoiceStatuses[row.status as InvoiceStatus],
    match: { status: row.match_status, reasons: row.match_reasons, owner: row.exception_owner },
    receivedAt: row.received_at.toISOString(),
  };
}

const invoices = (db: Db) =>
  db
    .selectFrom('invoicing.invoice as i')
    .leftJoin('invoicing.supplier as s', 's.supplier_id', 'i.supplier_id')
    .selectAll('i')
    .select('s.name as supplier_name');

export async function listInvoices(
  db: Db,
  query: { status?: InvoicingInvoiceStatus | undefined; supplierId?: string | undefined; limit: number },
): Promise<InvoiceSummary[]> {
  let select = invoices(db);
  if (query.status) select = select.where('i.status', '=', query.status);
  if (query.supplierId) select = select.where('i.supplier_id', '=', query.supplierId);
  const rows = await select.orderBy('i.received_at', 'desc').orderBy('i.id').limit(query.limit).execute();
  return rows.map(summaryOf);
}

const party = (
  name: string,
  vat: string | null,
  siren: string | null,
  siret: string | null,
  address: string | null,
) => ({
  name,
  vatNumber: vat,
  siren,
  siret,
  electronicAddress: address,
});

export async function findInvoice(db: Db, id: string) {
  const row = await invoices(db).where('i.id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const [lines, violations] = await Promise.all([
    db
      .selectFrom('invoicing.invoice_line')
      .selectAll()
      .where('invoice_id', '=', id)
      .orderBy('position')
      .execute(),
    fileViolations(db, row.file_id),
  ]);
  const money = (value: string | null) => amountOf(value, row.currency);
  return {
    ...summaryOf(row),
    keyedFromFileId: row.keyed_from_file_id,
    typeCode: row.type_code,
    currency: row.currency,
    specificationId: row.specification_id,
    seller: party(
      row.seller_name,
      row.seller_vat_number,
      row.seller_siren,
      row.seller_siret,
      row.seller_electronic_address,
    ),
    buyer: party(
      row.buyer_name,
      row.buyer_vat_number,
      row.buyer_siren,
      row.buyer_siret,
      row.buyer_electronic_address,
    ),
    buyerReference: row.buyer_reference,
    purchaseOrderReference: row.purchase_order_reference,
    entityId: row.entity_id,
    totals: {
      lineNet: money(row.line_net_total),
      allowances: money(row.allowance_total),
      charges: money(row.charge_total),
      taxExclusive: money(row.tax_exclusive_total),
      vat: money(row.vat_total),
      taxInclusive: money(row.tax_inclusive_total),
      prepaid: money(row.prepaid_amount),
      payable: money(row.payable_amount),
    },
    totalsCheck: { consistent: row.totals_consistent, differences: row.totals_differences },
    paymentTerms: row.payment_terms,
    due: {
      date: row.due_date,
      source: row.due_date_source,
      statedOnInvoice: row.stated_due_date,
      cappedByLaw: row.due_date_capped,
    },
    payment: { meansCode: row.payment_means_code, iban: row.iban, bic: row.bic },
    intakeReasons: row.intake_reasons,
    possibleDuplicateOf: row.possible_duplicate_of,
    match: {
      status: row.match_status,
      reasons: row.match_reasons,
      owner: row.exception_owner,
      matchedAt: row.matched_at.toISOString(),
    },
    lines: lines.map((l) => ({
      position: l.position,
      lineId: l.line_id,
      itemName: l.item_name,
      sellerItemId: l.seller_item_id,
      quantity: l.quantity,
      unitCode: l.unit_code,
      netPrice: l.net_price,
      priceBaseQuantity: l.price_base_quantity,
      netAmount: money(l.net_amount),
      vat: { category: l.vat_category, rate: l.vat_rate },
      order: {
        reference: l.order_reference,
        lineReference: l.order_line_reference,
        purchaseOrderLineId: l.purchase_order_line_id,
        lookup: l.order_lookup,
      },
      match: {
        status: l.match_status,
        mode: l.match_mode,
        findings: l.match_findings,
        quantities: l.match_quantities,
      },
    })),
    violations,
    receivedBy: { id: row.received_by, name: row.received_by_name },
  };
}

export type InvoiceDetail = NonNullable<Awaited<ReturnType<typeof findInvoice>>>;

async function fileViolations(db: Db, fileId: string) {
  const rows = await db
    .selectFrom('invoicing.invoice_file_violation')
    .select(['rule_id', 'severity', 'message', 'field'])
    .where('file_id', '=', fileId)
    .orderBy('position')
    .execute();
  return rows.map((v) => ({ ruleId: v.rule_id, severity: v.severity, message: v.message, field: v.field }));
}

export async function listInvoiceFiles(
  db: Db,
  query: { status?: InvoiceFileStatus | undefined; limit: number },
) {
  let select = db
    .selectFrom('invoicing.invoice_file as f')
    // The invoice made of the file: read from it, or keyed in from it.
    .leftJoin('invoicing.invoice as i', (join) =>
      join.on((eb) =>
        eb.or([eb('i.file_id', '=', eb.ref('f.id')), eb('i.keyed_from_file_id', '=', eb.ref('f.id'))]),
      ),
    )
    .select([
      'f.id',
      'f.file_name',
      'f.content_type',
      'f.byte_size',
      'f.sha256',
      'f.status',
      'f.syntax',
      'f.container',
      'f.document_number',
      'f.problem_code',
      'f.problem_message',
      'f.duplicate_of',
      'f.received_at',
      'f.received_by',
      'f.received_by_name',
      'i.id as invoice_id',
    ]);
  if (query.status) select = select.where('f.status', '=', query.status);
  const rows = await select.orderBy('f.received_at', 'desc').orderBy('f.id').limit(query.limit).execute();
  return rows.map((f) => ({
    id: f.id,
    fileName: f.file_name,
    contentType: f.content_type,
    byteSize: f.byte_size,
    sha256: f.sha256,
    status: f.status,
    syntax: f.syntax,
    container: f.container,
    documentNumber: f.document_number,
    problem: f.problem_code ? { code: f.problem_code, message: f.problem_message } : null,
    invoiceId: f.invoice_id,
    duplicateOf: f.duplicate_of,
    receivedAt: f.received_at.toISOString(),
    receivedBy: { id: f.received_by, name: f.received_by_name },
  }));
}

export async function findInvoiceFileContent(db: Db, id: string) {
  return db
    .selectFrom('invoicing.invoice_file')
    .select(['content', 'content_type', 'file_name', 'sha256'])
    .where('id', '=', id)
    .executeTakeFirst();
}
