import type { CatalogDatabase, FreeTextRequestStatus } from '@procura/db';
import type { CartLineIssue, ItemPricing } from '@procura/domain';
import { type Kysely, sql } from 'kysely';
import { notOrderableReasons, type OrderingCaller, orderableItemCondition } from './orderable.js';

type Db = Kysely<CatalogDatabase>;

/** Everything the cart needs to price an item: its price list's terms and the item's description. */
export interface ItemForCart {
  id: string;
  currency: string;
  pricing: ItemPricing;
}

/** An item's tiers, lowest quantity first, as `[{ minQuantity, unitPrice }]`. */
const tiersOf = sql<ItemPricing['tiers']>`coalesce((
  select json_agg(json_build_object('minQuantity', t.min_quantity::text, 'unitPrice', t.unit_price::text) order by t.min_quantity)
  from catalog.item_price_tier t where t.item_id = i.id), '[]'::json)`;

/** Items without a price list are always in validity. */
const validFrom = sql<string>`coalesce(pl.valid_from::text, '0001-01-01')`;
const validTo = sql<string | null>`pl.valid_to::text`;

/** The pricing of an item the caller's entity may order now, or undefined (unknown or not orderable). */
export async function findOrderableItemForCart(
  db: Db,
  caller: OrderingCaller,
  itemId: string,
): Promise<ItemForCart | undefined> {
  const { rows } = await sql<{
    id: string;
    currency: string;
    unit_price: string;
    min_order_quantity: string;
    tiers: ItemPricing['tiers'];
    valid_from: string;
    valid_to: string | null;
  }>`
    select i.id, i.currency, i.unit_price::text, i.min_order_quantity::text, ${tiersOf} as tiers,
      ${validFrom} as valid_from, ${validTo} as valid_to
    from catalog.item i
    join catalog.supplier s on s.id = i.supplier_id
    left join catalog.price_list pl on pl.id = i.price_list_id
    where i.id = ${itemId} and ${orderableItemCondition(caller)}`.execute(db);
  const row = rows[0];
  if (!row) return undefined;
  return {
    id: row.id,
    currency: row.currency,
    pricing: {
      unitPrice: row.unit_price,
      minOrderQuantity: row.min_order_quantity,
      tiers: row.tiers,
      validFrom: row.valid_from,
      validTo: row.valid_to,
    },
  };
}

/** A cart line as stored, with today's catalog data for item lines and the request for free-text ones. */
export interface CartLineRow {
  id: string;
  quantity: string;
  seen_unit_price: string | null;
  seen_currency: string | null;
  created_at: Date;
  item: null | {
    id: string;
    supplierSku: string;
    name: { fr: string; en: string };
    supplier: { id: string; name: string };
    unitCode: string;
    unitPrice: string;
    currency: string;
    vatRate: string;
    minOrderQuantity: string;
    tiers: ItemPricing['tiers'];
    validFrom: string;
    validTo: string | null;
    notOrderableBecause: CartLineIssue[];
  };
  request: null | {
    id: string;
    description: string;
    estimatedUnitPrice: string;
    currency: string;
    vatRate: string;
    unitCode: string;
    categoryCode: string | null;
    suggestedSupplierId: string | null;
    suggestedSupplierName: string | null;
    url: string | null;
    notes: string | null;
    status: FreeTextRequestStatus;
    rejectionReason: string | null;
    sourcedItemId: string | null;
  };
}

