// Receiving a supplier invoice: read the file (outside any transaction: parsing a PDF takes time),
// then in one transaction keep the file whatever it holds, and when it is a valid invoice identify
// the supplier and the order lines, refuse a duplicate, flag a possible one, and match each line.
import { createHash } from 'node:crypto';
import type { InvoicingDatabase } from '@procura/db';
import {
  DomainError,
  type InvoiceLevelReason,
  type InvoicePartyKeys,
  type InvoiceRuleViolation,
  type InvoiceValidation,
  identifyOrderLine,
  identifySupplier,
  invoiceDueDate,
  invoicePartyKeys,
  isDomainError,
  type OrderLineCandidate,
  type OrderLineIdentification,
  orderReferenceOf,
  summarizeInvoiceMatch,
  type ValidInvoice,
} from '@procura/domain';
import {
  type EInvoiceLimits,
  type ParsedEInvoice,
  parseEInvoice,
  validateParsedEInvoice,
} from '@procura/einvoice';
import type { Transaction } from 'kysely';
import {
  findInvoiceIdByNumber,
  findPossibleDuplicates,
  insertFileViolations,
  insertInvoice,
  insertInvoiceFile,
  insertInvoiceLines,
  lockFileAwaitingKeying,
  lockSeller,
  markFileDuplicate,
  markFileKeyed,
  type Receiver,
  recordInvoiceMatch,
} from '../repositories/invoice.repository.js';
import {
  invoicedOnOrderLines,
  lockSupplierOrderLines,
  type OrderLineRow,
} from '../repositories/order-projection.repository.js';
import { type KnownSupplier, suppliersSharingKeys } from '../repositories/supplier.repository.js';
import { liveToleranceRules, lockEntityTolerances } from '../repositories/tolerance-rule.repository.js';
import { approveMatchedInvoice } from './invoice-lifecycle.service.js';
import { checkTotalsOf, matchInvoiceLines } from './invoice-matching.js';

type Trx = Transaction<InvoicingDatabase>;

/** What a file turned out to hold once read. */
export type InvoiceFileReading =
  | { readonly kind: 'invoice'; readonly parsed: ParsedEInvoice; readonly validation: InvoiceValidation }
  | { readonly kind: 'pdf_without_xml'; readonly attachmentNames: readonly string[] }
  /** Not an e-invoice Procura can read: the error (einvoice_…) says why. */
  | { readonly kind: 'unreadable'; readonly error: DomainError };

/** Reads and validates a file; a file that cannot be read is an answer, not an exception. */
export async function readInvoiceFile(
  bytes: Uint8Array,
  contentType: string | undefined,
  limits: EInvoiceLimits,
): Promise<InvoiceFileReading> {
  try {
    const result = await parseEInvoice(bytes, { ...(contentType ? { contentType } : {}), limits });
    if (result.outcome === 'pdf_without_xml')
      return { kind: 'pdf_without_xml', attachmentNames: result.attachmentNames };
    return { kind: 'invoice', parsed: result, validation: validateParsedEInvoice(result) };
  } catch (error) {
    // Every refusal of the parsers is a DomainError (einvoice_…): the file is kept and the answer names it.
    if (isDomainError(error)) return { kind: 'unreadable', error };
    throw error;
  }
}

export const sha256Of = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

export interface InvoiceUpload {
  readonly bytes: Buffer;
  readonly contentType: string | undefined;
  readonly fileName: string | null;
  /** A PDF awaiting keying that this (keyed-in) invoice is the content of. */
  readonly keyedFromFileId: string | null;
  readonly receivedBy: Receiver;
  readonly receivedAt: Date;
}

export type IntakeOutcome =
  | { readonly outcome: 'accepted'; readonly fileId: string; readonly invoiceId: string }
  | {
      readonly outcome: 'awaiting_keying';
      readonly fileId: string;
      readonly attachmentNames: readonly string[];
    }
  | { readonly outcome: 'unreadable'; readonly fileId: string; readonly error: DomainError }
  | {
      readonly outcome: 'rejected';
      readonly fileId: string;
      readonly violations: readonly InvoiceRuleViolation[];
      readonly error: DomainError;
    }
  | {
      readonly outcome: 'duplicate';
      readonly fileId: string;
      readonly invoiceId: string;
      readonly error: DomainError;
    };

/**
 * Keeps the upload and what it holds: every file is stored with its status; only a valid invoice,
 * not already received, becomes an invoice, identified and matched. Runs in the caller's transaction.
 */
