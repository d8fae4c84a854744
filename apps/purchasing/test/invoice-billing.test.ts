// Invoicing's decisions reach purchasing through invoicing's outbox and the event bus: an approved
// invoice moves the order line's commitment from committed to invoiced and its billing status, a
// fully received and invoiced order closes itself (and says so), a payment marks the invoiced
// amount paid, and each invoice counts once however often its event arrives.
import { randomUUID } from 'node:crypto';
import { demoSupplierIds } from '@procura/demo-data';
import { calendarDate } from '@procura/domain';
import {
  applyEventOnce,
  createOutboxRelay,
  type EventBus,
  type EventPayload,
  recordEvent,
  startEventBus,
} from '@procura/events';
import { createTestIdentityKeys } from '@procura/http/testing';
import { type Kysely, sql } from 'kysely';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consumeInvoiceEvents, invoiceHandlers } from '../src/consumers/invoices.consumer.js';
import { loadOrderingData } from '../src/demo/ordering-data.js';
import { accountant, buyer, employee, requisitionTestbed } from './support/requisitions.js';

const bed = requisitionTestbed();
const logger = pino({ level: 'silent' });
const today = calendarDate(new Date());
const costCentreId = employee.costCentreIds[0] ?? '';
let bus: EventBus;

const orders = (method: 'get' | 'post', path: string, body?: object) =>
  bed.callPath(buyer, method, `/api/v1/purchase-orders${path}`, body);

/** An issued order of `quantity` reams at 4.90 from Lemaire, from an approved request: id, line, number. */
async function issuedOrder(quantity: string) {
  const created = await bed.call(employee, 'post', '', {
    title: 'Papier',
    currency: 'EUR',
    lines: [
      {
        source: 'catalog',
        catalogItemId: '7f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b',
        supplierId: demoSupplierIds.lemaire,
        supplierName: 'Lemaire Bureau Distribution',
        description: 'Ramette papier A4 80 g',
        categoryCode: '44121600',
        quantity,
        unitCode: 'C62',
        unitPrice: { amount: '4.90', currency: 'EUR' },
        vatRate: '20',
        costCentreId,
        budgetCategory: '606400',
      },
    ],
  });
  expect(created.status).toBe(201);
  expect((await bed.submit(created.body.id)).body.status).toBe('approved');
  const issued = await orders('post', '/from-requisitions', { requisitionIds: [created.body.id] });
  expect(issued.status).toBe(201);
  const order = (await orders('get', `/${issued.body.purchaseOrders[0].id}`)).body;
  return { id: order.id as string, lineId: order.lines[0].id as string, number: order.number as string };
}

async function receive(order: { id: string; lineId: string }, quantity: string) {
  const answer = await bed.callPath(employee, 'post', `/api/v1/purchase-orders/${order.id}/receipts`, {
    receivedOn: today,
    lines: [{ purchaseOrderLineId: order.lineId, quantity }],
  });
  expect(answer.status).toBe(201);
}

function approvedInvoice(
  order: { id: string; lineId: string },
  quantity: string,
  netAmount: string,
  kind: 'invoice' | 'credit_note' = 'invoice',
): EventPayload<'invoicing.invoice.approved'> {
  return {
    invoiceId: randomUUID(),
    kind,
    number: `F-${randomUUID().slice(0, 8)}`,
    issueDate: today,
    supplierId: demoSupplierIds.lemaire,
    entityId: employee.entityId,
    currency: 'EUR',
    taxExclusiveTotal: netAmount,
    payableAmount: netAmount,
    orderLines: [{ purchaseOrderId: order.id, purchaseOrderLineId: order.lineId, quantity, netAmount }],
    changedAt: new Date().toISOString(),
    approvedBy: accountant.userId,
  };
}

