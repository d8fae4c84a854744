import { describe, expect, it } from 'vitest';
import { money } from '../money/index.js';
import { thrownBy } from '../testing/thrown-by.js';
import { type BudgetLine, type BudgetLineKey, budgetLineKeyOf, budgetLineKeyString } from './budget-line.js';
import { parseBudgetPeriod } from './budget-period.js';
import {
  type BudgetFigures,
  budgetLineFigures,
  type CommitmentBalance,
  type DocumentLine,
  documentBalances,
  goodsReceived,
  goodsReturned,
  invoiceApproved,
  invoiceCredited,
  invoicePaid,
  type LedgerEntry,
  ledgerFigures,
  orderCancelled,
  orderChanged,
  orderClosed,
  orderIssued,
  requisitionChanged,
  requisitionRejected,
  requisitionSubmitted,
  requisitionWithdrawn,
} from './commitment-ledger.js';

const eur = (amount: string) => money(amount, 'EUR');

const november: BudgetLine = {
  entityId: 'ent-fr',
  costCentreId: 'cc-it',
  budgetCategory: '606300',
  period: parseBudgetPeriod('2026-11'),
  amount: eur('1000'),
  policy: 'stop',
};
const key = budgetLineKeyOf(november);
const decemberKey: BudgetLineKey = { ...key, periodKey: '2026-12' };

const request: DocumentLine = { kind: 'requisition', id: 'REQ-1', lineId: '1' };
const order: DocumentLine = { kind: 'purchase_order', id: 'PO-1', lineId: '1' };
const secondOrder: DocumentLine = { kind: 'purchase_order', id: 'PO-2', lineId: '1' };
const receipt: DocumentLine = { kind: 'receipt', id: 'GR-1', lineId: '1' };
const invoice: DocumentLine = { kind: 'invoice', id: 'INV-1', lineId: '1' };
const secondInvoice: DocumentLine = { kind: 'invoice', id: 'INV-2', lineId: '1' };

/** An append-only ledger for one test, and the balance of a line read back from it. */
function ledger() {
  const entries: LedgerEntry[] = [];
  return {
    entries,
    post: (...posted: LedgerEntry[]) => {
      entries.push(...posted);
      return posted;
    },
    balance: (line: DocumentLine): CommitmentBalance => {
      const [found, ...others] = documentBalances(entries, line);
      if (!found || others.length > 0) throw new Error(`expected one balance for ${line.id}`);
      return found;
    },
    figures: () => shown(budgetLineFigures(november, entries)),
  };
}

/** The figures as decimal strings, easy to compare. */
function shown(figures: BudgetFigures) {
  return {
    requested: figures.requested.toDecimalString(),
    committed: figures.committed.toDecimalString(),
    received: figures.received.toDecimalString(),
    invoiced: figures.invoiced.toDecimalString(),
    paid: figures.paid.toDecimalString(),
    consumed: figures.consumed.toDecimalString(),
    available: figures.available?.toDecimalString(),
  };
}

const figuresOf = (values: Partial<ReturnType<typeof shown>>) => ({
  requested: '0.00',
  committed: '0.00',
  received: '0.00',
  invoiced: '0.00',
  paid: '0.00',
  consumed: '0.00',
  available: '1000.00',
  ...values,
});

