import type { CatalogDatabase } from '@procura/db';
import {
  type CartLineInput,
  type CartLineIssue,
  calendarDate,
  cartTotals,
  DomainError,
  formatDecimal,
  isDomainError,
  nextFreeTextRequestStatus,
  type PricedCartLine,
  priceCartLine,
  priceForQuantity,
  toDecimal,
} from '@procura/domain';
import type { Kysely } from 'kysely';
import {
  type CartLineRow,
  deleteCartLine,
  deleteCartLines,
  findOrderableItemForCart,
  insertFreeTextLine,
  listCartLines,
  lockCartLine,
  lockItemLineOf,
  lockLineOfRequest,
  lockRequestsOfLines,
  updateCartLine,
  upsertItemLine,
} from '../repositories/cart.repository.js';
import {
  insertFreeTextRequest,
  lockFreeTextRequest,
  type NewFreeTextRequest,
  updateFreeTextRequestStatus,
  withdrawPendingRequests,
} from '../repositories/free-text-request.repository.js';
import { canonicalDecimal } from '../repositories/item.repository.js';
import type { OrderingCaller } from '../repositories/orderable.js';
import { supplierExists } from '../repositories/supplier.repository.js';

type Db = Kysely<CatalogDatabase>;

/** Who the cart belongs to: the person, by the user id of the identity token (not the session). */
export interface CartOwner {
  userId: string;
  displayName: string;
  entityId: string;
  siteId: string | null;
}

type Amount = { amount: string; currency: string };

export interface CartLineView {
  id: string;
  kind: 'item' | 'free_text';
  quantity: string;
  item: {
    id: string;
    supplierSku: string;
    name: { fr: string; en: string };
    supplier: { id: string; name: string };
    unitCode: string;
    minOrderQuantity: string;
  } | null;
  /** The free-text request the line came from (kept after a buyer sourced it with a catalog item). */
  freeText: {
    requestId: string;
    description: string;
    unitCode: string;
    categoryCode: string | null;
    suggestedSupplier: { id: string | null; name: string } | null;
    url: string | null;
    notes: string | null;
    status: string;
    rejectionReason: string | null;
  } | null;
  unitPrice: Amount;
  tierMinQuantity: string | null;
  netAmount: Amount;
  vatRate: string;
  estimated: boolean;
  priceChange: { from: Amount; to: Amount } | null;
  issues: CartLineIssue[];
  orderable: boolean;
}

export interface Cart {
  lines: CartLineView[];
  /** Net, VAT and gross per currency, over the lines that can be ordered. */
  totals: { currency: string; netAmount: Amount; vatAmount: Amount; grossAmount: Amount }[];
}

function toLineInput(row: CartLineRow): CartLineInput {
  if (row.item) {
    return {
      kind: 'item',
      quantity: row.quantity,
      seenUnitPrice: row.seen_unit_price ?? row.item.unitPrice,
      seenCurrency: row.seen_currency ?? row.item.currency,
      current: {
        pricing: {
          unitPrice: row.item.unitPrice,
          minOrderQuantity: row.item.minOrderQuantity,
          tiers: row.item.tiers,
          validFrom: row.item.validFrom,
          validTo: row.item.validTo,
        },
        currency: row.item.currency,
        vatRate: row.item.vatRate,
        notOrderableBecause: row.item.notOrderableBecause,
      },
    };
  }
  if (!row.request) throw new Error(`cart line ${row.id} has neither an item nor a request`);
  return {
    kind: 'free_text',
    quantity: row.quantity,
    estimatedUnitPrice: row.request.estimatedUnitPrice,
    currency: row.request.currency,
    vatRate: row.request.vatRate,
    status: row.request.status,
  };
}