export async function receiveInvoiceFile(
  trx: Trx,
  upload: InvoiceUpload,
  reading: InvoiceFileReading,
): Promise<IntakeOutcome> {
  const file = {
    content: upload.bytes,
    contentType: upload.contentType ?? null,
    fileName: upload.fileName,
    sha256: sha256Of(upload.bytes),
    receivedBy: upload.receivedBy,
    receivedAt: upload.receivedAt,
  };
  if (reading.kind === 'unreadable') {
    const { error } = reading;
    const fileId = await insertInvoiceFile(trx, {
      ...file,
      status: 'unreadable',
      problem: { code: error.code, message: error.message },
    });
    return { outcome: 'unreadable', fileId, error };
  }
  if (reading.kind === 'pdf_without_xml') {
    const fileId = await insertInvoiceFile(trx, { ...file, status: 'awaiting_keying', container: 'pdf' });
    return { outcome: 'awaiting_keying', fileId, attachmentNames: reading.attachmentNames };
  }

  const { parsed, validation } = reading;
  const read = {
    syntax: parsed.syntax,
    container: parsed.container,
    attachmentName: parsed.attachmentName ?? null,
    documentNumber: parsed.invoice.number?.trim() || null,
  };
  if (!validation.valid) {
    const fatal = validation.violations.filter((v) => v.severity === 'fatal');
    const error = new DomainError(
      'einvoice_rules_violated',
      `The invoice breaks ${fatal.length === 1 ? 'an EN 16931 rule' : `${fatal.length} EN 16931 rules`} and cannot be processed: ${[...new Set(fatal.map((v) => v.ruleId))].join(', ')}.`,
      fatal.map((v) => ({ field: v.field ?? v.ruleId, reason: `${v.ruleId}: ${v.message}` })),
    );
    const fileId = await insertInvoiceFile(trx, {
      ...file,
      ...read,
      status: 'rejected',
      problem: { code: error.code, message: error.message },
    });
    await insertFileViolations(trx, fileId, validation.violations);
    return { outcome: 'rejected', fileId, violations: validation.violations, error };
  }

  if (upload.keyedFromFileId) await lockFileAwaitingKeying(trx, upload.keyedFromFileId);
  const fileId = await insertInvoiceFile(trx, { ...file, ...read, status: 'accepted' });
  await insertFileViolations(trx, fileId, validation.violations);
  return recordInvoice(trx, { upload, parsed, invoice: validation.invoice, fileId });
}

/** The duplicate key's owner: the supplier when known, else the seller's most specific identifier. */
function sellerKeyOf(supplier: KnownSupplier | null, keys: InvoicePartyKeys, sellerName: string): string {
  if (supplier) return `supplier:${supplier.supplierId}`;
  if (keys.siret) return `siret:${keys.siret}`;
  if (keys.vatNumber) return `vat:${keys.vatNumber}`;
  if (keys.siren) return `siren:${keys.siren}`;
  if (keys.electronicAddress)
    return `address:${keys.electronicAddress.scheme ?? ''}:${keys.electronicAddress.value.trim()}`;
  return `name:${sellerName.trim().toLowerCase()}`;
}

const addressOf = (address: { value: string; scheme?: string } | undefined) =>
  address ? `${address.scheme ? `${address.scheme}:` : ''}${address.value}` : null;

/** The account to pay into: the first credit transfer of the payment means, compact. */
function creditTransferOf(invoice: ValidInvoice) {
  const means =
    invoice.paymentMeans.find((m) => m.creditTransfers.some((t) => t.accountId)) ?? invoice.paymentMeans[0];
  const transfer = means?.creditTransfers.find((t) => t.accountId);
  return {
    payment_means_code: means?.typeCode ?? null,
    iban: transfer?.accountId ? transfer.accountId.replace(/\s/g, '').toUpperCase() : null,
    bic: transfer?.bic ? transfer.bic.replace(/\s/g, '').toUpperCase() : null,
  };
}

