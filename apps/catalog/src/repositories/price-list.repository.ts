import type { CatalogDatabase, PriceListKind } from '@procura/db';
import { calendarDate, type PriceListState, priceListState } from '@procura/domain';
import { type Kysely, sql, type Transaction } from 'kysely';

type Db = Kysely<CatalogDatabase> | Transaction<CatalogDatabase>;

export interface PriceList {
  id: string;
  supplier: { id: string; name: string };
  reference: string;
  name: string;
  kind: PriceListKind;
  currency: string;
  validFrom: string;
  validTo: string | null;
  /** Where the list stands today: upcoming, in force (its items can be ordered) or expired. */
  state: PriceListState;
  /** Active items that come from the list. */
  itemCount: number;
  createdAt: string;
}

function priceLists(db: Db) {
  return db
    .selectFrom('catalog.price_list as pl')
    .innerJoin('catalog.supplier as s', 's.id', 'pl.supplier_id')
    .select([
      'pl.id',
      's.id as supplier_id',
      's.name as supplier_name',
      'pl.reference',
      'pl.name',
      'pl.kind',
      'pl.currency',
      sql<string>`to_char(pl.valid_from, 'YYYY-MM-DD')`.as('valid_from'),
      sql<string | null>`to_char(pl.valid_to, 'YYYY-MM-DD')`.as('valid_to'),
      sql<number>`(select count(*)::int from catalog.item i where i.price_list_id = pl.id and i.active)`.as(
        'item_count',
      ),
      'pl.created_at',
    ]);
}

type Row = Awaited<ReturnType<ReturnType<typeof priceLists>['executeTakeFirstOrThrow']>>;

function toPriceList(row: Row): PriceList {
  const validity = { validFrom: row.valid_from, validTo: row.valid_to };
  return {
    id: row.id,
    supplier: { id: row.supplier_id, name: row.supplier_name },
    reference: row.reference,
    name: row.name,
    kind: row.kind,
    currency: row.currency,
    ...validity,
    // The database's date, as the orderability condition uses it: both always agree.
    state: priceListState(validity, calendarDate(new Date())),
    itemCount: row.item_count,
    createdAt: row.created_at.toISOString(),
  };
}

export async function listPriceLists(
  db: Db,
  filter: { supplierId?: string | undefined },
): Promise<PriceList[]> {
  let query = priceLists(db).orderBy('s.name').orderBy('pl.valid_from', 'desc').orderBy('pl.reference');
  if (filter.supplierId) query = query.where('pl.supplier_id', '=', filter.supplierId);
  return (await query.execute()).map(toPriceList);
}

/** One change of a price list's validity, as the append-only history records it. */
export interface PriceListValidityChange {
  changedBy: { userId: string; displayName: string };
  changedAt: string;
  from: { validFrom: string; validTo: string | null };
  to: { validFrom: string; validTo: string | null };
}

/** A price list with every change of its validity, oldest first. */
export type PriceListDetail = PriceList & { validityChanges: PriceListValidityChange[] };

export async function findPriceList(db: Db, id: string): Promise<PriceListDetail | undefined> {
  const row = await priceLists(db).where('pl.id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const changes = await db
    .selectFrom('catalog.price_list_validity_change')
    .selectAll()
    .where('price_list_id', '=', id)
    .orderBy('id')
    .execute();
  return {
    ...toPriceList(row),
    validityChanges: changes.map((c) => ({
      changedBy: { userId: c.changed_by, displayName: c.changed_by_name },
      changedAt: c.changed_at.toISOString(),
      from: { validFrom: c.old_valid_from, validTo: c.old_valid_to },
      to: { validFrom: c.new_valid_from, validTo: c.new_valid_to },
    })),
  };
}

/** Appends a validity change to the price list's history. */
export async function insertValidityChange(
  db: Db,
  change: {
    priceListId: string;
    from: { validFrom: string; validTo: string | null };
    to: { validFrom: string; validTo: string | null };
    changedBy: { id: string; name: string };
    changedAt: Date;
  },
): Promise<void> {
  await db
    .insertInto('catalog.price_list_validity_change')
    .values({
      price_list_id: change.priceListId,
      old_valid_from: change.from.validFrom,
      old_valid_to: change.from.validTo,
      new_valid_from: change.to.validFrom,
      new_valid_to: change.to.validTo,
      changed_by: change.changedBy.id,
      changed_by_name: change.changedBy.name,
      changed_at: change.changedAt,
    })
    .execute();
}

export async function insertPriceList(
  db: Db,
  values: {
    supplierId: string;
    reference: string;
    name: string;
    kind: PriceListKind;
    currency: string;
    validFrom: string;
    validTo: string | null;
    createdBy: string;
  },
): Promise<string | undefined> {
  const row = await db
    .insertInto('catalog.price_list')
    .values({
      supplier_id: values.supplierId,
      reference: values.reference,
      name: values.name,
      kind: values.kind,
      currency: values.currency,
      valid_from: values.validFrom,
      valid_to: values.validTo,
      created_by: values.createdBy,
    })
    .onConflict((oc) => oc.columns(['supplier_id', 'reference']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id;
}

export async function lockPriceList(trx: Transaction<CatalogDatabase>, id: string) {
  return trx
    .selectFrom('catalog.price_list')
    .select([
      'id',
      sql<string>`to_char(valid_from, 'YYYY-MM-DD')`.as('validFrom'),
      sql<string | null>`to_char(valid_to, 'YYYY-MM-DD')`.as('validTo'),
    ])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

export async function updatePriceListValidity(
  db: Db,
  id: string,
  validity: { validFrom: string; validTo: string | null },
): Promise<void> {
  await db
    .updateTable('catalog.price_list')
    .set({ valid_from: validity.validFrom, valid_to: validity.validTo })
    .where('id', '=', id)
    .execute();
}
