// What an order's PDF is made of, from purchasing's own data: the entity's letterhead and sites, the
// supplier's approved ordering details, the lines, and the terms versions in force at issue. Each
// issued revision stores its input and the exact versions it carries, so rendering it again later
// (after new terms are published) gives the same bytes.
import type { PurchasingDatabase } from '@procura/db';
import {
  type AnnexRule,
  annexSubjectOf,
  buildPurchaseOrderDocument,
  DomainError,
  generalPurchasingTermsCode,
  money,
  type PurchaseOrderInput,
  type PurchaseOrderLineFlag,
  type PurchaseOrderTerms,
  parseCurrency,
  selectAnnexes,
  type TermsVersion,
  termsInForce,
} from '@procura/domain';
import { pdfSha256, renderPurchaseOrderPdf } from '@procura/pdf';
import type { Kysely, Transaction } from 'kysely';
import { activeAnnexRules, termsVersionsOf } from '../repositories/terms.repository.js';

type Db = Kysely<PurchasingDatabase> | Transaction<PurchasingDatabase>;

/** The terms versions published and the active annex rules: what an order's terms are chosen from. */
export interface PublishedTerms {
  versions: TermsVersion[];
  rules: AnnexRule[];
}

/** What is published, read once for a transaction that issues several orders. */
export async function publishedTerms(db: Db): Promise<PublishedTerms> {
  const [versions, rules] = await Promise.all([termsVersionsOf(db), activeAnnexRules(db)]);
  return { versions, rules };
}

/** The exact versions recorded with a revision: the CGA first, then the annexes with their rules. */
export type RecordedTerms = { code: string; version: number; ruleIds?: string[] }[];

/**
 * The CGA in force when the order is issued and the annexes the active rules select for it, each
 * in its version in force then. Throws `terms_not_in_force` when the CGA (or a selected annex) has
 * no version in force yet.
 */
export async function termsForOrder(
  db: Db,
  input: PurchaseOrderInput,
): Promise<{ terms: PurchaseOrderTerms; recorded: RecordedTerms }> {
  return chooseTerms(await publishedTerms(db), input);
}

/** {@link termsForOrder}, from terms already read with {@link publishedTerms}. */
export function chooseTerms(
  { versions, rules }: PublishedTerms,
  input: PurchaseOrderInput,
): { terms: PurchaseOrderTerms; recorded: RecordedTerms } {
  const generalTerms = termsInForce(
    versions.filter((v) => v.code === generalPurchasingTermsCode),
    input.issuedAt,
  );
  const annexes = selectAnnexes({ rules, annexVersions: versions }, annexSubjectOf(input));
  return {
    terms: { generalTerms, annexes: annexes.map((a) => a.annex) },
    recorded: [
      { code: generalTerms.code, version: generalTerms.version },
      ...annexes.map((a) => ({ code: a.annex.code, version: a.annex.version, ruleIds: [...a.ruleIds] })),
    ],
  };
}

/** The versions a revision recorded, as published (never changed since: the table is append-only). */
async function recordedTermsVersions(db: Db, recorded: RecordedTerms): Promise<PurchaseOrderTerms> {
  const { versions } = await publishedTerms(db);
  const find = ({ code, version }: { code: string; version: number }) => {
    const found = versions.find((v) => v.code === code && v.version === version);
    if (!found) throw new Error(`terms ${code} version ${version} recorded by an order is not published`);
    return found;
  };
  const [general, ...annexes] = recorded;
  if (!general) throw new Error('an order revision recorded no terms');
  return { generalTerms: find(general), annexes: annexes.map(find) };
}

/** Renders a document and gives its bytes and hash. */
export async function renderOrder(input: PurchaseOrderInput, terms: PurchaseOrderTerms) {
  const pdf = await renderPurchaseOrderPdf(buildPurchaseOrderDocument(input, terms));
  return { pdf, sha256: pdfSha256(pdf) };
}

/** A stored revision's input, revived (instants are stored as ISO strings). */
export function storedInput(document: Record<string, unknown>): PurchaseOrderInput {
  const input = document as unknown as PurchaseOrderInput & { issuedAt: string };
  const capital = input.buyer.shareCapital as unknown as
    | { amount: string; currency: string }
    | null
    | undefined;
  return {
    ...input,
    issuedAt: new Date(input.issuedAt),
    buyer: {
      ...input.buyer,
      shareCapital: capital ? money(capital.amount, parseCurrency(capital.currency)) : null,
    },
  };
}

/**
 * The PDF of an issued revision, rendered from what it recorded at issue (its input and the exact
 * terms versions). The first rendering (usually the dispatch that sends it) records the PDF's hash;
 * every later one must give the same, so a document that would differ is never handed out as the
 * order.
 */