describe('the commitment ledger, the issue scenario: a request of 300 ordered at 200, received, invoiced at 200, paid', () => {
  it('leaves exactly the right figures at each step and never counts a euro twice', () => {
    const { post, balance, figures } = ledger();

    post(
      ...requisitionSubmitted({
        requisitionLine: request,
        budgetLine: key,
        amount: eur('300'),
        occurredOn: '2026-11-02',
      }),
    );
    expect(figures()).toEqual(figuresOf({ requested: '300.00', consumed: '300.00', available: '700.00' }));

    post(
      ...orderIssued({
        orderLine: order,
        amount: eur('200'),
        occurredOn: '2026-11-04',
        requisition: { balance: balance(request), ordered: 'fully' },
      }),
    );
    expect(figures()).toEqual(figuresOf({ committed: '200.00', consumed: '200.00', available: '800.00' }));

    post(
      ...goodsReceived({
        balance: balance(order),
        receiptLine: receipt,
        amount: eur('200'),
        occurredOn: '2026-11-10',
      }),
    );
    expect(figures()).toEqual(
      figuresOf({ committed: '200.00', received: '200.00', consumed: '200.00', available: '800.00' }),
    );

    post(
      ...invoiceApproved({
        invoiceLine: invoice,
        order: balance(order),
        amount: eur('200'),
        occurredOn: '2026-11-15',
      }),
    );
    expect(figures()).toEqual(
      figuresOf({ received: '200.00', invoiced: '200.00', consumed: '200.00', available: '800.00' }),
    );

    post(
      ...invoicePaid({
        balance: balance(order),
        invoiceLine: invoice,
        amount: eur('200'),
        occurredOn: '2026-12-15',
      }),
    );
    expect(figures()).toEqual(
      figuresOf({
        received: '200.00',
        invoiced: '200.00',
        paid: '200.00',
        consumed: '200.00',
        available: '800.00',
      }),
    );
  });

  it('records the order as two entries: 300 released on the request line, 200 committed on the order line', () => {
    const { post, balance } = ledger();
    post(
      ...requisitionSubmitted({
        requisitionLine: request,
        budgetLine: key,
        amount: eur('300'),
        occurredOn: '2026-11-02',
      }),
    );
    const entries = orderIssued({
      orderLine: order,
      amount: eur('200'),
      occurredOn: '2026-11-04',
      requisition: { balance: balance(request), ordered: 'fully' },
    });
    expect(entries.map((e) => [e.event, e.document.id, e.commitmentLine.id, e.deltas])).toEqual([
      ['order_issued', 'PO-1', 'REQ-1', { requested: eur('-300') }],
      ['order_issued', 'PO-1', 'PO-1', { committed: eur('200') }],
    ]);
  });

  it('keeps what is open per document line: nothing left on the request, the order line fully invoiced', () => {
    const { post, balance, entries } = ledger();
    post(
      ...requisitionSubmitted({
        requisitionLine: request,
        budgetLine: key,
        amount: eur('300'),
        occurredOn: '2026-11-02',
      }),
    );
    post(
      ...orderIssued({
        orderLine: order,
        amount: eur('200'),
        occurredOn: '2026-11-04',
        requisition: { balance: balance(request), ordered: 'fully' },
      }),
    );
    post(
      ...invoiceApproved({
        invoiceLine: invoice,
        order: balance(order),
        amount: eur('200'),
        occurredOn: '2026-11-15',
      }),
    );
    expect(balance(request).requested.isZero()).toBe(true);
    expect(balance(order)).toMatchObject({ committed: eur('0'), invoiced: eur('200'), budgetLine: key });
    expect(documentBalances(entries, { kind: 'invoice', id: 'INV-1' })).toEqual([]);
  });
});

