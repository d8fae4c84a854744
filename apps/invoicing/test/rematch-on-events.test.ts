// Invoices re-match by themselves: when purchasing changes, cancels or receives on an order, in the
// transaction that records the event; and a tolerance change or a receipt arriving while an invoice
// on the same lines is being received waits for it, then re-matches it too.
import { randomUUID } from 'node:crypto';
import type { InvoicingDatabase } from '@procura/db';
import { resolveLimits } from '@procura/einvoice';
import { type Seller, ublDocument } from '@procura/einvoice/samples';
import { applyEventOnce, type EventEnvelope, type EventPayload, type EventType } from '@procura/events';
import type { Transaction } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { purchaseOrderHandlers } from '../src/consumers/purchase-orders.consumer.js';
import { readInvoiceFile, receiveInvoiceFile } from '../src/services/invoice-intake.service.js';
import { createToleranceRule } from '../src/services/tolerance-rule.service.js';
import { accountant, entityId, intakeTestbed, martin } from './support/intake.js';

type Trx = Transaction<InvoicingDatabase>;

const bed = intakeTestbed();
const xml = 'application/xml';
const martinSeller: Seller = { name: martin.name, vatNumber: martin.vatNumber, siren: martin.siren };
const person = accountant.userId;

const envelope = <T extends EventType>(type: T, payload: EventPayload<T>): EventEnvelope<T> => ({
  id: randomUUID(),
  type,
  source: 'purchasing',
  aggregateId: randomUUID(),
  occurredAt: new Date().toISOString(),
  payload,
});
const fromPurchasing = (event: EventEnvelope) =>
  applyEventOnce(
    { db: bed.db, schema: 'invoicing', queue: 'invoicing.purchase-orders', handlers: purchaseOrderHandlers },
    event,
  );

/** One order of one line, as purchasing announces it at each revision. */
function orderOf(
  order: { id: string; number: string; lineId: string },
  state: {
    revision: number;
    quantity: string;
    receiptRequired: boolean;
    status?: 'issued' | 'cancelled' | 'closed';
  },
): EventPayload<'purchasing.purchase-order.issued'> {
  return {
    purchaseOrderId: order.id,
    number: order.number,
    revision: state.revision,
    entityId,
    supplierId: martin.supplierId,
    supplierName: martin.name,
    currency: 'EUR',
    status: state.status ?? 'issued',
    buyerUserId: person,
    requesterUserIds: [person],
    lines: [
      {
        purchaseOrderLineId: order.lineId,
        lineNo: 1,
        reference: 'PAP-A4',
        description: 'Ramette papier A4',
        categoryCode: '14111507',
        quantity: state.quantity,
        unitCode: 'C62',
        unitPrice: '10.00',
        vatRate: '20',
        amount: '0.00',
        receiptRequired: state.receiptRequired,
        cancelled: false,
        costCentreId: person,
        budgetCategory: '606400',
      },
    ],
    changedAt: new Date(Date.UTC(2026, 9, 1, state.revision)).toISOString(),
  };
}

const receipt = (order: { number: string; lineId: string }, quantity: string) =>
  envelope('purchasing.goods.received', {
    receiptId: randomUUID(),
    purchaseOrderId: randomUUID(),
    purchaseOrderNumber: order.number,
    entityId,
    receivedOn: '2026-10-20',
    recordedBy: person,
    lines: [{ purchaseOrderLineId: order.lineId, quantity }],
    recordedAt: '2026-10-20T10:00:00.000Z',
  });

const newOrder = (number: string) => ({ id: randomUUID(), number, lineId: randomUUID() });

function invoiceFile(number: string, order: string, line: { quantity: string; price: string }) {
  return ublDocument({
    number,
    // A day per invoice: the same amount on the same day would be a possible duplicate.
    issueDate: `2026-11-${number.slice(-2)}`,
    seller: martinSeller,
    order,
    lines: [
      {
        id: '1',
        name: 'Ramette papier A4',
        quantity: line.quantity,
        unit: 'C62',
        price: line.price,
        rate: '20',
        orderLine: '1',
      },
    ],
  });
}

async function upload(number: string, order: string, line: { quantity: string; price: string }) {
  const answer = await bed.upload(accountant, invoiceFile(number, order, line), xml);
  expect(answer.status).toBe(201);
  return answer.body as { id: string; match: { status: string; reasons: string[] } };
}

/** Receives an invoice in the caller's transaction, as the route does. */
async function receiveIn(trx: Trx, number: string, order: string, line: { quantity: string; price: string }) {
  const bytes = Buffer.from(invoiceFile(number, order, line));
  const outcome = await receiveInvoiceFile(
    trx,
    {
      bytes,
      contentType: xml,
      fileName: null,
      keyedFromFileId: null,
      receivedBy: { id: accountant.userId, name: accountant.displayName, kind: 'user' },
      receivedAt: new Date(),
    },
    await readInvoiceFile(bytes, xml, resolveLimits()),
  );
  if (outcome.outcome !== 'accepted') throw new Error(`not accepted: ${outcome.outcome}`);
  return outcome.invoiceId;
}

