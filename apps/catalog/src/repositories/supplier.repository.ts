import type {
  CatalogDatabase,
  ComplianceStatus,
  SupplierAddressKind,
  SupplierContactRole,
  SupplierStatus,
} from '@procura/db';
import { type Kysely, sql, type Transaction } from 'kysely';

type Db = Kysely<CatalogDatabase> | Transaction<CatalogDatabase>;

export interface SupplierSummary {
  id: string;
  name: string;
  country: string;
  siret: string | null;
  vatNumber: string | null;
  status: SupplierStatus;
  statusReason: string | null;
  statusChangedAt: string;
  complianceStatus: ComplianceStatus;
  complianceReason: string | null;
  /** Active and not held back by the compliance policy: new orders may be placed. */
  orderable: boolean;
  responsibleBuyerName: string | null;
}

export interface SupplierAddress {
  kind: SupplierAddressKind;
  line1: string;
  line2: string | null;
  postalCode: string;
  city: string;
  country: string;
}

export interface SupplierContact {
  name: string;
  email: string;
  phone: string | null;
  role: SupplierContactRole;
  complianceContact: boolean;
}

export interface SupplierDetail extends SupplierSummary {
  legalForm: string | null;
  siren: string | null;
  duns: string | null;
  languages: string[];
  paymentTermsDays: number;
  orderEmail: string | null;
  /** Where the supplier sends and receives e-invoices: a Peppol endpoint (ISO 6523 scheme, id). */
  electronicAddress: { scheme: string; value: string } | null;
  responsibleBuyer: { userId: string; displayName: string; email: string } | null;
  yearlySpend: { amount: string; currency: 'EUR'; source: string | null };
  submittedBy: string | null;
  approvedBy: string | null;
  /** Who created the record or last changed it: may not approve it. */
  lastModifiedBy: string | null;
  complianceHold: boolean;
  addresses: SupplierAddress[];
  contacts: SupplierContact[];
  categoryCodes: string[];
  allowedEntities: { entityId: string; siteIds: string[] }[];
  createdAt: string;
  updatedAt: string;
}

/** What a buyer enters for a supplier, validated and normalised. */
export interface SupplierRecord {
  name: string;
  legalForm: string | null;
  country: string;
  siren: string | null;
  siret: string | null;
  vatNumber: string | null;
  duns: string | null;
  languages: string[];
  paymentTermsDays: number;
  orderEmail: string | null;
  electronicAddress: { scheme: string; value: string } | null;
  addresses: SupplierAddress[];
  contacts: SupplierContact[];
  categoryCodes: string[];
  allowedEntities: { entityId: string; siteIds: string[] }[];
  responsibleBuyer: { userId: string; displayName: string; email: string } | null;
  yearlySpend: { amount: string; source: string | null };
}

const summaryColumns = [
  'id',
  'name',
  'country',
  'siret',
  'vat_number',
  'status',
  'status_reason',
  'status_changed_at',
  'compliance_status',
  'compliance_reason',
  'compliance_hold',
  'responsible_buyer_name',
] as const;

type SummaryRow = {
  id: string;
  name: string;
  country: string;
  siret: string | null;
  vat_number: string | null;
  status: SupplierStatus;
  status_reason: string | null;
  status_changed_at: Date;
  compliance_status: ComplianceStatus;
  compliance_reason: string | null;
  compliance_hold: boolean;
  responsible_buyer_name: string | null;
};

function toSummary(row: SummaryRow): SupplierSummary {
  return {
    id: row.id,
    name: row.name,
    country: row.country,
    siret: row.siret,
    vatNumber: row.vat_number,
    status: row.status,
    statusReason: row.status_reason,
    statusChangedAt: row.status_changed_at.toISOString(),
    complianceStatus: row.compliance_status,
    complianceReason: row.compliance_reason,
    orderable: row.status === 'active' && !row.compliance_hold,
    responsibleBuyerName: row.responsible_buyer_name,
  };
}

