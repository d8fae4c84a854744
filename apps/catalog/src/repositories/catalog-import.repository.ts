import type { CatalogDatabase, CatalogImportStatus, SupplierStatus } from '@procura/db';
import type { CatalogImportPreview, ExistingCatalogItem, ImportedItem } from '@procura/domain';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Actor } from '../services/actor.js';
import type { ImportFileFormat } from '../services/import-file.js';

type Db = Kysely<CatalogDatabase> | Transaction<CatalogDatabase>;

export interface ImportTarget {
  supplier: { id: string; name: string; country: string; status: SupplierStatus };
  priceList: {
    id: string;
    reference: string;
    name: string;
    currency: string;
    supplierId: string;
    validFrom: string;
    validTo: string | null;
  };
}

export async function findImportTarget(
  db: Db,
  supplierId: string,
  priceListId: string,
): Promise<{ supplier?: ImportTarget['supplier']; priceList?: ImportTarget['priceList'] }> {
  const supplier = await db
    .selectFrom('catalog.supplier')
    .select(['id', 'name', 'country', 'status'])
    .where('id', '=', supplierId)
    .executeTakeFirst();
  const priceList = await db
    .selectFrom('catalog.price_list')
    .select([
      'id',
      'reference',
      'name',
      'currency',
      'supplier_id as supplierId',
      sql<string>`to_char(valid_from, 'YYYY-MM-DD')`.as('validFrom'),
      sql<string | null>`to_char(valid_to, 'YYYY-MM-DD')`.as('validTo'),
    ])
    .where('id', '=', priceListId)
    .executeTakeFirst();
  return { supplier, priceList };
}

/** The codes among `codes` that are categories of the catalog. */
export async function knownCategoryCodes(db: Db, codes: readonly string[]): Promise<Set<string>> {
  const wanted = [...new Set(codes.filter((c) => /^\d{8}$/.test(c)))];
  if (wanted.length === 0) return new Set();
  const rows = await db.selectFrom('catalog.category').select('code').where('code', 'in', wanted).execute();
  return new Set(rows.map((r) => r.code));
}

export async function supplierItems(db: Db, supplierId: string): Promise<ExistingCatalogItem[]> {
  const rows = await db
    .selectFrom('catalog.item')
    .select([
      'id',
      'supplier_sku as supplierSku',
      'name_fr as nameFr',
      'name_en as nameEn',
      'unit_price as unitPrice',
      'currency',
      'active',
      'price_list_id as priceListId',
    ])
    .where('supplier_id', '=', supplierId)
    .orderBy('supplier_sku')
    .execute();
  return rows;
}

/**
 * What a preview is computed against: a digest of the supplier's items — every column, so every
 * column an import writes (names, descriptions, category, unit, price, VAT, minimum, lead time,
 * image, preferred, price list, active), less the bookkeeping ones (`updated_at`, `created_at`) and
 * those the database derives (`search_*`) — with their tiers, and the last import confirmed for the
 * supplier. Any change to either between a preview and its confirmation makes the preview stale.
 */