describe('releases', () => {
  it('releases all a withdrawn request still has requested, and nothing the second time', () => {
    const { post, balance, figures } = ledger();
    post(
      ...requisitionSubmitted({
        requisitionLine: request,
        budgetLine: key,
        amount: eur('300'),
        occurredOn: '2026-11-02',
      }),
    );
    post(...requisitionWithdrawn({ balance: balance(request), occurredOn: '2026-11-03' }));
    expect(figures()).toEqual(figuresOf({}));
    expect(requisitionWithdrawn({ balance: balance(request), occurredOn: '2026-11-04' })).toEqual([]);
  });

  it('releases all a rejected request still has requested', () => {
    const { post, balance, figures } = ledger();
    post(
      ...requisitionSubmitted({
        requisitionLine: request,
        budgetLine: key,
        amount: eur('300'),
        occurredOn: '2026-11-02',
      }),
    );
    const released = post(...requisitionRejected({ balance: balance(request), occurredOn: '2026-11-03' }));
    expect(released.map((e) => e.event)).toEqual(['requisition_rejected']);
    expect(figures()).toEqual(figuresOf({}));
  });

  it('counts a request changed after submission at its new amount only', () => {
    const { post, balance, figures } = ledger();
    post(
      ...requisitionSubmitted({
        requisitionLine: request,
        budgetLine: key,
        amount: eur('300'),
        occurredOn: '2026-11-02',
      }),
    );
    const released = post(...requisitionChanged({ balance: balance(request), occurredOn: '2026-11-03' }));
    expect(released.map((e) => e.event)).toEqual(['requisition_changed']);
    const changedLine: DocumentLine = { kind: 'requisition', id: 'REQ-1', lineId: '2' };
    post(
      ...requisitionSubmitted({
        requisitionLine: changedLine,
        budgetLine: key,
        amount: eur('450'),
        occurredOn: '2026-11-03',
      }),
    );
    expect(figures()).toEqual(figuresOf({ requested: '450.00', consumed: '450.00', available: '550.00' }));
    expect(balance(request).requested.isZero()).toBe(true);
  });

  it('lets a request withdrawn and submitted again count once', () => {
    const { post, balance, figures } = ledger();
    post(
      ...requisitionSubmitted({
        requisitionLine: request,
        budgetLine: key,
        amount: eur('300'),
        occurredOn: '2026-11-02',
      }),
    );
    post(...requisitionWithdrawn({ balance: balance(request), occurredOn: '2026-11-03' }));
    post(
      ...requisitionSubmitted({
        requisitionLine: request,
        budgetLine: key,
        amount: eur('250'),
        occurredOn: '2026-11-04',
      }),
    );
    expect(figures()).toMatchObject({ requested: '250.00', consumed: '250.00' });
  });

  it('releases what a cancelled order line still has committed, and keeps what was invoiced', () => {
    const { post, balance, figures } = ledger();
    post(...orderIssued({ orderLine: order, budgetLine: key, amount: eur('500'), occurredOn: '2026-11-04' }));
    post(
      ...invoiceApproved({
        invoiceLine: invoice,
        order: balance(order),
        amount: eur('200'),
        occurredOn: '2026-11-10',
      }),
    );
    expect(figures()).toMatchObject({ committed: '300.00', invoiced: '200.00', consumed: '500.00' });
    post(...orderCancelled({ balance: balance(order), occurredOn: '2026-11-12' }));
    expect(figures()).toEqual(figuresOf({ invoiced: '200.00', consumed: '200.00', available: '800.00' }));
  });

  it('releases the remainder of an order line closed short: ordered 500, received and invoiced 450', () => {
    const { post, balance, figures } = ledger();
    post(...orderIssued({ orderLine: order, budgetLine: key, amount: eur('500'), occurredOn: '2026-11-04' }));
    post(
      ...goodsReceived({
        balance: balance(order),
        receiptLine: receipt,
        amount: eur('450'),
        occurredOn: '2026-11-08',
      }),
    );
    post(
      ...invoiceApproved({
        invoiceLine: invoice,
        order: balance(order),
        amount: eur('450'),
        occurredOn: '2026-11-10',
      }),
    );
    expect(figures()).toMatchObject({ committed: '50.00', consumed: '500.00' });
    const closed = post(...orderClosed({ balance: balance(order), occurredOn: '2026-11-20' }));
    expect(closed.map((e) => [e.event, e.deltas])).toEqual([['order_closed', { committed: eur('-50') }]]);
    expect(figures()).toEqual(
      figuresOf({ received: '450.00', invoiced: '450.00', consumed: '450.00', available: '550.00' }),
    );
  });

  it('has nothing to release when closing an order line invoiced in full', () => {
    const { post, balance } = ledger();
    post(...orderIssued({ orderLine: order, budgetLine: key, amount: eur('500'), occurredOn: '2026-11-04' }));
    post(
      ...invoiceApproved({
        invoiceLine: invoice,
        order: balance(order),
        amount: eur('500'),
        occurredOn: '2026-11-10',
      }),
    );
    expect(orderClosed({ balance: balance(order), occurredOn: '2026-11-20' })).toEqual([]);
  });
});

