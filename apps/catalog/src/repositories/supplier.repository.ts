import type { CatalogDatabase, SupplierStatus } from '@procura/db';
import type { Kysely, Transaction } from 'kysely';

export interface SupplierSummary {
  id: string;
  name: string;
  country: string;
  siret: string | null;
  vatNumber: string | null;
  status: SupplierStatus;
  statusReason: string | null;
  statusChangedAt: string;
}

const columns = [
  'id',
  'name',
  'country',
  'siret',
  'vat_number',
  'status',
  'status_reason',
  'status_changed_at',
] as const;

function toSummary(row: {
  id: string;
  name: string;
  country: string;
  siret: string | null;
  vat_number: string | null;
  status: SupplierStatus;
  status_reason: string | null;
  status_changed_at: Date;
}): SupplierSummary {
  return {
    id: row.id,
    name: row.name,
    country: row.country,
    siret: row.siret,
    vatNumber: row.vat_number,
    status: row.status,
    statusReason: row.status_reason,
    statusChangedAt: row.status_changed_at.toISOString(),
  };
}

export async function listSuppliers(db: Kysely<CatalogDatabase>): Promise<SupplierSummary[]> {
  const rows = await db.selectFrom('catalog.supplier').select(columns).orderBy('name').execute();
  return rows.map(toSummary);
}

/** Reads a supplier and locks its row until the transaction ends, so status changes serialise. */
export async function lockSupplier(
  trx: Transaction<CatalogDatabase>,
  id: string,
): Promise<SupplierSummary | undefined> {
  const row = await trx
    .selectFrom('catalog.supplier')
    .select(columns)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  return row ? toSummary(row) : undefined;
}

export async function updateSupplierStatus(
  trx: Transaction<CatalogDatabase>,
  change: { id: string; status: SupplierStatus; reason: string; changedBy: string; changedAt: Date },
): Promise<SupplierSummary> {
  const row = await trx
    .updateTable('catalog.supplier')
    .set({
      status: change.status,
      status_reason: change.reason,
      status_changed_by: change.changedBy,
      status_changed_at: change.changedAt,
    })
    .where('id', '=', change.id)
    .returning(columns)
    .executeTakeFirstOrThrow();
  return toSummary(row);
}