function toLineView(row: CartLineRow, priced: PricedCartLine): CartLineView {
  const { item, request } = row;
  return {
    id: row.id,
    kind: item ? 'item' : 'free_text',
    quantity: canonicalDecimal(row.quantity, 0),
    item: item && {
      id: item.id,
      supplierSku: item.supplierSku,
      name: item.name,
      supplier: item.supplier,
      unitCode: item.unitCode,
      minOrderQuantity: canonicalDecimal(item.minOrderQuantity, 0),
    },
    freeText: request && {
      requestId: request.id,
      description: request.description,
      unitCode: request.unitCode,
      categoryCode: request.categoryCode,
      suggestedSupplier: request.suggestedSupplierName
        ? { id: request.suggestedSupplierId, name: request.suggestedSupplierName }
        : null,
      url: request.url,
      notes: request.notes,
      status: request.status,
      rejectionReason: request.rejectionReason,
    },
    unitPrice: priced.unitPrice.toJSON(),
    tierMinQuantity: priced.tierMinQuantity && canonicalDecimal(priced.tierMinQuantity, 0),
    netAmount: priced.netAmount.toJSON(),
    vatRate: priced.vatRate,
    estimated: priced.estimated,
    priceChange: priced.priceChange && {
      from: priced.priceChange.from.toJSON(),
      to: priced.priceChange.to.toJSON(),
    },
    issues: [...priced.issues],
    orderable: priced.orderable,
  };
}

/** The cart as it stands today: every line re-priced from the current price list and flagged. */
export async function readCart(db: Db, owner: CartOwner, now: Date): Promise<Cart> {
  const today = calendarDate(now);
  const rows = await listCartLines(db, { ...owner, today });
  const priced = rows.map((row) => priceCartLine(toLineInput(row), today));
  return {
    lines: rows.map((row, index) => toLineView(row, priced[index] as PricedCartLine)),
    totals: cartTotals(priced).map((total) => ({
      currency: total.currency,
      netAmount: total.netAmount.toJSON(),
      vatAmount: total.vatAmount.toJSON(),
      grossAmount: total.grossAmount.toJSON(),
    })),
  };
}

async function orderableItem(db: Db, caller: OrderingCaller, itemId: string) {
  const item = await findOrderableItemForCart(db, caller, itemId);
  if (!item)
    throw new DomainError('not_found', `Item ${itemId} does not exist or cannot be ordered by your entity.`);
  return item;
}

/**
 * Adds an item to the cart, or more of it to its line. The quantity added must reach the minimum
 * order quantity; the line records the tier price of its new quantity.
 */
export async function addItemLine(
  trx: Db,
  owner: CartOwner,
  command: { itemId: string; quantity: string },
  now: Date,
): Promise<Cart> {
  const today = calendarDate(now);
  const item = await orderableItem(trx, { ...owner, today }, command.itemId);
  const price = priceForQuantity(item.pricing, command.quantity, today);
  const line = await upsertItemLine(trx, {
    userId: owner.userId,
    itemId: item.id,
    quantity: command.quantity,
    unitPrice: price.unitPrice,
    currency: item.currency,
  });
  if (line.quantity !== command.quantity) {
    const summed = priceForQuantity(item.pricing, line.quantity, today);
    await updateCartLine(trx, line.id, {
      quantity: line.quantity,
      unitPrice: summed.unitPrice,
      currency: item.currency,
    });
  }
  return readCart(trx, owner, now);
}

/** Adds a line for something the catalog does not hold, and the request a buyer will handle. */
export async function addFreeTextLine(
  trx: Db,
  owner: CartOwner,
  command: Omit<NewFreeTextRequest, 'requesterId' | 'requesterName' | 'entityId' | 'siteId'> & {
    quantity: string;
  },
  now: Date,
): Promise<Cart> {
  if (command.suggestedSupplierId && !(await supplierExists(trx, command.suggestedSupplierId))) {
    const reason = 'is not a known supplier';
    throw new DomainError('validation_failed', `Supplier ${command.suggestedSupplierId} ${reason}.`, [
      { field: 'body.suggestedSupplierId', reason },
    ]);
  }
  const { quantity, ...request } = command;
  const requestId = await insertFreeTextRequest(trx, {
    ...request,
    requesterId: owner.userId,
    requesterName: owner.displayName,
    entityId: owner.entityId,
    siteId: owner.siteId,
  });
  await insertFreeTextLine(trx, { userId: owner.userId, freeTextRequestId: requestId, quantity });
  return readCart(trx, owner, now);
}

const lineNotFound = (lineId: string) => new DomainError('not_found', `Your cart has no line ${lineId}.`);

