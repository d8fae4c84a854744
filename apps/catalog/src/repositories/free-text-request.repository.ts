import type { CatalogDatabase, FreeTextRequestStatus } from '@procura/db';
import { type Kysely, sql } from 'kysely';
import { canonicalDecimal } from './item.repository.js';

type Db = Kysely<CatalogDatabase>;

export interface NewFreeTextRequest {
  requesterId: string;
  requesterName: string;
  entityId: string;
  siteId: string | null;
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
}

/** A free-text request as a buyer sees it. */
export interface FreeTextRequest {
  id: string;
  requester: { userId: string; displayName: string };
  description: string;
  /** The quantity of its cart line; null once the line has left the cart. */
  quantity: string | null;
  unitCode: string;
  estimatedUnitPrice: { amount: string; currency: string };
  vatRate: string;
  categoryCode: string | null;
  suggestedSupplier: { id: string | null; name: string } | null;
  url: string | null;
  notes: string | null;
  status: FreeTextRequestStatus;
  sourcedItemId: string | null;
  rejectionReason: string | null;
  handledAt: string | null;
  createdAt: string;
}

export async function insertFreeTextRequest(db: Db, request: NewFreeTextRequest): Promise<string> {
  const { id } = await db
    .insertInto('catalog.free_text_request')
    .values({
      requester_id: request.requesterId,
      requester_name: request.requesterName,
      entity_id: request.entityId,
      site_id: request.siteId,
      description: request.description,
      estimated_unit_price: request.estimatedUnitPrice,
      currency: request.currency,
      vat_rate: request.vatRate,
      unit_code: request.unitCode,
      category_code: request.categoryCode,
      suggested_supplier_id: request.suggestedSupplierId,
      suggested_supplier_name: request.suggestedSupplierName,
      url: request.url,
      notes: request.notes,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

function freeTextRequests(db: Db) {
  return db
    .selectFrom('catalog.free_text_request as r')
    .leftJoin('catalog.cart_line as cl', 'cl.free_text_request_id', 'r.id')
    .leftJoin('catalog.supplier as s', 's.id', 'r.suggested_supplier_id')
    .select([
      'r.id',
      'r.requester_id',
      'r.requester_name',
      'r.description',
      sql<string | null>`cl.quantity::text`.as('quantity'),
      'r.unit_code',
      sql<string>`r.estimated_unit_price::text`.as('estimated_unit_price'),
      'r.currency',
      sql<string>`r.vat_rate::text`.as('vat_rate'),
      'r.category_code',
      'r.suggested_supplier_id',
      sql<string | null>`coalesce(s.name, r.suggested_supplier_name)`.as('suggested_supplier_name'),
      'r.url',
      'r.notes',
      'r.status',
      'r.sourced_item_id',
      'r.rejection_reason',
      'r.handled_at',
      'r.created_at',
    ]);
}

type RequestRow = Awaited<ReturnType<ReturnType<typeof freeTextRequests>['executeTakeFirstOrThrow']>>;

function toFreeTextRequest(row: RequestRow): FreeTextRequest {
  return {
    id: row.id,
    requester: { userId: row.requester_id, displayName: row.requester_name },
    description: row.description,
    quantity: row.quantity === null ? null : canonicalDecimal(row.quantity, 0),
    unitCode: row.unit_code,
    estimatedUnitPrice: { amount: canonicalDecimal(row.estimated_unit_price), currency: row.currency },
    vatRate: canonicalDecimal(row.vat_rate, 0),
    categoryCode: row.category_code,
    suggestedSupplier:
      row.suggested_supplier_name === null
        ? null
        : { id: row.suggested_supplier_id, name: row.suggested_supplier_name },
    url: row.url,
    notes: row.notes,
    status: row.status,
    sourcedItemId: row.sourced_item_id,
    rejectionReason: row.rejection_reason,
    handledAt: row.handled_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
  };
}

/** The requests of an entity, oldest first (the queue a buyer works through), optionally of one status. */
export async function listFreeTextRequests(
  db: Db,
  filter: { entityId: string; status?: FreeTextRequestStatus | undefined },
): Promise<FreeTextRequest[]> {
  let query = freeTextRequests(db).where('r.entity_id', '=', filter.entityId);
  if (filter.status) query = query.where('r.status', '=', filter.status);
  const rows = await query.orderBy('r.created_at').orderBy('r.id').execute();
  return rows.map(toFreeTextRequest);
}

export async function findFreeTextRequest(db: Db, id: string): Promise<FreeTextRequest | undefined> {
  const row = await freeTextRequests(db).where('r.id', '=', id).executeTakeFirst();
  return row ? toFreeTextRequest(row) : undefined;
}

/** The request, locked, if it belongs to `entityId`. */
export async function lockFreeTextRequest(db: Db, id: string, entityId: string) {
  return db
    .selectFrom('catalog.free_text_request')
    .select(['id', 'status', 'entity_id', 'site_id', 'requester_id'])
    .where('id', '=', id)
    .where('entity_id', '=', entityId)
    .forUpdate()
    .executeTakeFirst();
}

export async function updateFreeTextRequestStatus(
  db: Db,
  id: string,
  change: {
    status: FreeTextRequestStatus;
    sourcedItemId?: string;
    rejectionReason?: string;
    handledBy?: string;
    handledAt?: Date;
  },
): Promise<void> {
  await db
    .updateTable('catalog.free_text_request')
    .set({
      status: change.status,
      sourced_item_id: change.sourcedItemId ?? null,
      rejection_reason: change.rejectionReason ?? null,
      handled_by: change.handledBy ?? null,
      handled_at: change.handledAt ?? null,
    })
    .where('id', '=', id)
    .execute();
}

/** Marks the still pending requests among `ids` withdrawn (their lines left the cart); returns none. */
export async function withdrawPendingRequests(db: Db, ids: readonly string[], now: Date): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('catalog.free_text_request')
    .set({ status: 'withdrawn', handled_at: now })
    .where('id', 'in', ids)
    .where('status', '=', 'pending')
    .execute();
}