/** The caller's cart lines, oldest first, each with what the catalog says about it today. */
export async function listCartLines(
  db: Db,
  caller: OrderingCaller & { userId: string },
): Promise<CartLineRow[]> {
  const { rows } = await sql<CartLineRow>`
    select cl.id, cl.quantity::text, cl.seen_unit_price::text, cl.seen_currency, cl.created_at,
      case when i.id is null then null else json_build_object(
        'id', i.id, 'supplierSku', i.supplier_sku,
        'name', json_build_object('fr', i.name_fr, 'en', i.name_en),
        'supplier', json_build_object('id', s.id, 'name', s.name),
        'unitCode', i.unit_code, 'unitPrice', i.unit_price::text, 'currency', i.currency,
        'vatRate', i.vat_rate::text, 'minOrderQuantity', i.min_order_quantity::text,
        'tiers', ${tiersOf}, 'validFrom', ${validFrom}, 'validTo', ${validTo},
        'notOrderableBecause', to_json(${notOrderableReasons(caller)})
      ) end as item,
      case when r.id is null then null else json_build_object(
        'id', r.id, 'description', r.description, 'estimatedUnitPrice', r.estimated_unit_price::text,
        'currency', r.currency, 'vatRate', r.vat_rate::text, 'unitCode', r.unit_code,
        'categoryCode', r.category_code, 'suggestedSupplierId', r.suggested_supplier_id,
        'suggestedSupplierName', coalesce(rs.name, r.suggested_supplier_name), 'url', r.url, 'notes', r.notes,
        'status', r.status, 'rejectionReason', r.rejection_reason, 'sourcedItemId', r.sourced_item_id
      ) end as request
    from catalog.cart_line cl
    left join catalog.item i on i.id = cl.item_id
    left join catalog.supplier s on s.id = i.supplier_id
    left join catalog.price_list pl on pl.id = i.price_list_id
    left join catalog.free_text_request r on r.id = cl.free_text_request_id
    left join catalog.supplier rs on rs.id = r.suggested_supplier_id
    where cl.user_id = ${caller.userId}
    order by cl.created_at, cl.id`.execute(db);
  return rows;
}

/**
 * Adds `quantity` of an item to the caller's line for it (the plain one first, else one sourced from
 * a request), creating a plain line if there is none: the insert is one statement on the (user,
 * item) index of plain lines, so two adds racing end in one line with both quantities.
 */
export async function upsertItemLine(
  db: Db,
  line: { userId: string; itemId: string; quantity: string; unitPrice: string; currency: string },
): Promise<{ id: string; quantity: string }> {
  const existing = await lockItemLineOf(db, line.userId, line.itemId);
  if (existing)
    return db
      .updateTable('catalog.cart_line')
      .set({ quantity: sql`quantity + ${line.quantity}::numeric`, updated_at: sql`now()` })
      .where('id', '=', existing.id)
      .returning(['id', sql<string>`quantity::text`.as('quantity')])
      .executeTakeFirstOrThrow();
  return db
    .insertInto('catalog.cart_line')
    .values({
      user_id: line.userId,
      item_id: line.itemId,
      quantity: line.quantity,
      seen_unit_price: line.unitPrice,
      seen_currency: line.currency,
    })
    .onConflict((oc) =>
      oc.columns(['user_id', 'item_id']).where('free_text_request_id', 'is', null).doUpdateSet({
        quantity: sql`catalog.cart_line.quantity + excluded.quantity`,
        updated_at: sql`now()`,
      }),
    )
    .returning(['id', sql<string>`quantity::text`.as('quantity')])
    .executeTakeFirstOrThrow();
}

/** The caller's line, locked for the change, or undefined when the caller has no such line. */
export async function lockCartLine(db: Db, userId: string, lineId: string) {
  return db
    .selectFrom('catalog.cart_line')
    .select(['id', 'item_id', 'free_text_request_id', sql<string>`quantity::text`.as('quantity')])
    .where('id', '=', lineId)
    .where('user_id', '=', userId)
    .forUpdate()
    .executeTakeFirst();
}

