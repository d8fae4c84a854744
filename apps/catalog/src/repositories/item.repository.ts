import type { CatalogDatabase, PriceListKind } from '@procura/db';
import { decimalPlaces, formatDecimal, parseDecimal } from '@procura/domain';
import { type Kysely, sql } from 'kysely';
import { type OrderingCaller, orderableItemCondition } from './orderable.js';

export interface CatalogItem {
  id: string;
  supplierSku: string;
  name: { fr: string; en: string };
  description: { fr: string; en: string };
  supplier: { id: string; name: string };
  categoryCode: string;
  unitCode: string;
  unitPrice: { amount: string; currency: string };
  vatRate: string;
  minOrderQuantity: string;
  leadTimeDays: number;
}

/** "12.5000" → "12.50", "0.0125" stays: at least two decimals, never trailing zeros beyond them. */
export function canonicalDecimal(value: string, minimumScale = 2): string {
  const parsed = parseDecimal(value);
  return formatDecimal(parsed, Math.max(minimumScale, decimalPlaces(parsed)));
}

function orderableItems(db: Kysely<CatalogDatabase>, caller: OrderingCaller) {
  return db
    .selectFrom('catalog.item as i')
    .innerJoin('catalog.supplier as s', 's.id', 'i.supplier_id')
    .where(orderableItemCondition(caller));
}

const itemColumns = [
  'i.id',
  'i.supplier_sku',
  'i.name_fr',
  'i.name_en',
  'i.description_fr',
  'i.description_en',
  'i.category_code',
  'i.unit_code',
  'i.unit_price',
  'i.currency',
  'i.vat_rate',
  'i.min_order_quantity',
  'i.lead_time_days',
  's.id as supplier_id',
  's.name as supplier_name',
] as const;

export type ItemRow = {
  id: string;
  supplier_sku: string;
  name_fr: string;
  name_en: string;
  description_fr: string;
  description_en: string;
  category_code: string;
  unit_code: string;
  unit_price: string;
  currency: string;
  vat_rate: string;
  min_order_quantity: string;
  lead_time_days: number;
  supplier_id: string;
  supplier_name: string;
};

export function toCatalogItem(row: ItemRow): CatalogItem {
  return {
    id: row.id,
    supplierSku: row.supplier_sku,
    name: { fr: row.name_fr, en: row.name_en },
    description: { fr: row.description_fr, en: row.description_en },
    supplier: { id: row.supplier_id, name: row.supplier_name },
    categoryCode: row.category_code,
    unitCode: row.unit_code,
    unitPrice: { amount: canonicalDecimal(row.unit_price), currency: row.currency },
    vatRate: canonicalDecimal(row.vat_rate),
    minOrderQuantity: canonicalDecimal(row.min_order_quantity, 0),
    leadTimeDays: row.lead_time_days,
  };
}

/** The item page: the item, its quantity tiers, the price list it comes from and its image. */
export interface CatalogItemDetail extends CatalogItem {
  preferred: boolean;
  imageUrl: string | null;
  tiers: { minQuantity: string; unitPrice: string }[];
  priceList: {
    id: string;
    reference: string;
    name: string;
    kind: PriceListKind;
    validFrom: string;
    validTo: string | null;
  } | null;
}

/** The item page, if the caller may order the item (see {@link orderableItemCondition}). */
export async function findOrderableItem(
  db: Kysely<CatalogDatabase>,
  caller: OrderingCaller,
  id: string,
): Promise<CatalogItemDetail | undefined> {
  const row = await orderableItems(db, caller)
    .leftJoin('catalog.price_list as pl', 'pl.id', 'i.price_list_id')
    .select(itemColumns)
    .select([
      'i.preferred',
      'i.image_url',
      'pl.id as price_list_id',
      'pl.reference as price_list_reference',
      'pl.name as price_list_name',
      'pl.kind as price_list_kind',
      sql<string | null>`to_char(pl.valid_from, 'YYYY-MM-DD')`.as('price_list_valid_from'),
      sql<string | null>`to_char(pl.valid_to, 'YYYY-MM-DD')`.as('price_list_valid_to'),
    ])
    .where('i.id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  const tiers = await db
    .selectFrom('catalog.item_price_tier')
    .select(['min_quantity', 'unit_price'])
    .where('item_id', '=', id)
    .orderBy('min_quantity')
    .execute();
  return {
    ...toCatalogItem(row),
    preferred: row.preferred,
    imageUrl: row.image_url,
    tiers: tiers.map((t) => ({
      minQuantity: canonicalDecimal(t.min_quantity, 0),
      unitPrice: canonicalDecimal(t.unit_price),
    })),
    priceList:
      row.price_list_id && row.price_list_reference && row.price_list_name && row.price_list_kind
        ? {
            id: row.price_list_id,
            reference: row.price_list_reference,
            name: row.price_list_name,
            kind: row.price_list_kind,
            validFrom: row.price_list_valid_from ?? '',
            validTo: row.price_list_valid_to,
          }
        : null,
  };
}

export interface PricePoint {
  unitPrice: string;
  currency: string;
  recordedAt: string;
  priceList: { id: string; reference: string; name: string } | null;
}

/** Every price the item has had, oldest first, with the price list it came from; undefined for no item. */
export async function findPriceHistory(
  db: Kysely<CatalogDatabase>,
  itemId: string,
): Promise<PricePoint[] | undefined> {
  const item = await db.selectFrom('catalog.item').select('id').where('id', '=', itemId).executeTakeFirst();
  if (!item) return undefined;
  const rows = await db
    .selectFrom('catalog.item_price_history as h')
    .leftJoin('catalog.price_list as pl', 'pl.id', 'h.price_list_id')
    .select(['h.unit_price', 'h.currency', 'h.recorded_at', 'pl.id', 'pl.reference', 'pl.name'])
    .where('h.item_id', '=', itemId)
    .orderBy('h.recorded_at')
    .orderBy('h.id')
    .execute();
  return rows.map((r) => ({
    unitPrice: canonicalDecimal(r.unit_price),
    currency: r.currency,
    recordedAt: r.recorded_at.toISOString(),
    priceList: r.id && r.reference && r.name ? { id: r.id, reference: r.reference, name: r.name } : null,
  }));
}

export interface TierSet {
  /** The tiers from this moment on, lowest quantity first; empty when the item lost its tiers. */
  tiers: { minQuantity: string; unitPrice: string }[];
  recordedAt: string;
}

/** Every set of quantity tiers the item has had, oldest first (appended by a trigger on the tiers). */
export async function findTierHistory(db: Kysely<CatalogDatabase>, itemId: string): Promise<TierSet[]> {
  const rows = await db
    .selectFrom('catalog.item_price_tier_history')
    .select(['tiers', 'recorded_at'])
    .where('item_id', '=', itemId)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    tiers: r.tiers.map((t) => ({
      minQuantity: canonicalDecimal(t.minQuantity, 0),
      unitPrice: canonicalDecimal(t.unitPrice),
    })),
    recordedAt: r.recorded_at.toISOString(),
  }));
}