export async function renderIssuedRevision(
  db: Db,
  revision: {
    purchase_order_id: string;
    revision: number;
    document: Record<string, unknown>;
    terms: RecordedTerms;
    pdf_sha256: string | null;
  },
): Promise<{ pdf: Buffer; sha256: string }> {
  const { pdf, sha256 } = await renderOrder(
    storedInput(revision.document),
    await recordedTermsVersions(db, revision.terms),
  );
  let expected = revision.pdf_sha256;
  if (expected === null) {
    const recorded = await db
      .updateTable('purchasing.purchase_order_revision')
      .set({ pdf_sha256: sha256 })
      .where('purchase_order_id', '=', revision.purchase_order_id)
      .where('revision', '=', revision.revision)
      .where('pdf_sha256', 'is', null)
      .returning('pdf_sha256')
      .executeTakeFirst();
    // Someone else rendered it first: theirs is the hash to match.
    expected =
      recorded?.pdf_sha256 ??
      (
        await db
          .selectFrom('purchasing.purchase_order_revision')
          .select('pdf_sha256')
          .where('purchase_order_id', '=', revision.purchase_order_id)
          .where('revision', '=', revision.revision)
          .executeTakeFirstOrThrow()
      ).pdf_sha256;
  }
  if (sha256 !== expected)
    throw new Error(`re-rendered order differs from the one first rendered (${sha256} ≠ ${expected})`);
  return { pdf, sha256 };
}

export interface OrderParties {
  entity: Awaited<ReturnType<typeof entityOf>>;
  supplier: Awaited<ReturnType<typeof supplierPartyOf>>;
}

export async function entityOf(db: Db, entityId: string) {
  const entity = await db
    .selectFrom('purchasing.directory_entity')
    .selectAll()
    .where('entity_id', '=', entityId)
    .executeTakeFirst();
  if (!entity)
    throw new DomainError(
      'entity_unknown',
      `Entity ${entityId} is not known to purchasing yet. Try again in a moment.`,
    );
  return entity;
}

/** The supplier's approved ordering details; `supplier_not_orderable` when catalog has announced none. */
export async function supplierPartyOf(db: Db, supplierId: string, supplierName: string) {
  const party = await db
    .selectFrom('purchasing.supplier_party')
    .selectAll()
    .where('supplier_id', '=', supplierId)
    .executeTakeFirst();
  if (!party)
    throw new DomainError(
      'supplier_not_orderable',
      `${supplierName} has no approved ordering details (address, language, order e-mail): it cannot be ordered from yet.`,
      [{ field: 'supplierId', reason: `${supplierName} has no approved ordering details` }],
    );
  return party;
}

export interface OrderInputLine {
  reference: string;
  description: string;
  quantity: string;
  unitCode: string;
  unitPrice: string;
  vatCategory: string;
  vatRate: string;
  categoryCode: string;
  flags: readonly string[];
}

/** The document input of an order: who buys from whom, delivered where, on which lines. */
export function orderInput(order: {
  number: string;
  revision: number;
  issuedAt: Date;
  currency: string;
  parties: OrderParties;
  buyer: { name: string; email: string | null };
  deliverySiteId: string | null;
  deliveryDate: string;
  lines: readonly OrderInputLine[];
}): PurchaseOrderInput {
  const { entity, supplier } = order.parties;
  const site = entity.sites.find((s) => s.siteId === order.deliverySiteId) ?? entity.sites[0];
  const address = (a: { line: string; postalCode: string; city: string; country: string }) => ({
    line1: a.line,
    postalCode: a.postalCode,
    city: a.city,
    country: a.country,
  });
  const currency = parseCurrency(entity.currency);
  return {
    number: order.number,
    revision: order.revision,
    issuedAt: order.issuedAt,
    currency: order.currency,
    buyer: {
      name: entity.legal_name,
      address: address(entity.address),
      legalForm: entity.legal_form,
      shareCapital: entity.share_capital ? money(entity.share_capital, currency) : null,
      rcsCity: entity.registration_city,
      siren: entity.siren,
      siret: entity.siret,
      vatNumber: entity.vat_number,
    },
    buyerContact: { name: order.buyer.name, email: order.buyer.email ?? '' },
    supplier: {
      name: supplier.name,
      address: address(supplier.address),
      language: supplier.language,
      vatNumber: supplier.vat_number,
    },
    deliveryAddress: site
      ? { name: `${entity.legal_name} — ${site.name}`, address: address(site.address) }
      : { name: entity.legal_name, address: address(entity.address) },
    invoicingAddress: {
      name: `${entity.legal_name} — Comptabilité fournisseurs`,
      address: address(entity.address),
    },
    deliveryDate: order.deliveryDate,
    // The supplier's agreed days, within the French legal maximum for a French entity.
    paymentTerms: {
      basis: 'invoice_date',
      days:
        entity.address.country === 'FR'
          ? Math.min(supplier.payment_terms_days, 60)
          : supplier.payment_terms_days,
    },
    // French e-invoicing routes by SIREN (scheme 0002); the SIRET (0009) names the establishment.
    invoicing: {
      eInvoicingAddress: entity.siret
        ? `0009:${entity.siret}`
        : entity.siren
          ? `0002:${entity.siren}`
          : entity.code,
    },
    lines: order.lines.map((l) => ({
      reference: l.reference,
      description: l.description,
      quantity: l.quantity,
      unit: l.unitCode,
      unitPrice: l.unitPrice,
      vatCategory: l.vatCategory,
      vatRate: l.vatRate,
      category: l.categoryCode,
      flags: l.flags as PurchaseOrderLineFlag[],
    })),
  };
}
