import type { CatalogDatabase } from '@procura/db';
import { decimalPlaces, formatDecimal, parseDecimal } from '@procura/domain';
import type { Kysely } from 'kysely';
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

/** The item, if the caller may order it (see {@link orderableItemCondition}). */
export async function findOrderableItem(
  db: Kysely<CatalogDatabase>,
  caller: OrderingCaller,
  id: string,
): Promise<CatalogItem | undefined> {
  const row = await orderableItems(db, caller).select(itemColumns).where('i.id', '=', id).executeTakeFirst();
  return row ? toCatalogItem(row) : undefined;
}