async function recordInvoice(
  trx: Trx,
  input: { upload: InvoiceUpload; parsed: ParsedEInvoice; invoice: ValidInvoice; fileId: string },
): Promise<IntakeOutcome> {
  const { upload, invoice, fileId } = input;
  const now = upload.receivedAt;

  // Who sent it: the seller's keys against the suppliers catalog announced; unknown is an exception.
  const sellerKeys = invoicePartyKeys(invoice.seller);
  const buyerKeys = invoicePartyKeys(invoice.buyer);
  const candidates = await suppliersSharingKeys(trx, sellerKeys);
  const identification = identifySupplier(sellerKeys, candidates);
  const supplier =
    identification.outcome === 'identified'
      ? (candidates.find((c) => c.supplierId === identification.supplierId) ?? null)
      : null;
  const sellerKey = sellerKeyOf(supplier, sellerKeys, invoice.seller.name);
  const number = invoice.number.trim();

  // One intake at a time per seller: of two invoices of the same amount and day arriving together,
  // the second sees the first (the number itself is guarded by the unique index in any case).
  await lockSeller(trx, sellerKey);
  const possibleDuplicates = await findPossibleDuplicates(trx, {
    sellerKey,
    kind: invoice.kind,
    number,
    issueDate: invoice.issueDate,
    currency: invoice.currency,
    payableAmount: invoice.totals.payableAmount,
  });
  const intakeReasons: InvoiceLevelReason[] = [
    ...(supplier ? [] : (['unknown_supplier'] as const)),
    ...(possibleDuplicates.length > 0 ? (['possible_duplicate'] as const) : []),
  ];
  const due = invoiceDueDate({
    issueDate: invoice.issueDate,
    terms:
      supplier?.paymentTermsDays != null ? { basis: 'invoice_date', days: supplier.paymentTermsDays } : null,
    statedDueDate: invoice.dueDate ?? null,
    // The French cap applies unless the invoice says the buyer is elsewhere.
    buyerCountry: invoice.buyer.postalAddress?.countryCode ?? 'FR',
  });
  const totalsCheck = checkTotalsOf(invoice);
  const { totals } = invoice;

  const invoiceId = await insertInvoice(
    trx,
    {
      file_id: fileId,
      keyed_from_file_id: upload.keyedFromFileId,
      kind: invoice.kind,
      type_code: invoice.typeCode,
      number,
      issue_date: invoice.issueDate,
      currency: invoice.currency,
      specification_id: invoice.specificationId,
      supplier_id: supplier?.supplierId ?? null,
      seller_key: sellerKey,
      seller_name: invoice.seller.name,
      seller_vat_number: sellerKeys.vatNumber ?? null,
      seller_siren: sellerKeys.siren ?? null,
      seller_siret: sellerKeys.siret ?? null,
      seller_electronic_address: addressOf(invoice.seller.electronicAddress),
      buyer_name: invoice.buyer.name,
      buyer_vat_number: buyerKeys.vatNumber ?? null,
      buyer_siren: buyerKeys.siren ?? null,
      buyer_siret: buyerKeys.siret ?? null,
      buyer_electronic_address: addressOf(invoice.buyer.electronicAddress),
      buyer_reference: invoice.buyerReference ?? null,
      purchase_order_reference: invoice.purchaseOrderReference?.trim() || null,
      line_net_total: totals.lineNetTotal,
      allowance_total: totals.allowanceTotal ?? null,
      charge_total: totals.chargeTotal ?? null,
      tax_exclusive_total: totals.taxExclusiveTotal,
      vat_total: totals.vatTotal ?? null,
      tax_inclusive_total: totals.taxInclusiveTotal,
      prepaid_amount: totals.prepaidAmount ?? null,
      payable_amount: totals.payableAmount,
      payment_terms: invoice.paymentTerms ?? null,
      stated_due_date: invoice.dueDate ?? null,
      due_date: due.dueDate,
      due_date_source: due.source,
      due_date_capped: due.cappedByLaw,
      ...creditTransferOf(invoice),
      intake_reasons: intakeReasons,
      possible_duplicate_of: possibleDuplicates,
      totals_consistent: totalsCheck.consistent,
      totals_differences: JSON.stringify(totalsCheck.differences),
      canonical: JSON.stringify(input.parsed.invoice),
      received_at: now,
      received_by: upload.receivedBy.id,
      received_by_name: upload.receivedBy.name,
    },
    now,
  );

  if (invoiceId === undefined) {
    const key = { sellerKey, kind: invoice.kind, number, issueDate: invoice.issueDate };
    const existing = await findInvoiceIdByNumber(trx, key);
    if (existing === undefined) throw new Error(`duplicate of ${number} not found after its conflict`);
    const document = invoice.kind === 'credit_note' ? 'credit note' : 'invoice';
    const error = new DomainError(
      'invoice_duplicate',
      `${invoice.seller.name} already sent ${document} ${number} in ${invoice.issueDate.slice(0, 4)}: it is invoice ${existing}. The file is kept, the ${document} is not taken twice.`,
      { invoiceId: existing },
    );
    await markFileDuplicate(trx, fileId, existing, { code: error.code, message: error.message });
    return { outcome: 'duplicate', fileId, invoiceId: existing, error };
  }

  if (upload.keyedFromFileId) await markFileKeyed(trx, upload.keyedFromFileId);

  // Which order line each line is for: only the identified supplier's orders are looked at.
  const references = [
    ...new Set(invoice.lines.flatMap((line) => orderReferenceOf(line, invoice.purchaseOrderReference) ?? [])),
  ];
  const orderLines = supplier ? await lockSupplierOrderLines(trx, supplier.supplierId, references) : [];
  const byId = new Map(orderLines.map((row) => [row.purchase_order_line_id, row]));
  const orderCandidates: OrderLineCandidate[] = orderLines.map((row) => ({
    purchaseOrderLineId: row.purchase_order_line_id,
    purchaseOrderId: row.purchase_order_id,
    purchaseOrderNumber: row.purchase_order_number,
    lineNo: row.line_no,
    reference: row.reference,
    cancelled: row.cancelled,
  }));
  const identified = invoice.lines.map(
    (
      line,
    ): {
      lookup: OrderLineIdentification['lookup'] | 'supplier_unknown';
      orderReference: string | null;
      orderLine: OrderLineRow | null;
    } => {
      if (!supplier)
        return {
          lookup: 'supplier_unknown',
          orderReference: orderReferenceOf(line, invoice.purchaseOrderReference),
          orderLine: null,
        };
      const found = identifyOrderLine(line, invoice.purchaseOrderReference, orderCandidates);
      return {
        lookup: found.lookup,
        orderReference: found.orderReference,
        orderLine: found.orderLine ? (byId.get(found.orderLine.purchaseOrderLineId) ?? null) : null,
      };
    },
  );

  const matchedOrderLineIds = [
    ...new Set(identified.flatMap((i) => (i.orderLine ? [i.orderLine.purchase_order_line_id] : []))),
  ];
  const invoicedElsewhere = await invoicedOnOrderLines(trx, matchedOrderLineIds, invoiceId);
  const entities = new Set(
    orderLines
      .filter((row) => matchedOrderLineIds.includes(row.purchase_order_line_id))
      .map((row) => row.entity_id),
  );
  // The tolerances of the orders' entities, held unchanged until this invoice is recorded.
  for (const entity of [...entities].sort()) await lockEntityTolerances(trx, entity, 'read');
  const toleranceRules = await liveToleranceRules(trx, [...entities]);
  const results = matchInvoiceLines(
    invoice,
    supplier?.supplierId ?? null,
    invoice.lines.map((line, index) => ({ line, orderLine: identified[index]?.orderLine ?? null })),
    invoicedElsewhere,
    toleranceRules,
  );
  const summary = summarizeInvoiceMatch(results, totalsCheck, intakeReasons);

  await insertInvoiceLines(
    trx,
    invoice.lines.map((line, index) => {
      const found = identified[index];
      const result = results[index];
      return {
        invoice_id: invoiceId,
        position: index + 1,
        line_id: line.id,
        order_reference: found?.orderReference ?? null,
        order_line_reference: line.orderLineId?.trim() || null,
        purchase_order_line_id: found?.orderLine?.purchase_order_line_id ?? null,
        order_lookup: found?.lookup ?? 'no_reference',
        quantity: line.quantity,
        unit_code: line.unitCode,
        net_price: line.netPrice,
        price_base_quantity: line.priceBaseQuantity ?? null,
        net_amount: line.netAmount,
        vat_category: line.vatCategory,
        vat_rate: line.vatRate ?? null,
        item_name: line.itemName,
        seller_item_id: line.sellerItemId ?? null,
        match_status: result?.status ?? 'no_order_line',
        match_mode: result?.mode ?? null,
        match_findings: JSON.stringify(result?.findings ?? []),
        match_quantities: result?.quantities ? JSON.stringify(result.quantities) : null,
      };
    }),
  );
  await recordInvoiceMatch(trx, invoiceId, {
    entityId: entities.size === 1 ? ([...entities][0] ?? null) : null,
    status: summary.status,
    reasons: summary.reasons,
    owner: summary.owner,
    matchedAt: now,
  });
  // Every line matched: approved there and then, by Procura itself (invoicing.invoice.approved).
  if (summary.status === 'matched') await approveMatchedInvoice(trx, invoiceId, now);
  return { outcome: 'accepted', fileId, invoiceId };
}