/** Sets a line's quantity; a catalog line is re-priced for it and must still be orderable. */
export async function changeLineQuantity(
  trx: Db,
  owner: CartOwner,
  command: { lineId: string; quantity: string },
  now: Date,
): Promise<Cart> {
  const line = await lockCartLine(trx, owner.userId, command.lineId);
  if (!line) throw lineNotFound(command.lineId);
  if (line.item_id) {
    const item = await findOrderableItemForCart(trx, { ...owner, today: calendarDate(now) }, line.item_id);
    if (!item) {
      throw new DomainError(
        'item_not_orderable',
        'This item can no longer be ordered: remove the line from your cart.',
      );
    }
    const price = priceForQuantity(item.pricing, command.quantity, calendarDate(now));
    await updateCartLine(trx, line.id, {
      quantity: command.quantity,
      unitPrice: price.unitPrice,
      currency: item.currency,
    });
  } else {
    await updateCartLine(trx, line.id, { quantity: command.quantity });
  }
  return readCart(trx, owner, now);
}

/**
 * Removes one line (or every line): a free-text request still pending is withdrawn with it. The
 * requests are locked before their lines, in the order sourcing and rejecting lock them.
 */
export async function removeCartLines(
  trx: Db,
  owner: CartOwner,
  lineId: string | undefined,
  now: Date,
): Promise<Cart> {
  const locked = await lockRequestsOfLines(trx, owner.userId, lineId);
  const { deleted, requestIds } = await deleteCartLines(trx, owner.userId, lineId, locked);
  if (lineId && deleted === 0) throw lineNotFound(lineId);
  await withdrawPendingRequests(trx, requestIds, now);
  return readCart(trx, owner, now);
}

/**
 * A buyer sources a pending request with a catalog item: the requester's line becomes that item,
 * priced from its price list, and keeps showing the request's status. It merges into the
 * requester's plain line for the item if they have one (which then carries the request); a line for
 * the item that already carries another request is left alone, and the sourced line stays beside it,
 * so neither request loses its line. Locks the request, then the lines, as removal does.
 */
export async function sourceFreeTextRequest(
  trx: Db,
  buyer: { userId: string; entityId: string },
  command: { requestId: string; itemId: string },
  now: Date,
): Promise<void> {
  const request = await lockFreeTextRequest(trx, command.requestId, buyer.entityId);
  if (!request) throw new DomainError('not_found', `There is no free-text request ${command.requestId}.`);
  const status = nextFreeTextRequestStatus(request.status, 'source');
  const item = await orderableItem(
    trx,
    { entityId: request.entity_id, siteId: request.site_id, today: calendarDate(now) },
    command.itemId,
  );
  await updateFreeTextRequestStatus(trx, request.id, {
    status,
    sourcedItemId: item.id,
    handledBy: buyer.userId,
    handledAt: now,
  });
  const line = await lockLineOfRequest(trx, request.id);
  if (!line) return;
  const found = await lockItemLineOf(trx, line.user_id, item.id);
  const existing = found && found.free_text_request_id === null ? found : undefined;
  const quantity = existing ? sumQuantities(existing.quantity, line.quantity) : line.quantity;
  const unitPrice = tierPriceOrBase(item.pricing, quantity, calendarDate(now));
  if (existing) {
    await deleteCartLine(trx, line.id);
    await updateCartLine(trx, existing.id, {
      quantity,
      unitPrice,
      currency: item.currency,
      freeTextRequestId: request.id,
    });
  } else {
    await updateCartLine(trx, line.id, { quantity, itemId: item.id, unitPrice, currency: item.currency });
  }
}

/** A buyer refuses a pending request, saying why; the requester's line shows it, out of the totals. */
export async function rejectFreeTextRequest(
  trx: Db,
  buyer: { userId: string; entityId: string },
  command: { requestId: string; reason: string },
  now: Date,
): Promise<void> {
  const request = await lockFreeTextRequest(trx, command.requestId, buyer.entityId);
  if (!request) throw new DomainError('not_found', `There is no free-text request ${command.requestId}.`);
  await updateFreeTextRequestStatus(trx, request.id, {
    status: nextFreeTextRequestStatus(request.status, 'reject'),
    rejectionReason: command.reason,
    handledBy: buyer.userId,
    handledAt: now,
  });
}

function sumQuantities(a: string, b: string): string {
  return formatDecimal(toDecimal(a).plus(toDecimal(b)));
}

/** The price to record for a sourced line, whose quantity the requester chose before the minimum was known. */
function tierPriceOrBase(
  pricing: Parameters<typeof priceForQuantity>[0],
  quantity: string,
  today: string,
): string {
  try {
    return priceForQuantity(pricing, quantity, today).unitPrice;
  } catch (error) {
    if (isDomainError(error, 'below_minimum_order_quantity')) return pricing.unitPrice;
    throw error;
  }
}