describe('ordering a request fully or partly', () => {
  it('releases only the ordered part while the request stays open, then the rest when it is fully ordered', () => {
    const { post, balance, figures } = ledger();
    post(
      ...requisitionSubmitted({
        requisitionLine: request,
        budgetLine: key,
        amount: eur('300'),
        occurredOn: '2026-11-02',
      }),
    );
    post(
      ...orderIssued({
        orderLine: order,
        amount: eur('100'),
        occurredOn: '2026-11-04',
        requisition: { balance: balance(request), ordered: 'partly' },
      }),
    );
    expect(figures()).toMatchObject({ requested: '200.00', committed: '100.00', consumed: '300.00' });
    post(
      ...orderIssued({
        orderLine: secondOrder,
        amount: eur('150'),
        occurredOn: '2026-11-05',
        requisition: { balance: balance(request), ordered: 'partly' },
      }),
    );
    expect(figures()).toMatchObject({ requested: '50.00', committed: '250.00', consumed: '300.00' });
    post(
      ...orderIssued({
        orderLine: { kind: 'purchase_order', id: 'PO-3', lineId: '1' },
        amount: eur('30'),
        occurredOn: '2026-11-06',
        requisition: { balance: balance(request), ordered: 'fully' },
      }),
    );
    expect(figures()).toMatchObject({ requested: '0.00', committed: '280.00', consumed: '280.00' });
  });

  it('releases the rest of a partly ordered request when it is withdrawn', () => {
    const { post, balance, figures } = ledger();
    post(
      ...requisitionSubmitted({
        requisitionLine: request,
        budgetLine: key,
        amount: eur('300'),
        occurredOn: '2026-11-02',
      }),
    );
    post(
      ...orderIssued({
        orderLine: order,
        amount: eur('100'),
        occurredOn: '2026-11-04',
        requisition: { balance: balance(request), ordered: 'partly' },
      }),
    );
    post(...requisitionWithdrawn({ balance: balance(request), occurredOn: '2026-11-05' }));
    expect(figures()).toMatchObject({ requested: '0.00', committed: '100.00', consumed: '100.00' });
  });

  it('never releases more than is still requested: a partial order above the rest of the request', () => {
    const { post, balance, figures } = ledger();
    post(
      ...requisitionSubmitted({
        requisitionLine: request,
        budgetLine: key,
        amount: eur('100'),
        occurredOn: '2026-11-02',
      }),
    );
    post(
      ...orderIssued({
        orderLine: order,
        amount: eur('150'),
        occurredOn: '2026-11-04',
        requisition: { balance: balance(request), ordered: 'partly' },
      }),
    );
    expect(figures()).toMatchObject({ requested: '0.00', committed: '150.00', consumed: '150.00' });
  });

  it('counts an order above its request at the ordered amount: 300 requested, 350 ordered', () => {
    const { post, balance, figures } = ledger();
    post(
      ...requisitionSubmitted({
        requisitionLine: request,
        budgetLine: key,
        amount: eur('300'),
        occurredOn: '2026-11-02',
      }),
    );
    post(
      ...orderIssued({
        orderLine: order,
        amount: eur('350'),
        occurredOn: '2026-11-04',
        requisition: { balance: balance(request), ordered: 'fully' },
      }),
    );
    expect(figures()).toMatchObject({ requested: '0.00', committed: '350.00', consumed: '350.00' });
  });

  it('releases on the request’s budget line and commits on the order’s when they differ (November request, December order)', () => {
    const { post, balance, entries } = ledger();
    post(
      ...requisitionSubmitted({
        requisitionLine: request,
        budgetLine: key,
        amount: eur('300'),
        occurredOn: '2026-11-28',
      }),
    );
    post(
      ...orderIssued({
        orderLine: order,
        budgetLine: decemberKey,
        amount: eur('300'),
        occurredOn: '2026-12-01',
        requisition: { balance: balance(request), ordered: 'fully' },
      }),
    );
    const figures = ledgerFigures(entries, [november]);
    expect(figures.get(budgetLineKeyString(key))?.consumed).toEqual(eur('0'));
    expect(figures.get(budgetLineKeyString(decemberKey))?.committed).toEqual(eur('300'));
  });
});