/** Publishes the events as invoicing does: in its outbox, relayed onto the bus. */
async function fromInvoicing(
  ...events: (
    | { type: 'invoicing.invoice.approved'; payload: EventPayload<'invoicing.invoice.approved'> }
    | { type: 'invoicing.invoice.paid'; payload: EventPayload<'invoicing.invoice.paid'> }
  )[]
) {
  await bed.db.transaction().execute(async (trx) => {
    for (const event of events)
      await recordEvent(trx, 'invoicing', { ...event, aggregateId: event.payload.invoiceId } as Parameters<
        typeof recordEvent
      >[2]);
  });
  const relay = createOutboxRelay({ db: bed.db as Kysely<unknown>, schema: 'invoicing', bus, logger });
  expect(await relay.relayOnce()).toBe(events.length);
}

async function ledgerOf(orderId: string) {
  const { rows } = await sql<{ committed: string; invoiced: string; paid: string }>`
    select coalesce(sum(committed), 0)::text as committed, coalesce(sum(invoiced), 0)::text as invoiced,
           coalesce(sum(paid), 0)::text as paid
    from purchasing.commitment_entry where commitment_id = ${orderId}`.execute(bed.db);
  return rows[0];
}

async function waitFor<T>(probe: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  let value = await probe();
  for (let i = 0; i < 150 && !done(value); i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    value = await probe();
  }
  return value;
}

const orderView = async (id: string) => (await orders('get', `/${id}`)).body;

beforeAll(async () => {
  await loadOrderingData(bed.db);
  await bed.useRules([]);
  bus = await startEventBus({ connectionString: bed.url, logger });
  await consumeInvoiceEvents({
    db: bed.db,
    bus,
    logger,
    identityKey: (await createTestIdentityKeys()).verifyKey,
    readiness: [],
  });
});
afterAll(async () => {
  await bus.stop({ graceful: false, wait: true });
});

/** Applies one event as purchasing's consumer does, under a new event id. */
async function apply<T extends 'invoicing.invoice.approved' | 'invoicing.invoice.refused'>(
  type: T,
  payload: EventPayload<T>,
) {
  return applyEventOnce(
    { db: bed.db, schema: 'purchasing', queue: 'purchasing.invoices', handlers: invoiceHandlers },
    {
      id: randomUUID(),
      type,
      source: 'invoicing',
      aggregateId: payload.invoiceId,
      occurredAt: payload.changedAt,
      payload,
    },
  );
}

