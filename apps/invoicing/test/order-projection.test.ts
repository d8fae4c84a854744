// Invoicing matches against its own copy of the purchase order lines and receipts, filled from
// purchasing's outbox through the event bus: an order issued, then received in two parts (one a
// return), then revised, arrives whole and in order even when an older event comes late.
import type { InvoicingDatabase, PurchasingDatabase } from '@procura/db';
import { createTestDatabase, type TestDatabase } from '@procura/db/testing';
import {
  applyEventOnce,
  createOutboxRelay,
  type EventBus,
  type EventPayload,
  recordEvent,
  startEventBus,
} from '@procura/events';
import { createTestIdentityKeys } from '@procura/http/testing';
import type { Kysely } from 'kysely';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  consumePurchaseOrderEvents,
  purchaseOrderHandlers,
} from '../src/consumers/purchase-orders.consumer.js';

const logger = pino({ level: 'silent' });
const orderId = 'a0000000-0000-4000-8000-000000000001';
const lineId = 'a0000000-0000-4000-8000-000000000011';
const serviceLineId = 'a0000000-0000-4000-8000-000000000012';
const person = 'a0000000-0000-4000-8000-0000000000aa';

let database: TestDatabase;
let db: Kysely<InvoicingDatabase>;
let purchasing: Kysely<PurchasingDatabase>;
let bus: EventBus;

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.connect<InvoicingDatabase>();
  purchasing = database.connect<PurchasingDatabase>();
  bus = await startEventBus({ connectionString: database.url, logger });
  await consumePurchaseOrderEvents({
    db,
    bus,
    logger,
    identityKey: (await createTestIdentityKeys()).verifyKey,
    readiness: [],
  });
});
afterAll(async () => {
  await bus.stop({ graceful: false, wait: true });
  await database.drop();
});

function order(changes: {
  revision: number;
  quantity: string;
  changedAt: string;
  status?: 'issued' | 'acknowledged';
}) {
  return {
    purchaseOrderId: orderId,
    number: 'PO-2026-000042',
    revision: changes.revision,
    entityId: person,
    supplierId: person,
    supplierName: 'Lemaire Bureau Distribution',
    currency: 'EUR',
    status: changes.status ?? 'issued',
    buyerUserId: person,
    requesterUserIds: [person],
    lines: [
      {
        purchaseOrderLineId: lineId,
        lineNo: 1,
        reference: 'PAP-A4',
        description: 'Ramette papier A4',
        categoryCode: '14111507',
        quantity: changes.quantity,
        unitCode: 'RM',
        unitPrice: '4.9',
        vatRate: '20',
        amount: { '10': '49.00', '11': '53.90', '12': '58.80' }[changes.quantity] ?? '0.00',
        receiptRequired: true,
        cancelled: false,
        costCentreId: person,
        budgetCategory: '606400',
      },
      {
        purchaseOrderLineId: serviceLineId,
        lineNo: 2,
        reference: 'AUDIT',
        description: 'Audit réseau',
        categoryCode: '81111800',
        quantity: '3',
        unitCode: 'HUR',
        unitPrice: '850',
        vatRate: '20',
        amount: '2550.00',
        receiptRequired: false,
        cancelled: false,
        costCentreId: person,
        budgetCategory: '606400',
      },
    ],
    changedAt: changes.changedAt,
  } satisfies EventPayload<'purchasing.purchase-order.issued'>;
}

const received = (receiptId: string, quantity: string) =>
  ({
    receiptId,
    purchaseOrderId: orderId,
    purchaseOrderNumber: 'PO-2026-000042',
    entityId: person,
    receivedOn: '2026-11-20',
    recordedBy: person,
    lines: [{ purchaseOrderLineId: lineId, quantity }],
    recordedAt: '2026-11-20T10:00:00.000Z',
  }) satisfies EventPayload<'purchasing.goods.received'>;

async function waitFor<T>(probe: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (let i = 0; i < 150; i++) {
    const value = await probe();
    if (done(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('timed out waiting');
}

const lines = () => db.selectFrom('invoicing.order_line').selectAll().orderBy('line_no').execute();

describe('the order projection', () => {
  it('receives orders and receipts from purchasing through the outbox and the bus', async () => {
    await purchasing.transaction().execute(async (trx) => {
      await recordEvent(trx, 'purchasing', {
        type: 'purchasing.purchase-order.issued',
        aggregateId: orderId,
        payload: order({ revision: 1, quantity: '10', changedAt: '2026-11-19T09:00:00.000Z' }),
      });
      await recordEvent(trx, 'purchasing', {
        type: 'purchasing.goods.received',
        aggregateId: orderId,
        payload: received('a0000000-0000-4000-8000-000000000021', '4'),
      });
      await recordEvent(trx, 'purchasing', {
        type: 'purchasing.goods.received',
        aggregateId: orderId,
        payload: received('a0000000-0000-4000-8000-000000000022', '-1'),
      });
    });
    const relay = createOutboxRelay({ db: purchasing as Kysely<unknown>, schema: 'purchasing', bus, logger });
    expect(await relay.relayOnce()).toBe(3);
    const projected = await waitFor(
      lines,
      (found) => found.length === 2 && found[0]?.received_quantity === '3.0000',
    );
    expect(projected[0]).toMatchObject({
      purchase_order_number: 'PO-2026-000042',
      quantity: '10.0000',
      unit_price: '4.9000',
      receipt_required: true,
      received_quantity: '3.0000',
    });
    expect(projected[1]).toMatchObject({ receipt_required: false, received_quantity: '0.0000' });
  });

  it('keeps the newest revision when an older one arrives late, and applies each event once', async () => {
    const envelope = (id: string, payload: ReturnType<typeof order>) => ({
      id,
      type: 'purchasing.purchase-order.changed' as const,
      source: 'purchasing',
      aggregateId: orderId,
      occurredAt: payload.changedAt,
      payload,
    });
    const apply = (event: ReturnType<typeof envelope>) =>
      applyEventOnce(
        { db, schema: 'invoicing', queue: 'invoicing.purchase-orders', handlers: purchaseOrderHandlers },
        event,
      );
    const revised = envelope(
      'a0000000-0000-4000-8000-000000000031',
      order({ revision: 3, quantity: '12', changedAt: '2026-11-21T09:00:00.000Z' }),
    );
    const late = envelope(
      'a0000000-0000-4000-8000-000000000032',
      order({ revision: 2, quantity: '11', changedAt: '2026-11-20T09:00:00.000Z', status: 'acknowledged' }),
    );
    expect(await apply(revised)).toBe(true);
    expect(await apply(late)).toBe(true);
    expect(await apply(revised)).toBe(false);
    const [goods] = await lines();
    expect(goods).toMatchObject({
      revision: 3,
      quantity: '12.0000',
      order_status: 'issued',
      received_quantity: '3.0000',
    });
  });
});