describe('invoices', () => {
  it('counts an invoice above its order as invoiced in full without making committed negative', () => {
    const { post, balance, figures } = ledger();
    post(...orderIssued({ orderLine: order, budgetLine: key, amount: eur('200'), occurredOn: '2026-11-04' }));
    post(
      ...invoiceApproved({
        invoiceLine: invoice,
        order: balance(order),
        amount: eur('250'),
        occurredOn: '2026-11-10',
      }),
    );
    expect(figures()).toEqual(figuresOf({ invoiced: '250.00', consumed: '250.00', available: '750.00' }));
  });

  it('commits nothing twice when the order is then revised up to the invoice, and only the difference beyond it', () => {
    const { post, balance, figures } = ledger();
    post(...orderIssued({ orderLine: order, budgetLine: key, amount: eur('200'), occurredOn: '2026-11-04' }));
    post(
      ...invoiceApproved({
        invoiceLine: invoice,
        order: balance(order),
        amount: eur('250'),
        occurredOn: '2026-11-10',
      }),
    );
    expect(
      orderChanged({ balance: balance(order), orderedAmount: eur('250'), occurredOn: '2026-11-11' }),
    ).toEqual([]);
    post(...orderChanged({ balance: balance(order), orderedAmount: eur('300'), occurredOn: '2026-11-12' }));
    expect(figures()).toMatchObject({ committed: '50.00', invoiced: '250.00', consumed: '300.00' });
  });

  it('relieves the commitment invoice by invoice: 200 ordered, invoiced 120 then 100', () => {
    const { post, balance, figures } = ledger();
    post(...orderIssued({ orderLine: order, budgetLine: key, amount: eur('200'), occurredOn: '2026-11-04' }));
    post(
      ...invoiceApproved({
        invoiceLine: invoice,
        order: balance(order),
        amount: eur('120'),
        occurredOn: '2026-11-10',
      }),
    );
    expect(figures()).toMatchObject({ committed: '80.00', invoiced: '120.00', consumed: '200.00' });
    post(
      ...invoiceApproved({
        invoiceLine: secondInvoice,
        order: balance(order),
        amount: eur('100'),
        occurredOn: '2026-11-12',
      }),
    );
    expect(figures()).toMatchObject({ committed: '0.00', invoiced: '220.00', consumed: '220.00' });
  });

  it('takes a credit note of 50 back from invoiced and commits it again on an open line: 200 ordered, invoiced 200', () => {
    const { post, balance, figures } = ledger();
    post(...orderIssued({ orderLine: order, budgetLine: key, amount: eur('200'), occurredOn: '2026-11-04' }));
    post(
      ...invoiceApproved({
        invoiceLine: invoice,
        order: balance(order),
        amount: eur('200'),
        occurredOn: '2026-11-10',
      }),
    );
    post(
      ...invoiceCredited({
        balance: balance(order),
        creditLine: secondInvoice,
        amount: eur('50'),
        orderedAmount: eur('200'),
        occurredOn: '2026-11-12',
      }),
    );
    expect(figures()).toMatchObject({ committed: '50.00', invoiced: '150.00', consumed: '200.00' });
  });

  it('commits nothing again when the credited line is closed, and never credits more than is invoiced', () => {
    const { post, balance, figures } = ledger();
    post(...orderIssued({ orderLine: order, budgetLine: key, amount: eur('200'), occurredOn: '2026-11-04' }));
    post(
      ...invoiceApproved({
        invoiceLine: invoice,
        order: balance(order),
        amount: eur('120'),
        occurredOn: '2026-11-10',
      }),
    );
    const entries = invoiceCredited({
      balance: balance(order),
      creditLine: secondInvoice,
      amount: eur('500'),
      orderedAmount: null,
      occurredOn: '2026-11-12',
    });
    expect(entries.map((e) => [e.event, e.deltas.invoiced?.toString(), e.deltas.committed])).toEqual([
      ['invoice_credited', '-120.00 EUR', undefined],
    ]);
    post(...entries);
    expect(figures()).toMatchObject({ committed: '80.00', invoiced: '0.00', consumed: '80.00' });
  });

  it('leaves committed alone when an invoice above the order is refused after approval: 200 ordered, 250 invoiced', () => {
    const { post, balance, figures } = ledger();
    post(...orderIssued({ orderLine: order, budgetLine: key, amount: eur('200'), occurredOn: '2026-11-04' }));
    post(
      ...invoiceApproved({
        invoiceLine: invoice,
        order: balance(order),
        amount: eur('250'),
        occurredOn: '2026-11-10',
      }),
    );
    post(
      ...invoiceCredited({
        balance: balance(order),
        creditLine: invoice,
        amount: eur('250'),
        orderedAmount: eur('200'),
        occurredOn: '2026-11-12',
      }),
    );
    expect(figures()).toMatchObject({ committed: '200.00', invoiced: '0.00', consumed: '200.00' });
  });

  it('puts an invoice without an order on its own line and the budget line it names', () => {
    const { post, entries } = ledger();
    post(
      ...invoiceApproved({
        invoiceLine: invoice,
        budgetLine: key,
        amount: eur('75.40'),
        occurredOn: '2026-11-10',
      }),
    );
    const [own] = documentBalances(entries, invoice);
    expect(own).toMatchObject({ commitmentLine: invoice, invoiced: eur('75.40'), committed: eur('0') });
    post(
      ...invoicePaid({
        balance: own as CommitmentBalance,
        invoiceLine: invoice,
        amount: eur('75.40'),
        occurredOn: '2026-11-30',
      }),
    );
    expect(shown(budgetLineFigures(november, entries))).toMatchObject({
      invoiced: '75.40',
      paid: '75.40',
      consumed: '75.40',
    });
  });

  it('refuses an invoice without an order that names no budget line', () => {
    const error = thrownBy(() =>
      invoiceApproved({ invoiceLine: invoice, amount: eur('10'), occurredOn: '2026-11-10' }),
    );
    expect(error.code).toBe('validation_failed');
    expect(error.details).toEqual([
      { field: 'budgetLine', reason: 'is required when the invoice is not matched to an order line' },
    ]);
  });

  it('pays in parts, never more than is invoiced and unpaid', () => {
    const { post, balance, figures } = ledger();
    post(...orderIssued({ orderLine: order, budgetLine: key, amount: eur('200'), occurredOn: '2026-11-04' }));
    post(
      ...invoiceApproved({
        invoiceLine: invoice,
        order: balance(order),
        amount: eur('200'),
        occurredOn: '2026-11-10',
      }),
    );
    post(
      ...invoicePaid({
        balance: balance(order),
        invoiceLine: invoice,
        amount: eur('150'),
        occurredOn: '2026-11-20',
      }),
    );
    expect(figures()).toMatchObject({ invoiced: '200.00', paid: '150.00', consumed: '200.00' });
    const error = thrownBy(() =>
      invoicePaid({
        balance: balance(order),
        invoiceLine: invoice,
        amount: eur('50.01'),
        occurredOn: '2026-11-21',
      }),
    );
    expect(error.code).toBe('invalid_amount');
    expect(error.message).toBe('Cannot pay 50.01 EUR: 50.00 EUR is invoiced and unpaid');
    post(
      ...invoicePaid({
        balance: balance(order),
        invoiceLine: invoice,
        amount: eur('50'),
        occurredOn: '2026-11-21',
      }),
    );
    expect(figures()).toMatchObject({ paid: '200.00' });
  });
});

