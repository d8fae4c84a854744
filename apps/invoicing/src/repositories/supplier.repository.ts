// Invoicing's copy of the suppliers catalog announced: their identifiers (to recognise an invoice's
// seller), payment days and status. Details and status each keep the newest announcement, since
// events are not ordered across retries.
import type { InvoicingDatabase } from '@procura/db';
import {
  type InvoicePartyKeys,
  type KnownSupplierIdentifiers,
  validateSiren,
  validateSiret,
} from '@procura/domain';
import type { EventPayload } from '@procura/events';
import { type Kysely, sql, type Transaction } from 'kysely';

type Db = Kysely<InvoicingDatabase> | Transaction<InvoicingDatabase>;

/** A VAT number compact and upper case, as invoicePartyKeys gives the seller's. */
export const compactVatNumber = (value: string | null) => {
  const compact = value?.replace(/[\s.-]/g, '').toUpperCase();
  return compact ? compact : null;
};
const checked = (value: string | null, validate: typeof validateSiren | typeof validateSiret) => {
  if (!value) return null;
  const result = validate(value);
  return result.ok ? (result.value as string) : null;
};

/** The supplier's e-invoicing address as kept: compact and upper case, as seller keys compare. */
function electronicAddressColumns(
  address: EventPayload<'catalog.supplier.ordering-details'>['electronicAddress'],
) {
  const value = address ? compactVatNumber(address.value) : null;
  return address && value
    ? { electronic_address_scheme: address.scheme, electronic_address: value }
    : { electronic_address_scheme: null, electronic_address: null };
}

export async function recordSupplierDetails(
  trx: Transaction<InvoicingDatabase>,
  details: EventPayload<'catalog.supplier.ordering-details'>,
  eventId: string,
): Promise<void> {
  await trx
    .insertInto('invoicing.supplier')
    .values({
      supplier_id: details.supplierId,
      name: details.name,
      vat_number: compactVatNumber(details.vatNumber),
      siren: checked(details.siren, validateSiren),
      siret: checked(details.siret, validateSiret),
      country: details.address.country,
      payment_terms_days: details.paymentTermsDays,
      contact_email: details.contact?.email ?? null,
      order_email: details.orderEmail,
      language: details.language,
      ...electronicAddressColumns(details.electronicAddress),
      details_changed_at: details.approvedAt,
      source_event_id: eventId,
    })
    .onConflict((oc) =>
      oc
        .column('supplier_id')
        .doUpdateSet((eb) => ({
          name: eb.ref('excluded.name'),
          vat_number: eb.ref('excluded.vat_number'),
          siren: eb.ref('excluded.siren'),
          siret: eb.ref('excluded.siret'),
          country: eb.ref('excluded.country'),
          payment_terms_days: eb.ref('excluded.payment_terms_days'),
          contact_email: eb.ref('excluded.contact_email'),
          order_email: eb.ref('excluded.order_email'),
          language: eb.ref('excluded.language'),
          // An announcement from before catalog kept the address leaves the known one alone.
          ...(details.electronicAddress === undefined
            ? {}
            : {
                electronic_address_scheme: eb.ref('excluded.electronic_address_scheme'),
                electronic_address: eb.ref('excluded.electronic_address'),
              }),
          details_changed_at: eb.ref('excluded.details_changed_at'),
          source_event_id: eb.ref('excluded.source_event_id'),
        }))
        .where(
          sql<boolean>`coalesce(invoicing.supplier.details_changed_at, '-infinity') <= excluded.details_changed_at`,
        ),
    )
    .execute();
}

export async function recordSupplierStatus(
  trx: Transaction<InvoicingDatabase>,
  change: {
    supplierId: string;
    supplierName: string;
    status: 'active' | 'blocked' | 'archived';
    changedAt: string;
    eventId: string;
  },
): Promise<void> {
  await trx
    .insertInto('invoicing.supplier')
    .values({
      supplier_id: change.supplierId,
      name: change.supplierName,
      status: change.status,
      status_changed_at: change.changedAt,
      source_event_id: change.eventId,
    })
    .onConflict((oc) =>
      oc
        .column('supplier_id')
        .doUpdateSet((eb) => ({
          status: eb.ref('excluded.status'),
          status_changed_at: eb.ref('excluded.status_changed_at'),
          source_event_id: eb.ref('excluded.source_event_id'),
        }))
        .where(
          sql<boolean>`coalesce(invoicing.supplier.status_changed_at, '-infinity') < excluded.status_changed_at`,
        ),
    )
    .execute();
}