export async function listSuppliers(
  db: Db,
  filter: {
    status?: SupplierStatus | undefined;
    name?: string | undefined;
    page: number;
    pageSize: number;
  } = {
    page: 1,
    pageSize: 100,
  },
): Promise<{ suppliers: SupplierSummary[]; total: number }> {
  let query = db.selectFrom('catalog.supplier');
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.name) {
    const pattern = `%${filter.name.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where(sql<boolean>`lower(name) like ${pattern}`);
  }
  const [rows, count] = await Promise.all([
    query
      .select(summaryColumns)
      .orderBy('name')
      .orderBy('id')
      .limit(filter.pageSize)
      .offset((filter.page - 1) * filter.pageSize)
      .execute(),
    query.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { suppliers: rows.map(toSummary), total: Number(count.n) };
}

/** Reads a supplier and locks its row until the transaction ends, so changes and status changes serialise. */
export async function lockSupplier(
  trx: Transaction<CatalogDatabase>,
  id: string,
): Promise<(SupplierSummary & { submittedBy: string | null; lastModifiedBy: string | null }) | undefined> {
  const row = await trx
    .selectFrom('catalog.supplier')
    .select([...summaryColumns, 'submitted_by', 'last_modified_by'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  return row
    ? { ...toSummary(row), submittedBy: row.submitted_by, lastModifiedBy: row.last_modified_by }
    : undefined;
}

export async function updateSupplierStatus(
  trx: Transaction<CatalogDatabase>,
  change: {
    id: string;
    status: SupplierStatus;
    reason: string | null;
    changedBy: string;
    changedAt: Date;
    submittedBy?: string | null;
    /** With the instant of the approval; null clears both. */
    approvedBy?: string | null;
  },
): Promise<SupplierSummary> {
  const row = await trx
    .updateTable('catalog.supplier')
    .set({
      status: change.status,
      status_reason: change.reason,
      status_changed_by: change.changedBy,
      status_changed_at: change.changedAt,
      ...(change.submittedBy !== undefined ? { submitted_by: change.submittedBy } : {}),
      ...(change.approvedBy !== undefined
        ? { approved_by: change.approvedBy, approved_at: change.approvedBy ? change.changedAt : null }
        : {}),
    })
    .where('id', '=', change.id)
    .returning(summaryColumns)
    .executeTakeFirstOrThrow();
  return toSummary(row);
}

export async function recordStatusHistory(
  trx: Transaction<CatalogDatabase>,
  entry: {
    supplierId: string;
    action: string;
    fromStatus: string | null;
    toStatus: string;
    reason: string | null;
    actorId: string | null;
    actorName: string;
    occurredAt: Date;
    /** For an `update`: the record fields that changed. */
    changedFields?: readonly string[];
  },
): Promise<void> {
  await trx
    .insertInto('catalog.supplier_status_history')
    .values({
      supplier_id: entry.supplierId,
      action: entry.action,
      from_status: entry.fromStatus,
      to_status: entry.toStatus,
      reason: entry.reason,
      actor_id: entry.actorId,
      actor_name: entry.actorName,
      occurred_at: entry.occurredAt,
      changed_fields: entry.changedFields ? [...entry.changedFields] : null,
    })
    .execute();
}

export async function listStatusHistory(db: Db, supplierId: string) {
  const rows = await db
    .selectFrom('catalog.supplier_status_history')
    .select([
      'action',
      'from_status',
      'to_status',
      'reason',
      'changed_fields',
      'actor_id',
      'actor_name',
      'occurred_at',
    ])
    .where('supplier_id', '=', supplierId)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    action: r.action,
    fromStatus: r.from_status,
    toStatus: r.to_status,
    reason: r.reason,
    changedFields: r.changed_fields,
    actor: { userId: r.actor_id, displayName: r.actor_name },
    occurredAt: r.occurred_at.toISOString(),
  }));
}

export async function supplierExists(db: Db, id: string): Promise<boolean> {
  return !!(await db.selectFrom('catalog.supplier').select('id').where('id', '=', id).executeTakeFirst());
}

export async function findSupplierDetail(db: Db, id: string): Promise<SupplierDetail | undefined> {
  const row = await db.selectFrom('catalog.supplier').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const [addresses, contacts, categories, entities, sites] = await Promise.all([
    db
      .selectFrom('catalog.supplier_address')
      .selectAll()
      .where('supplier_id', '=', id)
      .orderBy('position')
      .execute(),
    db
      .selectFrom('catalog.supplier_contact')
      .selectAll()
      .where('supplier_id', '=', id)
      .orderBy('position')
      .execute(),
    db
      .selectFrom('catalog.supplier_category')
      .select('category_code')
      .where('supplier_id', '=', id)
      .orderBy('category_code')
      .execute(),
    db
      .selectFrom('catalog.supplier_entity')
      .select('entity_id')
      .where('supplier_id', '=', id)
      .orderBy('entity_id')
      .execute(),
    db
      .selectFrom('catalog.supplier_site')
      .select(['entity_id', 'site_id'])
      .where('supplier_id', '=', id)
      .orderBy('site_id')
      .execute(),
  ]);
  return {
    ...toSummary(row),
    legalForm: row.legal_form,
    siren: row.siren,
    duns: row.duns,
    languages: row.languages,
    paymentTermsDays: row.payment_terms_days,
    orderEmail: row.order_email,
    electronicAddress:
      row.electronic_address_scheme && row.electronic_address
        ? { scheme: row.electronic_address_scheme, value: row.electronic_address }
        : null,
    responsibleBuyer:
      row.responsible_buyer_id && row.responsible_buyer_name && row.responsible_buyer_email
        ? {
            userId: row.responsible_buyer_id,
            displayName: row.responsible_buyer_name,
            email: row.responsible_buyer_email,
          }
        : null,
    yearlySpend: { amount: row.yearly_spend, currency: 'EUR', source: row.yearly_spend_source },
    submittedBy: row.submitted_by,
    approvedBy: row.approved_by,
    lastModifiedBy: row.last_modified_by,
    complianceHold: row.compliance_hold,
    addresses: addresses.map((a) => ({
      kind: a.kind,
      line1: a.line1,
      line2: a.line2,
      postalCode: a.postal_code,
      city: a.city,
      country: a.country,
    })),
    contacts: contacts.map((c) => ({
      name: c.name,
      email: c.email,
      phone: c.phone,
      role: c.role,
      complianceContact: c.is_compliance_contact,
    })),
    categoryCodes: categories.map((c) => c.category_code),
    allowedEntities: entities.map((e) => ({
      entityId: e.entity_id,
      siteIds: sites.filter((s) => s.entity_id === e.entity_id).map((s) => s.site_id),
    })),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

const supplierColumns = (record: SupplierRecord) => ({
  name: record.name,
  legal_form: record.legalForm,
  country: record.country,
  siren: record.siren,
  siret: record.siret,
  vat_number: record.vatNumber,
  duns: record.duns,
  languages: record.languages,
  payment_terms_days: record.paymentTermsDays,
  order_email: record.orderEmail,
  electronic_address_scheme: record.electronicAddress?.scheme ?? null,
  electronic_address: record.electronicAddress?.value ?? null,
  responsible_buyer_id: record.responsibleBuyer?.userId ?? null,
  responsible_buyer_name: record.responsibleBuyer?.displayName ?? null,
  responsible_buyer_email: record.responsibleBuyer?.email ?? null,
  yearly_spend: record.yearlySpend.amount,
  yearly_spend_source: record.yearlySpend.source,
});

export async function insertSupplier(
  trx: Transaction<CatalogDatabase>,
  record: SupplierRecord,
  created: { by: string; at: Date },
): Promise<string> {
  const { id } = await trx
    .insertInto('catalog.supplier')
    .values({
      ...supplierColumns(record),
      status: 'draft',
      status_changed_at: created.at,
      status_changed_by: created.by,
      created_at: created.at,
      updated_at: created.at,
      last_modified_by: created.by,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await replaceSupplierParts(trx, id, record);
  return id;
}

export async function updateSupplier(
  trx: Transaction<CatalogDatabase>,
  id: string,
  record: SupplierRecord,
  modified: { by: string; at: Date },
): Promise<void> {
  await trx
    .updateTable('catalog.supplier')
    .set({ ...supplierColumns(record), updated_at: modified.at, last_modified_by: modified.by })
    .where('id', '=', id)
    .execute();
  await replaceSupplierParts(trx, id, record);
}

/** Addresses, contacts, categories, entities and sites are replaced as a whole. */
async function replaceSupplierParts(
  trx: Transaction<CatalogDatabase>,
  id: string,
  record: SupplierRecord,
): Promise<void> {
  for (const table of [
    'catalog.supplier_address',
    'catalog.supplier_contact',
    'catalog.supplier_category',
    'catalog.supplier_site',
    'catalog.supplier_entity',
  ] as const) {
    await trx.deleteFrom(table).where('supplier_id', '=', id).execute();
  }
  if (record.addresses.length > 0) {
    await trx
      .insertInto('catalog.supplier_address')
      .values(
        record.addresses.map((a, position) => ({
          supplier_id: id,
          kind: a.kind,
          line1: a.line1,
          line2: a.line2,
          postal_code: a.postalCode,
          city: a.city,
          country: a.country,
          position,
        })),
      )
      .execute();
  }
  if (record.contacts.length > 0) {
    await trx
      .insertInto('catalog.supplier_contact')
      .values(
        record.contacts.map((c, position) => ({
          supplier_id: id,
          name: c.name,
          email: c.email,
          phone: c.phone,
          role: c.role,
          is_compliance_contact: c.complianceContact,
          position,
        })),
      )
      .execute();
  }
  if (record.categoryCodes.length > 0) {
    await trx
      .insertInto('catalog.supplier_category')
      .values(record.categoryCodes.map((code) => ({ supplier_id: id, category_code: code })))
      .execute();
  }
  if (record.allowedEntities.length > 0) {
    await trx
      .insertInto('catalog.supplier_entity')
      .values(record.allowedEntities.map((e) => ({ supplier_id: id, entity_id: e.entityId })))
      .execute();
    const sites = record.allowedEntities.flatMap((e) =>
      e.siteIds.map((siteId) => ({ supplier_id: id, entity_id: e.entityId, site_id: siteId })),
    );
    if (sites.length > 0) await trx.insertInto('catalog.supplier_site').values(sites).execute();
  }
}

export async function unknownCategoryCodes(db: Db, codes: readonly string[]): Promise<string[]> {
  if (codes.length === 0) return [];
  const known = await db.selectFrom('catalog.category').select('code').where('code', 'in', codes).execute();
  const knownCodes = new Set(known.map((k) => k.code));
  return codes.filter((c) => !knownCodes.has(c));
}
