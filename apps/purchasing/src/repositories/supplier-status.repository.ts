import type { PurchasingDatabase, PurchasingSupplierStatus } from '@procura/db';
import type { EventPayload } from '@procura/events';
import { type Kysely, sql, type Transaction } from 'kysely';

export interface SupplierStanding {
  supplierId: string;
  /** `unknown`: catalog has not announced the supplier's approval (a draft, or never heard of). */
  status: PurchasingSupplierStatus;
  reason: string | null;
  changedAt: string | null;
  /**
   * Whether a new order may be issued: announced active by catalog, and not held back for missing or
   * expired compliance documents.
   */
  orderable: boolean;
  compliance: { hold: boolean; reason: string | null; changedAt: string | null };
}

/**
 * Records a supplier's status as told by catalog. An older event arriving after a newer one
 * (events are not ordered across retries) does not overwrite it.
 */
export async function recordSupplierStatus(
  trx: Transaction<PurchasingDatabase>,
  change: {
    supplierId: string;
    status: SupplierStanding['status'];
    reason: string;
    changedAt: string;
    eventId: string;
  },
): Promise<void> {
  await trx
    .insertInto('purchasing.supplier_status')
    .values({
      supplier_id: change.supplierId,
      status: change.status,
      reason: change.reason,
      changed_at: change.changedAt,
      source_event_id: change.eventId,
    })
    .onConflict((oc) =>
      oc
        .column('supplier_id')
        .doUpdateSet((eb) => ({
          status: eb.ref('excluded.status'),
          reason: eb.ref('excluded.reason'),
          changed_at: eb.ref('excluded.changed_at'),
          source_event_id: eb.ref('excluded.source_event_id'),
          recorded_at: new Date(),
        }))
        .where(
          sql<boolean>`coalesce(purchasing.supplier_status.changed_at, '-infinity') < excluded.changed_at`,
        ),
    )
    .execute();
}

/** Records whether catalog's compliance policy holds orders back; ordered by its own clock, apart from the status. */
export async function recordComplianceHold(
  trx: Transaction<PurchasingDatabase>,
  change: { supplierId: string; hold: boolean; reason: string | null; changedAt: string; eventId: string },
): Promise<void> {
  await trx
    .insertInto('purchasing.supplier_status')
    .values({
      supplier_id: change.supplierId,
      compliance_hold: change.hold,
      compliance_reason: change.reason,
      compliance_changed_at: change.changedAt,
      source_event_id: change.eventId,
    })
    .onConflict((oc) =>
      oc
        .column('supplier_id')
        .doUpdateSet((eb) => ({
          compliance_hold: eb.ref('excluded.compliance_hold'),
          compliance_reason: eb.ref('excluded.compliance_reason'),
          compliance_changed_at: eb.ref('excluded.compliance_changed_at'),
          source_event_id: eb.ref('excluded.source_event_id'),
          recorded_at: new Date(),
        }))
        .where(
          sql<boolean>`coalesce(purchasing.supplier_status.compliance_changed_at, '-infinity') < excluded.compliance_changed_at`,
        ),
    )
    .execute();
}

/** A supplier catalog has never announced as approved is not orderable: status `unknown`. */
export async function findSupplierStanding(
  db: Kysely<PurchasingDatabase>,
  supplierId: string,
): Promise<SupplierStanding> {
  const row = await db
    .selectFrom('purchasing.supplier_status')
    .select([
      'status',
      'reason',
      'changed_at',
      'compliance_hold',
      'compliance_reason',
      'compliance_changed_at',
    ])
    .where('supplier_id', '=', supplierId)
    .executeTakeFirst();
  if (!row) {
    return {
      supplierId,
      status: 'unknown',
      reason: null,
      changedAt: null,
      orderable: false,
      compliance: { hold: false, reason: null, changedAt: null },
    };
  }
  return {
    supplierId,
    status: row.status,
    reason: row.reason,
    changedAt: row.changed_at?.toISOString() ?? null,
    orderable: row.status === 'active' && !row.compliance_hold,
    compliance: {
      hold: row.compliance_hold,
      reason: row.compliance_reason,
      changedAt: row.compliance_changed_at?.toISOString() ?? null,
    },
  };
}

/** The supplier's approved ordering details; an older announcement than the one kept changes nothing. */
export async function recordSupplierParty(
  trx: Transaction<PurchasingDatabase>,
  details: EventPayload<'catalog.supplier.ordering-details'>,
  eventId: string,
): Promise<void> {
  await trx
    .insertInto('purchasing.supplier_party')
    .values({
      supplier_id: details.supplierId,
      name: details.name,
      legal_form: details.legalForm,
      siren: details.siren,
      siret: details.siret,
      vat_number: details.vatNumber,
      address: JSON.stringify(details.address),
      language: details.language,
      payment_terms_days: details.paymentTermsDays,
      order_email: details.orderEmail,
      contact: details.contact ? JSON.stringify(details.contact) : null,
      changed_at: details.approvedAt,
      source_event_id: eventId,
    })
    .onConflict((oc) =>
      oc
        .column('supplier_id')
        .doUpdateSet((eb) => ({
          name: eb.ref('excluded.name'),
          legal_form: eb.ref('excluded.legal_form'),
          siren: eb.ref('excluded.siren'),
          siret: eb.ref('excluded.siret'),
          vat_number: eb.ref('excluded.vat_number'),
          address: eb.ref('excluded.address'),
          language: eb.ref('excluded.language'),
          payment_terms_days: eb.ref('excluded.payment_terms_days'),
          order_email: eb.ref('excluded.order_email'),
          contact: eb.ref('excluded.contact'),
          changed_at: eb.ref('excluded.changed_at'),
          source_event_id: eb.ref('excluded.source_event_id'),
        }))
        .where(sql<boolean>`purchasing.supplier_party.changed_at <= excluded.changed_at`),
    )
    .execute();
}