/**
 * The supplier's bank details as catalog last announced them: the verified account (or none) and
 * whether a change waits for a second person. The newest announcement wins.
 */
export async function recordSupplierBankAccount(
  trx: Transaction<InvoicingDatabase>,
  change: EventPayload<'catalog.supplier.bank-account-changed'>,
  eventId: string,
): Promise<void> {
  const { verified } = change;
  const bank = {
    bank_account_id: verified?.accountId ?? null,
    bank_account_holder: verified?.accountHolder ?? null,
    bank_iban: verified ? verified.iban.replace(/\s/g, '').toUpperCase() : null,
    bank_bic: verified?.bic ? verified.bic.toUpperCase() : null,
    bank_verified_at: verified?.verifiedAt ?? null,
    bank_change_pending: change.changePending,
    bank_details_changed_at: change.changedAt,
  };
  await trx
    .insertInto('invoicing.supplier')
    .values({ supplier_id: change.supplierId, name: change.supplierName, source_event_id: eventId, ...bank })
    .onConflict((oc) =>
      oc
        .column('supplier_id')
        .doUpdateSet((eb) => ({
          bank_account_id: eb.ref('excluded.bank_account_id'),
          bank_account_holder: eb.ref('excluded.bank_account_holder'),
          bank_iban: eb.ref('excluded.bank_iban'),
          bank_bic: eb.ref('excluded.bank_bic'),
          bank_verified_at: eb.ref('excluded.bank_verified_at'),
          bank_change_pending: eb.ref('excluded.bank_change_pending'),
          bank_details_changed_at: eb.ref('excluded.bank_details_changed_at'),
          source_event_id: eb.ref('excluded.source_event_id'),
        }))
        .where(
          sql<boolean>`coalesce(invoicing.supplier.bank_details_changed_at, '-infinity') <= excluded.bank_details_changed_at`,
        ),
    )
    .execute();
}

export interface KnownSupplier extends KnownSupplierIdentifiers {
  readonly name: string;
  readonly country: string | null;
  readonly paymentTermsDays: number | null;
}

/** The suppliers sharing any of the seller's keys: the candidates identifySupplier chooses among. */
export async function suppliersSharingKeys(db: Db, keys: InvoicePartyKeys): Promise<KnownSupplier[]> {
  const address = keys.electronicAddress ? compactVatNumber(keys.electronicAddress.value) : null;
  if (!keys.siret && !keys.vatNumber && !keys.siren && !address) return [];
  const rows = await db
    .selectFrom('invoicing.supplier')
    .select([
      'supplier_id',
      'name',
      'vat_number',
      'siren',
      'siret',
      'electronic_address_scheme',
      'electronic_address',
      'country',
      'payment_terms_days',
    ])
    .where((eb) =>
      eb.or([
        ...(keys.siret ? [eb('siret', '=', keys.siret)] : []),
        ...(keys.vatNumber ? [eb('vat_number', '=', keys.vatNumber)] : []),
        ...(keys.siren ? [eb('siren', '=', keys.siren)] : []),
        ...(address
          ? [
              eb('siret', '=', address),
              eb('siren', '=', address),
              eb('vat_number', '=', address),
              eb('electronic_address', '=', address),
            ]
          : []),
      ]),
    )
    .orderBy('supplier_id')
    .execute();
  return rows.map((r) => ({
    supplierId: r.supplier_id,
    name: r.name,
    vatNumber: r.vat_number,
    siren: r.siren,
    siret: r.siret,
    electronicAddress:
      r.electronic_address && r.electronic_address_scheme
        ? { scheme: r.electronic_address_scheme, value: r.electronic_address }
        : null,
    country: r.country,
    paymentTermsDays: r.payment_terms_days,
  }));
}