describe('order revisions and receipts', () => {
  it('commits the new total of a revised order line, up or down', () => {
    const { post, balance, figures } = ledger();
    post(...orderIssued({ orderLine: order, budgetLine: key, amount: eur('200'), occurredOn: '2026-11-04' }));
    post(...orderChanged({ balance: balance(order), orderedAmount: eur('260'), occurredOn: '2026-11-05' }));
    expect(figures()).toMatchObject({ committed: '260.00' });
    post(...orderChanged({ balance: balance(order), orderedAmount: eur('180'), occurredOn: '2026-11-06' }));
    expect(figures()).toMatchObject({ committed: '180.00', consumed: '180.00' });
  });

  it('never lets a revision below what is invoiced make committed negative', () => {
    const { post, balance, figures } = ledger();
    post(...orderIssued({ orderLine: order, budgetLine: key, amount: eur('200'), occurredOn: '2026-11-04' }));
    post(
      ...invoiceApproved({
        invoiceLine: invoice,
        order: balance(order),
        amount: eur('150'),
        occurredOn: '2026-11-05',
      }),
    );
    post(...orderChanged({ balance: balance(order), orderedAmount: eur('100'), occurredOn: '2026-11-06' }));
    expect(figures()).toMatchObject({ committed: '0.00', invoiced: '150.00', consumed: '150.00' });
    post(...orderChanged({ balance: balance(order), orderedAmount: eur('200'), occurredOn: '2026-11-07' }));
    expect(figures()).toMatchObject({ committed: '50.00', invoiced: '150.00', consumed: '200.00' });
  });

  it('tracks received alongside committed, and returns at most what was received', () => {
    const { post, balance, figures } = ledger();
    post(...orderIssued({ orderLine: order, budgetLine: key, amount: eur('200'), occurredOn: '2026-11-04' }));
    post(
      ...goodsReceived({
        balance: balance(order),
        receiptLine: receipt,
        amount: eur('120'),
        occurredOn: '2026-11-06',
      }),
    );
    post(
      ...goodsReturned({
        balance: balance(order),
        receiptLine: receipt,
        amount: eur('20'),
        occurredOn: '2026-11-07',
      }),
    );
    expect(figures()).toMatchObject({ committed: '200.00', received: '100.00', consumed: '200.00' });
    const error = thrownBy(() =>
      goodsReturned({
        balance: balance(order),
        receiptLine: receipt,
        amount: eur('100.01'),
        occurredOn: '2026-11-08',
      }),
    );
    expect(error.code).toBe('invalid_amount');
  });
});