const matchOf = (invoiceId: string) =>
  bed.db
    .selectFrom('invoicing.invoice')
    .select(['match_status as status', 'match_reasons as reasons', 'exception_owner as owner'])
    .where('id', '=', invoiceId)
    .executeTakeFirstOrThrow();

const statusOf = (invoiceId: string) =>
  bed.db
    .selectFrom('invoicing.invoice')
    .select(['status', 'approved_by'])
    .where('id', '=', invoiceId)
    .executeTakeFirstOrThrow();

/** Runs `second` while `first` is still open, checks it waits, then commits `first`. */
async function whileOpen<T, U>(first: (trx: Trx) => Promise<T>, second: (trx: Trx) => Promise<U>) {
  const open = await bed.db.startTransaction().execute();
  const firstResult = await first(open);
  let secondDone = false;
  const pending = bed.db
    .transaction()
    .execute(second)
    .finally(() => {
      secondDone = true;
    });
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(secondDone, 'the second waits for the first').toBe(false);
  await open.commit().execute();
  return [firstResult, await pending] as const;
}

beforeAll(async () => {
  await bed.announceSupplier(martin);
});

describe('re-matching on purchasing events', () => {
  it('re-matches an invoice when its order is changed, then cancelled', async () => {
    const order = newOrder('PO-2026-000801');
    await fromPurchasing(
      envelope(
        'purchasing.purchase-order.issued',
        orderOf(order, { revision: 1, quantity: '10', receiptRequired: false }),
      ),
    );
    const invoice = await upload('F-2026-0801', order.number, { quantity: '12', price: '10.00' });
    expect(invoice.match).toMatchObject({ status: 'exception', reasons: ['quantity_over_ordered'] });

    await fromPurchasing(
      envelope(
        'purchasing.purchase-order.changed',
        orderOf(order, { revision: 2, quantity: '12', receiptRequired: false }),
      ),
    );
    expect(await matchOf(invoice.id)).toEqual({ status: 'matched', reasons: [], owner: null });
    // Matching now, it is approved there and then by Procura itself.
    expect(await statusOf(invoice.id)).toEqual({ status: 'approved', approved_by: null });

    // A second invoice beyond the order waits; the order cancelled, it waits for another reason.
    const beyond = await upload('F-2026-0829', order.number, { quantity: '1', price: '10.00' });
    expect(beyond.match).toMatchObject({ status: 'exception', reasons: ['quantity_over_ordered'] });
    await fromPurchasing(
      envelope('purchasing.purchase-order.cancelled', {
        ...orderOf(order, { revision: 3, quantity: '12', receiptRequired: false, status: 'cancelled' }),
        reason: 'Prestation abandonnée',
      }),
    );
    expect(await matchOf(beyond.id)).toEqual({
      status: 'exception',
      reasons: ['order_line_cancelled'],
      owner: 'accounts_payable',
    });
    // The approved invoice keeps what it was decided on.
    expect(await matchOf(invoice.id)).toEqual({ status: 'matched', reasons: [], owner: null });
  });

  it('counts a receipt recorded before its order once the order arrives', async () => {
    const order = newOrder('PO-2026-000802');
    await fromPurchasing(receipt(order, '10'));
    await fromPurchasing(
      envelope(
        'purchasing.purchase-order.issued',
        orderOf(order, { revision: 1, quantity: '10', receiptRequired: true }),
      ),
    );
    const invoice = await upload('F-2026-0802', order.number, { quantity: '10', price: '10.00' });
    expect(invoice.match).toMatchObject({ status: 'matched', reasons: [] });
  });

  it('makes a receipt wait for an invoice being received on its line, then matches that invoice', async () => {
    const order = newOrder('PO-2026-000803');
    await fromPurchasing(
      envelope(
        'purchasing.purchase-order.issued',
        orderOf(order, { revision: 1, quantity: '10', receiptRequired: true }),
      ),
    );
    const [invoiceId] = await whileOpen(
      (trx) => receiveIn(trx, 'F-2026-0803', order.number, { quantity: '10', price: '10.00' }),
      (trx) => purchaseOrderHandlers['purchasing.goods.received'](trx, receipt(order, '10')),
    );
    expect(await matchOf(invoiceId)).toEqual({ status: 'matched', reasons: [], owner: null });
  });
});

describe('re-matching on a tolerance change', () => {
  it('makes a new rule wait for an invoice being received in its entity, then re-matches that invoice', async () => {
    const order = newOrder('PO-2026-000804');
    await fromPurchasing(
      envelope(
        'purchasing.purchase-order.issued',
        orderOf(order, { revision: 1, quantity: '10', receiptRequired: false }),
      ),
    );
    const [invoiceId] = await whileOpen(
      // 10.10 for 10.00 ordered: a price variance while no rule applies.
      (trx) => receiveIn(trx, 'F-2026-0804', order.number, { quantity: '10', price: '10.10' }),
      (trx) =>
        createToleranceRule(
          trx,
          accountant,
          {
            supplierId: martin.supplierId,
            categoryCode: '14111507',
            measure: 'price',
            absolute: '0.10',
            percent: '0',
            join: 'or',
            currency: 'EUR',
          },
          new Date(),
        ),
    );
    expect(await matchOf(invoiceId)).toEqual({ status: 'matched', reasons: [], owner: null });
  });
});
