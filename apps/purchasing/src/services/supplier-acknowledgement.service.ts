// The supplier acknowledges an order (with the delivery date it promises) or declines it (with a
// reason) through the link in the order e-mail. Suppliers have no account: the link is the order id
// and revision signed with the service's secret (HMAC-SHA256, its own purpose string), answered on
// a public page. It works once per revision: the revision row is locked and its acknowledgement
// recorded in one transaction; a newer revision supersedes the older links.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { PurchasingDatabase } from '@procura/db';
import { calendarDate, DomainError, isCalendarDate, nextPurchaseOrderStatus } from '@procura/domain';
import { recordEvent } from '@procura/events';
import type { Kysely, Transaction } from 'kysely';
import { purchaseOrderRecord } from '../repositories/purchase-order.repository.js';

export interface SupplierLinkSettings {
  /** The HMAC key (the approval links' secret, used with another purpose string). */
  secret: string;
  /** The web app's address, where the supplier's page is. */
  publicUrl: string;
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function signature(secret: string, payload: string): Buffer {
  return createHmac('sha256', secret).update(`procura-supplier-acknowledgement\n${payload}`).digest();
}

export function supplierAcknowledgementToken(secret: string, orderId: string, revision: number): string {
  const payload = `${orderId}.${revision}`;
  return `${payload}.${signature(secret, payload).toString('base64url')}`;
}

export function supplierAcknowledgementUrl(
  settings: SupplierLinkSettings,
  orderId: string,
  revision: number,
): string {
  return `${settings.publicUrl.replace(/\/$/, '')}/supplier/orders/${supplierAcknowledgementToken(settings.secret, orderId, revision)}`;
}

/** The order and revision a token names when its signature holds; `not_found` otherwise. */
export function readSupplierToken(secret: string, token: string): { orderId: string; revision: number } {
  const [orderId, revision, signed, ...rest] = token.split('.');
  const refuse = () => new DomainError('not_found', 'This link is not valid: check it was copied whole.');
  if (
    rest.length > 0 ||
    !orderId ||
    !uuid.test(orderId) ||
    !revision ||
    !/^\d{1,4}$/.test(revision) ||
    !signed
  )
    throw refuse();
  const expected = signature(secret, `${orderId}.${revision}`);
  const given = Buffer.from(signed, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw refuse();
  return { orderId, revision: Number(revision) };
}

type Db = Kysely<PurchasingDatabase> | Transaction<PurchasingDatabase>;

/** What the supplier sees on the page: the order, its revision and whether it was answered. */
export async function supplierOrderView(db: Db, settings: SupplierLinkSettings, token: string) {
  const { orderId, revision } = readSupplierToken(settings.secret, token);
  const row = await db
    .selectFrom('purchasing.purchase_order_revision as r')
    .innerJoin('purchasing.purchase_order as o', 'o.id', 'r.purchase_order_id')
    .innerJoin('purchasing.directory_entity as e', 'e.entity_id', 'o.entity_id')
    .leftJoin('purchasing.supplier_party as s', 's.supplier_id', 'o.supplier_id')
    .select([
      'o.number',
      'o.status',
      'o.revision as current_revision',
      'o.currency',
      'o.delivery_date',
      'o.supplier_name',
      'e.legal_name as buyer_name',
      's.language',
      'r.acknowledgement',
      'r.acknowledged_at',
      'r.promised_date',
      'r.decline_reason',
    ])
    .where('r.purchase_order_id', '=', orderId)
    .where('r.revision', '=', revision)
    .where('r.status', '=', 'issued')
    .executeTakeFirst();
  if (!row) throw new DomainError('not_found', 'This order does not exist.');
  const lines = await db
    .selectFrom('purchasing.purchase_order_line')
    .select(['line_no', 'description', 'quantity', 'unit_code', 'unit_price', 'amount', 'cancelled'])
    .where('purchase_order_id', '=', orderId)
    .orderBy('line_no')
    .execute();
  return {
    number: row.number,
    revision,
    currentRevision: row.current_revision,
    status: row.status,
    buyer: row.buyer_name,
    supplier: row.supplier_name,
    language: row.language ?? 'fr',
    currency: row.currency,
    deliveryDate: row.delivery_date,
    lines: lines
      .filter((l) => !l.cancelled)
      .map((l) => ({
        lineNo: l.line_no,
        description: l.description,
        quantity: l.quantity,
        unitCode: l.unit_code,
        unitPrice: l.unit_price,
        amount: l.amount,
      })),
    acknowledgement: {
      status: row.acknowledgement,
      at: row.acknowledged_at?.toISOString() ?? null,
      promisedDate: row.promised_date,
      declineReason: row.decline_reason,
    },
  };
}

export type SupplierAnswer =
  | { decision: 'acknowledge'; promisedDate: string; comment?: string | null | undefined }
  | { decision: 'decline'; reason: string };

/**
 * Records the supplier's answer to a revision, once. A revision superseded by a newer one, an order
 * cancelled or closed, or an answer already given: `conflict` saying which.
 */
export async function answerAsSupplier(
  trx: Transaction<PurchasingDatabase>,
  settings: SupplierLinkSettings,
  token: string,
  answer: SupplierAnswer,
  now: Date,
): Promise<void> {
  const { orderId, revision } = readSupplierToken(settings.secret, token);
  const order = await trx
    .selectFrom('purchasing.purchase_order')
    .selectAll()
    .where('id', '=', orderId)
    .forUpdate()
    .executeTakeFirst();
  const row = await trx
    .selectFrom('purchasing.purchase_order_revision')
    .select(['acknowledgement', 'status'])
    .where('purchase_order_id', '=', orderId)
    .where('revision', '=', revision)
    .executeTakeFirst();
  if (!order || !row || row.status !== 'issued')
    throw new DomainError('not_found', 'This order does not exist.');
  if (row.acknowledgement === 'superseded' || order.revision !== revision)
    throw new DomainError(
      'conflict',
      `Order ${order.number} has been revised or withdrawn since: answer the latest e-mail.`,
      {
        acknowledgement: 'superseded',
      },
    );
  if (row.acknowledgement !== 'awaiting')
    throw new DomainError('conflict', `Order ${order.number} was already ${row.acknowledgement}.`, {
      acknowledgement: row.acknowledgement,
    });
  if (order.status === 'cancelled' || order.status === 'closed')
    throw new DomainError('conflict', `Order ${order.number} is ${order.status}.`, { status: order.status });
  if (answer.decision === 'acknowledge') {
    if (!isCalendarDate(answer.promisedDate) || answer.promisedDate < calendarDate(now))
      throw new DomainError('validation_failed', 'The promised delivery date must be a date from today.', [
        { field: 'promisedDate', reason: `must be a date such as ${calendarDate(now)}, not in the past` },
      ]);
    await trx
      .updateTable('purchasing.purchase_order_revision')
      .set({ acknowledgement: 'acknowledged', acknowledged_at: now, promised_date: answer.promisedDate })
      .where('purchase_order_id', '=', orderId)
      .where('revision', '=', revision)
      .execute();
    await trx
      .updateTable('purchasing.purchase_order')
      .set({ status: nextPurchaseOrderStatus(order.status, 'acknowledge'), version: order.version + 1 })
      .where('id', '=', orderId)
      .execute();
  } else {
    await trx
      .updateTable('purchasing.purchase_order_revision')
      .set({ acknowledgement: 'declined', acknowledged_at: now, decline_reason: answer.reason })
      .where('purchase_order_id', '=', orderId)
      .where('revision', '=', revision)
      .execute();
    await trx
      .updateTable('purchasing.purchase_order')
      .set({ version: order.version + 1 })
      .where('id', '=', orderId)
      .execute();
  }
  await recordEvent(trx, 'purchasing', {
    type: 'purchasing.purchase-order.changed',
    aggregateId: orderId,
    payload: await purchaseOrderRecord(trx, orderId, now),
  });
}