describe('invoices approved and paid, from invoicing', () => {
  it('moves committed to invoiced and the billing status, then closes the order received and invoiced in full', async () => {
    const order = await issuedOrder('10');
    await receive(order, '10');
    expect(await ledgerOf(order.id)).toEqual({ committed: '49.00', invoiced: '0.00', paid: '0.00' });

    const first = approvedInvoice(order, '4', '19.60');
    await fromInvoicing({ type: 'invoicing.invoice.approved', payload: first });
    const partly = await waitFor(
      () => orderView(order.id),
      (o) => o.billingStatus === 'partial',
    );
    expect(partly).toMatchObject({ billingStatus: 'partial', status: 'issued' });
    expect(partly.lines[0].invoicedQuantity).toBe('4');
    expect(await ledgerOf(order.id)).toEqual({ committed: '29.40', invoiced: '19.60', paid: '0.00' });

    const second = approvedInvoice(order, '6', '29.40');
    await fromInvoicing({ type: 'invoicing.invoice.approved', payload: second });
    const closed = await waitFor(
      () => orderView(order.id),
      (o) => o.status === 'closed',
    );
    expect(closed).toMatchObject({ status: 'closed', billingStatus: 'full', receiptStatus: 'full' });
    expect(await ledgerOf(order.id)).toEqual({ committed: '0.00', invoiced: '49.00', paid: '0.00' });
    const closedEvent = await bed.db
      .selectFrom('purchasing.outbox_event')
      .select('payload')
      .where('event_type', '=', 'purchasing.purchase-order.closed')
      .where('aggregate_id', '=', order.id)
      .executeTakeFirstOrThrow();
    expect(closedEvent.payload).toMatchObject({ reason: 'Received and invoiced in full', status: 'closed' });
    const billed = await bed.db
      .selectFrom('purchasing.purchase_order_line')
      .select(['invoiced_quantity', 'invoiced_amount'])
      .where('id', '=', order.lineId)
      .executeTakeFirstOrThrow();
    expect(billed).toEqual({ invoiced_quantity: '10.0000', invoiced_amount: '49.00' });

    // Paid in a payment run: invoiced becomes paid, once, though the event comes twice.
    const { approvedBy: _, ...record } = first;
    const paidPayload = { ...record, paidOn: today, paymentRunId: randomUUID() };
    await fromInvoicing(
      { type: 'invoicing.invoice.paid', payload: paidPayload },
      { type: 'invoicing.invoice.paid', payload: paidPayload },
    );
    const ledger = await waitFor(
      () => ledgerOf(order.id),
      (l) => l?.paid === '19.60',
    );
    expect(ledger).toEqual({ committed: '0.00', invoiced: '49.00', paid: '19.60' });
  });

  it('counts an invoice once, whether its event is delivered twice or sent again under a new id', async () => {
    const order = await issuedOrder('10');
    const invoice = approvedInvoice(order, '3', '14.70');
    const applyAs = (id: string) =>
      applyEventOnce(
        { db: bed.db, schema: 'purchasing', queue: 'purchasing.invoices', handlers: invoiceHandlers },
        {
          id,
          type: 'invoicing.invoice.approved',
          source: 'invoicing',
          aggregateId: invoice.invoiceId,
          occurredAt: invoice.changedAt,
          payload: invoice,
        },
      );
    const eventId = randomUUID();
    expect(await applyAs(eventId)).toBe(true);
    expect(await applyAs(eventId)).toBe(false);
    expect(await applyAs(randomUUID())).toBe(true);
    expect(await ledgerOf(order.id)).toEqual({ committed: '34.30', invoiced: '14.70', paid: '0.00' });
    expect((await orderView(order.id)).lines[0].invoicedQuantity).toBe('3');
    // Not received: billed in full, the order stays open until the goods arrive.
    await apply('invoicing.invoice.approved', approvedInvoice(order, '7', '34.30'));
    expect(await orderView(order.id)).toMatchObject({ billingStatus: 'full', status: 'issued' });
  });

  it('takes a credit note back from invoiced and commits again what the open line still expects', async () => {
    const order = await issuedOrder('10');
    await apply('invoicing.invoice.approved', approvedInvoice(order, '10', '49.00'));
    expect((await orderView(order.id)).billingStatus).toBe('full');
    expect(await ledgerOf(order.id)).toEqual({ committed: '0.00', invoiced: '49.00', paid: '0.00' });
    await apply('invoicing.invoice.approved', approvedInvoice(order, '-2', '-9.80', 'credit_note'));
    const view = await orderView(order.id);
    expect(view.billingStatus).toBe('partial');
    expect(view.lines[0].invoicedQuantity).toBe('8');
    expect(await ledgerOf(order.id)).toEqual({ committed: '9.80', invoiced: '39.20', paid: '0.00' });
  });

  it('no longer counts an invoice refused after its approval, and ignores the refusal of one never approved', async () => {
    const order = await issuedOrder('10');
    const invoice = approvedInvoice(order, '4', '19.60');
    await apply('invoicing.invoice.approved', invoice);
    expect(await ledgerOf(order.id)).toEqual({ committed: '29.40', invoiced: '19.60', paid: '0.00' });
    const { approvedBy: _, ...record } = invoice;
    const refusal = { ...record, reason: 'Livraison non conforme', refusedBy: accountant.userId };
    await apply('invoicing.invoice.refused', refusal);
    await apply('invoicing.invoice.refused', refusal);
    expect(await ledgerOf(order.id)).toEqual({ committed: '49.00', invoiced: '0.00', paid: '0.00' });
    const view = await orderView(order.id);
    expect(view).toMatchObject({ billingStatus: 'none' });
    expect(view.lines[0].invoicedQuantity).toBe('0');

    const neverApproved = { ...refusal, invoiceId: randomUUID() };
    await apply('invoicing.invoice.refused', neverApproved);
    expect(await ledgerOf(order.id)).toEqual({ committed: '49.00', invoiced: '0.00', paid: '0.00' });
  });
});