describe('event constructors refuse what makes no sense', () => {
  it('refuses negative amounts with invalid_amount', () => {
    const error = thrownBy(() =>
      requisitionSubmitted({
        requisitionLine: request,
        budgetLine: key,
        amount: eur('-1'),
        occurredOn: '2026-11-02',
      }),
    );
    expect(error.code).toBe('invalid_amount');
    expect(error.details).toEqual([{ field: 'amount', reason: 'must not be negative' }]);
  });

  it('refuses a line of the wrong kind: an order issued on a request line', () => {
    const error = thrownBy(() =>
      orderIssued({ orderLine: request, budgetLine: key, amount: eur('1'), occurredOn: '2026-11-02' }),
    );
    expect(error.details).toEqual([{ field: 'orderLine', reason: 'must be a purchase_order line' }]);
  });

  it('refuses an order without a request that names no budget line', () => {
    expect(
      thrownBy(() => orderIssued({ orderLine: order, amount: eur('1'), occurredOn: '2026-11-02' })).code,
    ).toBe('validation_failed');
  });

  it('refuses a day that is not a calendar date', () => {
    const error = thrownBy(() =>
      requisitionSubmitted({
        requisitionLine: request,
        budgetLine: key,
        amount: eur('1'),
        occurredOn: '2026-11-31',
      }),
    );
    expect(error.details).toEqual([{ field: 'occurredOn', reason: 'is not a calendar date' }]);
  });

  it('writes no entry for an event that moves nothing (a zero amount)', () => {
    expect(
      requisitionSubmitted({
        requisitionLine: request,
        budgetLine: key,
        amount: eur('0'),
        occurredOn: '2026-11-02',
      }),
    ).toEqual([]);
  });
});