export async function catalogBaseline(
  db: Db,
  supplierId: string,
): Promise<{ fingerprint: string; lastImportId: string | null }> {
  const { fingerprint } = await sql<{ fingerprint: string }>`
    select md5(coalesce(string_agg(
        ((to_jsonb(i) - 'updated_at' - 'created_at' - 'search_names' - 'search_vector')
          || jsonb_build_object('tiers', (
            select coalesce(jsonb_agg(jsonb_build_array(t.min_quantity, t.unit_price) order by t.min_quantity), '[]')
            from catalog.item_price_tier t where t.item_id = i.id)))::text,
        E'\\n' order by i.id), '')) as fingerprint
    from catalog.item i where i.supplier_id = ${supplierId}`
    .execute(db)
    .then((r) => r.rows[0] ?? { fingerprint: '' });
  const last = await db
    .selectFrom('catalog.catalog_import')
    .select('id')
    .where('supplier_id', '=', supplierId)
    .where('status', '=', 'confirmed')
    .orderBy('confirmed_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return { fingerprint, lastImportId: last?.id ?? null };
}

export async function insertImport(
  db: Db,
  values: {
    supplierId: string;
    priceListId: string;
    fileName: string;
    fileFormat: ImportFileFormat;
    fileSha256: string;
    items: ImportedItem[];
    preview: CatalogImportPreview;
    baseFingerprint: string;
    baseImportId: string | null;
    createdBy: Actor;
    createdAt: Date;
    expiresAt: Date;
  },
): Promise<string> {
  const { id } = await db
    .insertInto('catalog.catalog_import')
    .values({
      supplier_id: values.supplierId,
      price_list_id: values.priceListId,
      file_name: values.fileName,
      file_format: values.fileFormat,
      file_sha256: values.fileSha256,
      row_count: values.items.length,
      new_count: values.preview.newItems.length,
      price_change_count: values.preview.priceChanges.length,
      unchanged_count: values.preview.unchanged.length,
      removed_count: values.preview.removed.length,
      items: JSON.stringify(values.items),
      preview: JSON.stringify(values.preview),
      base_fingerprint: values.baseFingerprint,
      base_import_id: values.baseImportId,
      created_by: values.createdBy.id,
      created_by_name: values.createdBy.name,
      created_at: values.createdAt,
      expires_at: values.expiresAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** Someone who acted on an import: the user id and display name of their identity token. */
export interface Person {
  userId: string;
  displayName: string;
}

export interface CatalogImportSummary {
  id: string;
  supplier: { id: string; name: string };
  priceList: { id: string; reference: string; name: string };
  status: CatalogImportStatus;
  fileName: string;
  fileFormat: ImportFileFormat;
  fileSha256: string;
  rowCount: number;
  counts: { newItems: number; priceChanges: number; unchanged: number; removed: number };
  applied: { inserted: number; updated: number; deactivated: number } | null;
  createdBy: Person;
  createdAt: string;
  expiresAt: string;
  confirmedBy: Person | null;
  confirmedAt: string | null;
  cancelledBy: Person | null;
  cancelledAt: string | null;
}

export type CatalogImportDetail = CatalogImportSummary & { preview: CatalogImportPreview };

function imports(db: Db) {
  return db
    .selectFrom('catalog.catalog_import as ci')
    .innerJoin('catalog.supplier as s', 's.id', 'ci.supplier_id')
    .innerJoin('catalog.price_list as pl', 'pl.id', 'ci.price_list_id')
    .select([
      'ci.id',
      's.id as supplier_id',
      's.name as supplier_name',
      'pl.id as price_list_id',
      'pl.reference as price_list_reference',
      'pl.name as price_list_name',
      // A preview nobody confirmed in time reads as expired without a job having to mark it.
      sql<CatalogImportStatus>`case when ci.status = 'previewed' and ci.expires_at < now() then 'expired' else ci.status end`.as(
        'status',
      ),
      'ci.file_name',
      'ci.file_format',
      'ci.file_sha256',
      'ci.row_count',
      'ci.new_count',
      'ci.price_change_count',
      'ci.unchanged_count',
      'ci.removed_count',
      'ci.inserted_count',
      'ci.updated_count',
      'ci.deactivated_count',
      'ci.created_by',
      'ci.created_by_name',
      'ci.created_at',
      'ci.expires_at',
      'ci.confirmed_by',
      'ci.confirmed_by_name',
      'ci.confirmed_at',
      'ci.cancelled_by',
      'ci.cancelled_by_name',
      'ci.cancelled_at',
    ]);
}

type ImportRow = Awaited<ReturnType<ReturnType<typeof imports>['executeTakeFirstOrThrow']>>;

const iso = (date: Date | null) => (date ? date.toISOString() : null);
const person = (userId: string | null, displayName: string | null): Person | null =>
  userId === null ? null : { userId, displayName: displayName ?? userId };

function toSummary(row: ImportRow): CatalogImportSummary {
  return {
    id: row.id,
    supplier: { id: row.supplier_id, name: row.supplier_name },
    priceList: { id: row.price_list_id, reference: row.price_list_reference, name: row.price_list_name },
    status: row.status,
    fileName: row.file_name,
    fileFormat: row.file_format,
    fileSha256: row.file_sha256,
    rowCount: row.row_count,
    counts: {
      newItems: row.new_count,
      priceChanges: row.price_change_count,
      unchanged: row.unchanged_count,
      removed: row.removed_count,
    },
    applied:
      row.inserted_count === null
        ? null
        : {
            inserted: row.inserted_count,
            updated: row.updated_count ?? 0,
            deactivated: row.deactivated_count ?? 0,
          },
    createdBy: { userId: row.created_by, displayName: row.created_by_name },
    createdAt: row.created_at.toISOString(),
    expiresAt: row.expires_at.toISOString(),
    confirmedBy: person(row.confirmed_by, row.confirmed_by_name),
    confirmedAt: iso(row.confirmed_at),
    cancelledBy: person(row.cancelled_by, row.cancelled_by_name),
    cancelledAt: iso(row.cancelled_at),
  };
}

export async function findImport(db: Db, id: string): Promise<CatalogImportDetail | undefined> {
  const row = await imports(db).select('ci.preview').where('ci.id', '=', id).executeTakeFirst();
  return row ? { ...toSummary(row), preview: row.preview as CatalogImportPreview } : undefined;
}

export async function listImports(
  db: Db,
  filter: { supplierId?: string | undefined; limit: number },
): Promise<CatalogImportSummary[]> {
  let query = imports(db).orderBy('ci.created_at', 'desc').limit(filter.limit);
  if (filter.supplierId) query = query.where('ci.supplier_id', '=', filter.supplierId);
  return (await query.execute()).map(toSummary);
}

/**
 * Locks the import row, then its supplier's row: confirmations of one supplier's imports queue here.
 * Answers with what the confirmation checks again: the supplier's status and the price list's validity.
 */
export async function lockImportAndSupplier(trx: Transaction<CatalogDatabase>, id: string) {
  const row = await trx
    .selectFrom('catalog.catalog_import')
    .select([
      'id',
      'supplier_id',
      'price_list_id',
      'status',
      'expires_at',
      'base_fingerprint',
      'base_import_id',
      'removed_count',
    ])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!row) return undefined;
  const supplier = await trx
    .selectFrom('catalog.supplier')
    .select(['name', 'status'])
    .where('id', '=', row.supplier_id)
    .forUpdate()
    .executeTakeFirstOrThrow();
  const priceList = await trx
    .selectFrom('catalog.price_list')
    .select([
      'reference',
      sql<string>`to_char(valid_from, 'YYYY-MM-DD')`.as('validFrom'),
      sql<string | null>`to_char(valid_to, 'YYYY-MM-DD')`.as('validTo'),
    ])
    .where('id', '=', row.price_list_id)
    .executeTakeFirstOrThrow();
  return { ...row, supplier, priceList };
}

/**
 * Applies a previewed import, set-based, from the rows stored with it: upserts every item into the
 * price list (the price-history trigger records each price that changes), replaces their tiers,
 * and deactivates the price list's active items the file no longer lists. Never deletes an item.
 */
export async function applyImport(
  trx: Transaction<CatalogDatabase>,
  target: { importId: string; supplierId: string; priceListId: string },
): Promise<{ inserted: number; updated: number; deactivated: number }> {
  const { importId, supplierId, priceListId } = target;
  const incoming = sql`(select items from catalog.catalog_import where id = ${importId})`;
  const upserted = await sql<{ inserted: boolean }>`
    insert into catalog.item as i (supplier_id, supplier_sku, name_fr, name_en, description_fr, description_en,
      category_code, unit_code, unit_price, currency, vat_rate, min_order_quantity, lead_time_days, image_url,
      preferred, price_list_id, active)
    select ${supplierId}, r."supplierSku", r."nameFr", r."nameEn", r."descriptionFr", r."descriptionEn",
      r."categoryCode", r."unitCode", r."unitPrice", r."currency", r."vatRate", r."minOrderQuantity",
      r."leadTimeDays", r."imageUrl", r."preferred", ${priceListId}, true
    from jsonb_to_recordset(${incoming}) as r("supplierSku" text, "nameFr" text, "nameEn" text,
      "descriptionFr" text, "descriptionEn" text, "categoryCode" text, "unitCode" text, "unitPrice" numeric,
      "currency" text, "vatRate" numeric, "minOrderQuantity" numeric, "leadTimeDays" integer, "imageUrl" text,
      "preferred" boolean)
    on conflict (supplier_id, supplier_sku) do update set
      name_fr = excluded.name_fr, name_en = excluded.name_en,
      description_fr = excluded.description_fr, description_en = excluded.description_en,
      category_code = excluded.category_code, unit_code = excluded.unit_code,
      unit_price = excluded.unit_price, currency = excluded.currency, vat_rate = excluded.vat_rate,
      min_order_quantity = excluded.min_order_quantity, lead_time_days = excluded.lead_time_days,
      image_url = excluded.image_url, preferred = excluded.preferred,
      price_list_id = excluded.price_list_id, active = true, updated_at = now()
    returning (xmax = 0) as inserted`.execute(trx);

  await sql`
    delete from catalog.item_price_tier t using catalog.item i
    where t.item_id = i.id and i.supplier_id = ${supplierId}
      and i.supplier_sku in (select r->>'supplierSku' from jsonb_array_elements(${incoming}) r)`.execute(trx);
  await sql`
    insert into catalog.item_price_tier (item_id, min_quantity, unit_price)
    select i.id, (t->>'minQuantity')::numeric, (t->>'unitPrice')::numeric
    from jsonb_array_elements(${incoming}) r
    cross join jsonb_array_elements(r->'tiers') t
    join catalog.item i on i.supplier_id = ${supplierId} and i.supplier_sku = r->>'supplierSku'`.execute(trx);

  const deactivated = await sql`
    update catalog.item set active = false, updated_at = now()
    where supplier_id = ${supplierId} and price_list_id = ${priceListId} and active
      and supplier_sku not in (select r->>'supplierSku' from jsonb_array_elements(${incoming}) r)`.execute(
    trx,
  );

  const inserted = upserted.rows.filter((r) => r.inserted).length;
  return {
    inserted,
    updated: upserted.rows.length - inserted,
    deactivated: Number(deactivated.numAffectedRows ?? 0n),
  };
}

export async function markImport(
  trx: Db,
  id: string,
  change:
    | {
        status: 'confirmed';
        by: Actor;
        at: Date;
        applied: { inserted: number; updated: number; deactivated: number };
      }
    | { status: 'cancelled' | 'expired'; by: Actor; at: Date },
): Promise<void> {
  await trx
    .updateTable('catalog.catalog_import')
    .set(
      change.status === 'confirmed'
        ? {
            status: 'confirmed',
            confirmed_by: change.by.id,
            confirmed_by_name: change.by.name,
            confirmed_at: change.at,
            inserted_count: change.applied.inserted,
            updated_count: change.applied.updated,
            deactivated_count: change.applied.deactivated,
          }
        : change.status === 'cancelled'
          ? {
              status: 'cancelled',
              cancelled_by: change.by.id,
              cancelled_by_name: change.by.name,
              cancelled_at: change.at,
            }
          : { status: 'expired' },
    )
    .where('id', '=', id)
    .execute();
}