export async function updateCartLine(
  db: Db,
  lineId: string,
  change: {
    quantity: string;
    itemId?: string;
    unitPrice?: string;
    currency?: string;
    freeTextRequestId?: string | null;
  },
): Promise<void> {
  await db
    .updateTable('catalog.cart_line')
    .set({
      quantity: change.quantity,
      updated_at: sql`now()`,
      ...(change.itemId !== undefined ? { item_id: change.itemId } : {}),
      ...(change.unitPrice !== undefined ? { seen_unit_price: change.unitPrice } : {}),
      ...(change.currency !== undefined ? { seen_currency: change.currency } : {}),
      ...(change.freeTextRequestId !== undefined ? { free_text_request_id: change.freeTextRequestId } : {}),
    })
    .where('id', '=', lineId)
    .execute();
}

/**
 * Locks the free-text requests of the user's lines (one, or all when `lineId` is omitted), in id
 * order. Whatever changes a line and its request locks the request first, then the line: removing
 * lines does too, so it cannot deadlock with a buyer sourcing or rejecting one of the requests.
 */
export async function lockRequestsOfLines(db: Db, userId: string, lineId?: string): Promise<string[]> {
  let lines = db
    .selectFrom('catalog.cart_line')
    .select('free_text_request_id')
    .where('user_id', '=', userId)
    .where('free_text_request_id', 'is not', null);
  if (lineId) lines = lines.where('id', '=', lineId);
  const rows = await db
    .selectFrom('catalog.free_text_request')
    .select('id')
    .where('id', 'in', lines)
    .orderBy('id')
    .forUpdate()
    .execute();
  return rows.map((row) => row.id);
}

/**
 * Deletes the user's lines (one, or all when `lineId` is omitted), saying how many and their
 * requests. Only lines without a request or whose request `lockedRequestIds` holds are deleted (a
 * free-text line added meanwhile stays).
 */
export async function deleteCartLines(
  db: Db,
  userId: string,
  lineId: string | undefined,
  lockedRequestIds: readonly string[],
): Promise<{ deleted: number; requestIds: string[] }> {
  let query = db
    .deleteFrom('catalog.cart_line')
    .where('user_id', '=', userId)
    .where((eb) =>
      eb.or([
        eb('free_text_request_id', 'is', null),
        ...(lockedRequestIds.length > 0 ? [eb('free_text_request_id', 'in', lockedRequestIds)] : []),
      ]),
    );
  if (lineId) query = query.where('id', '=', lineId);
  const deleted = await query.returning('free_text_request_id').execute();
  return {
    deleted: deleted.length,
    requestIds: deleted.flatMap((row) => (row.free_text_request_id ? [row.free_text_request_id] : [])),
  };
}

export async function insertFreeTextLine(
  db: Db,
  line: { userId: string; freeTextRequestId: string; quantity: string },
): Promise<void> {
  await db
    .insertInto('catalog.cart_line')
    .values({ user_id: line.userId, free_text_request_id: line.freeTextRequestId, quantity: line.quantity })
    .execute();
}

/**
 * The user's line holding `itemId`, locked, if any: the plain line (no request) when there is one,
 * else the oldest line sourced from a request.
 */
export async function lockItemLineOf(db: Db, userId: string, itemId: string) {
  return db
    .selectFrom('catalog.cart_line')
    .select(['id', 'free_text_request_id', sql<string>`quantity::text`.as('quantity')])
    .where('user_id', '=', userId)
    .where('item_id', '=', itemId)
    .orderBy(sql`free_text_request_id is not null`)
    .orderBy('created_at')
    .orderBy('id')
    .limit(1)
    .forUpdate()
    .executeTakeFirst();
}

/** The line that carries a free-text request, locked, if it is still in a cart. */
export async function lockLineOfRequest(db: Db, requestId: string) {
  return db
    .selectFrom('catalog.cart_line')
    .select(['id', 'user_id', sql<string>`quantity::text`.as('quantity')])
    .where('free_text_request_id', '=', requestId)
    .forUpdate()
    .executeTakeFirst();
}

export async function deleteCartLine(db: Db, lineId: string): Promise<void> {
  await db.deleteFrom('catalog.cart_line').where('id', '=', lineId).execute();
}
