import { describe, expect, it } from 'vitest';
import { money, sum } from '../money/index.js';
import { documentFigures } from './budget-documents.js';
import type { BudgetLineKey } from './budget-line.js';
import {
  documentBalances,
  goodsReceived,
  invoiceApproved,
  type LedgerEntry,
  ledgerFigures,
  orderIssued,
  requisitionSubmitted,
  requisitionWithdrawn,
} from './commitment-ledger.js';

const eur = (amount: string) => money(amount, 'EUR');
const key: BudgetLineKey = {
  entityId: 'ent',
  costCentreId: 'cc',
  budgetCategory: '606300',
  periodKey: 'FY2026',
};
const submitted = (id: string, amount: string, occurredOn: string) =>
  requisitionSubmitted({
    requisitionLine: { kind: 'requisition', id, lineId: `${id}-1` },
    budgetLine: key,
    amount: eur(amount),
    occurredOn,
  });

/** A request of 300 ordered at 200, received and invoiced at 200; one of 50 withdrawn; one of 80 open. */
function ledger(): LedgerEntry[] {
  const entries = [...submitted('REQ-1', '300', '2026-03-02'), ...submitted('REQ-2', '50', '2026-03-03')];
  const [request] = documentBalances(entries, { kind: 'requisition', id: 'REQ-1' });
  if (!request) throw new Error('no balance');
  entries.push(
    ...orderIssued({
      orderLine: { kind: 'purchase_order', id: 'PO-1', lineId: 'PO-1-1' },
      amount: eur('200'),
      occurredOn: '2026-03-10',
      requisition: { balance: request, ordered: 'fully' },
    }),
  );
  const [order] = documentBalances(entries, { kind: 'purchase_order', id: 'PO-1' });
  if (!order) throw new Error('no balance');
  entries.push(
    ...goodsReceived({
      balance: order,
      receiptLine: { kind: 'receipt', id: 'REC-1', lineId: 'REC-1-1' },
      amount: eur('200'),
      occurredOn: '2026-03-20',
    }),
    ...invoiceApproved({
      invoiceLine: { kind: 'invoice', id: 'INV-1', lineId: 'INV-1-1' },
      amount: eur('200'),
      occurredOn: '2026-03-25',
      order,
    }),
  );
  const [withdrawn] = documentBalances(entries, { kind: 'requisition', id: 'REQ-2' });
  if (!withdrawn) throw new Error('no balance');
  entries.push(
    ...requisitionWithdrawn({ balance: withdrawn, occurredOn: '2026-03-04' }),
    ...submitted('REQ-3', '80', '2026-04-01'),
  );
  return entries;
}

const shown = (entries: readonly LedgerEntry[]) =>
  documentFigures(entries).map((d) => [
    d.kind,
    d.id,
    d.requested.toString(),
    d.committed.toString(),
    d.received.toString(),
    d.invoiced.toString(),
    d.firstOn,
    d.lastOn,
  ]);

describe('documentFigures', () => {
  it('puts each amount on the document that holds it: the order, not the receipt or the invoice matched to it', () => {
    expect(shown(ledger())).toEqual([
      ['requisition', 'REQ-1', '0.00 EUR', '0.00 EUR', '0.00 EUR', '0.00 EUR', '2026-03-02', '2026-03-10'],
      ['requisition', 'REQ-2', '0.00 EUR', '0.00 EUR', '0.00 EUR', '0.00 EUR', '2026-03-03', '2026-03-04'],
      [
        'purchase_order',
        'PO-1',
        '0.00 EUR',
        '0.00 EUR',
        '200.00 EUR',
        '200.00 EUR',
        '2026-03-10',
        '2026-03-25',
      ],
      ['requisition', 'REQ-3', '80.00 EUR', '0.00 EUR', '0.00 EUR', '0.00 EUR', '2026-04-01', '2026-04-01'],
    ]);
  });

  it('adds up, bucket by bucket, to the figures of the budget line', () => {
    const entries = ledger();
    const documents = documentFigures(entries);
    const figures = ledgerFigures(entries).values().next().value;
    if (!figures) throw new Error('no figures');
    for (const bucket of ['requested', 'committed', 'received', 'invoiced'] as const)
      expect(
        sum(
          documents.map((d) => d[bucket]),
          'EUR',
        ).toString(),
        bucket,
      ).toBe(figures[bucket].toString());
  });

  it('lists an invoice without an order as the document holding its amount', () => {
    const entries = invoiceApproved({
      invoiceLine: { kind: 'invoice', id: 'INV-9', lineId: 'INV-9-1' },
      amount: eur('12.30'),
      budgetLine: key,
      occurredOn: '2026-05-01',
    });
    expect(shown(entries)).toEqual([
      ['invoice', 'INV-9', '0.00 EUR', '0.00 EUR', '0.00 EUR', '12.30 EUR', '2026-05-01', '2026-05-01'],
    ]);
  });

  it('lists nothing for no entries', () => {
    expect(documentFigures([])).toEqual([]);
  });
});