describe('reading the ledger', () => {
  it('gives one balance per line and budget line of a document, and one line when asked', () => {
    const { post, entries } = ledger();
    const line2: DocumentLine = { ...request, lineId: '2' };
    post(
      ...requisitionSubmitted({
        requisitionLine: request,
        budgetLine: key,
        amount: eur('60'),
        occurredOn: '2026-11-02',
      }),
    );
    // A line split between two cost centres draws on two budget lines.
    post(
      ...requisitionSubmitted({
        requisitionLine: line2,
        budgetLine: key,
        amount: eur('50'),
        occurredOn: '2026-11-02',
      }),
    );
    post(
      ...requisitionSubmitted({
        requisitionLine: line2,
        budgetLine: { ...key, costCentreId: 'cc-hr' },
        amount: eur('50'),
        occurredOn: '2026-11-02',
      }),
    );
    const balances = documentBalances(entries, { kind: 'requisition', id: 'REQ-1' });
    expect(
      balances.map((b) => [b.commitmentLine.lineId, b.budgetLine.costCentreId, b.requested.toString()]),
    ).toEqual([
      ['1', 'cc-it', '60.00 EUR'],
      ['2', 'cc-it', '50.00 EUR'],
      ['2', 'cc-hr', '50.00 EUR'],
    ]);
    expect(documentBalances(entries, request)).toHaveLength(1);
    expect(documentBalances(entries, { kind: 'purchase_order', id: 'REQ-1' })).toEqual([]);
  });

  it('shows spend nobody budgeted with no budget and no available amount, after the budget lines', () => {
    const { post, entries } = ledger();
    const unbudgeted = { ...key, budgetCategory: '606400' };
    post(
      ...requisitionSubmitted({
        requisitionLine: request,
        budgetLine: unbudgeted,
        amount: eur('40'),
        occurredOn: '2026-11-02',
      }),
    );
    const figures = [...ledgerFigures(entries, [november]).values()];
    expect(
      figures.map((f) => [
        f.budgetLine.budgetCategory,
        f.budget?.toString(),
        f.consumed.toString(),
        f.available?.toString(),
      ]),
    ).toEqual([
      ['606300', '1000.00 EUR', '0.00 EUR', '1000.00 EUR'],
      ['606400', undefined, '40.00 EUR', undefined],
    ]);
  });

  it('counts only entries up to a day with asOf', () => {
    const { post, entries } = ledger();
    post(
      ...requisitionSubmitted({
        requisitionLine: request,
        budgetLine: key,
        amount: eur('300'),
        occurredOn: '2026-11-02',
      }),
    );
    post(
      ...requisitionSubmitted({
        requisitionLine: { ...request, lineId: '2' },
        budgetLine: key,
        amount: eur('5'),
        occurredOn: '2026-11-03',
      }),
    );
    expect(budgetLineFigures(november, entries, { asOf: '2026-11-02' }).requested).toEqual(eur('300'));
    expect(budgetLineFigures(november, entries, { asOf: '2026-11-01' }).requested).toEqual(eur('0'));
  });

  it('adds exact decimals: three requests of 0.10 make 0.30', () => {
    const { post, figures } = ledger();
    for (const lineId of ['1', '2', '3'])
      post(
        ...requisitionSubmitted({
          requisitionLine: { ...request, lineId },
          budgetLine: key,
          amount: eur('0.10'),
          occurredOn: '2026-11-02',
        }),
      );
    expect(figures()).toMatchObject({ requested: '0.30', available: '999.70' });
  });

  it('refuses to mix a budget in euros with spend in dollars', () => {
    const entries = requisitionSubmitted({
      requisitionLine: request,
      budgetLine: key,
      amount: money('10', 'USD'),
      occurredOn: '2026-11-02',
    });
    expect(thrownBy(() => ledgerFigures(entries, [november])).code).toBe('currency_mismatch');
  });
});
