import { describe, expect, it } from 'vitest';
import { money } from '../money/index.js';
import type { BudgetLineKey } from './budget-line.js';
import { parseBudgetPeriod } from './budget-period.js';
import { budgetSeries, seriesDates } from './budget-series.js';
import {
  documentBalances,
  invoiceApproved,
  type LedgerEntry,
  orderIssued,
  requisitionSubmitted,
} from './commitment-ledger.js';

const eur = (amount: string) => money(amount, 'EUR');
const key: BudgetLineKey = {
  entityId: 'ent',
  costCentreId: 'cc',
  budgetCategory: '606300',
  periodKey: '2026-11',
};
const november = parseBudgetPeriod('2026-11');

describe('seriesDates', () => {
  it('steps day by day through a month, up to today while it runs', () => {
    expect(seriesDates(november, '2026-11-04')).toEqual({
      step: 'day',
      dates: ['2026-11-01', '2026-11-02', '2026-11-03', '2026-11-04'],
    });
    expect(seriesDates(november, '2027-01-15').dates).toHaveLength(30);
  });

  it('steps week by week through a quarter, the last point on its last day', () => {
    const { step, dates } = seriesDates(parseBudgetPeriod('2026-Q4'), '2027-02-01');
    expect(step).toBe('week');
    expect(dates.slice(0, 2)).toEqual(['2026-10-07', '2026-10-14']);
    expect(dates.at(-1)).toBe('2026-12-31');
    expect(dates).toHaveLength(14);
  });

  it('ends a running fiscal year on today, and has no point before the period starts', () => {
    expect(seriesDates(parseBudgetPeriod('FY2026'), '2026-01-10').dates).toEqual([
      '2026-01-07',
      '2026-01-10',
    ]);
    expect(seriesDates(parseBudgetPeriod('FY2026'), '2026-01-07').dates).toEqual(['2026-01-07']);
    expect(seriesDates(november, '2026-10-31').dates).toEqual([]);
  });
});

describe('budgetSeries', () => {
  // 600 requested before November; on the 3rd it is ordered at 400; on the 5th invoiced at 450.
  const entries: LedgerEntry[] = requisitionSubmitted({
    requisitionLine: { kind: 'requisition', id: 'REQ-1', lineId: '1' },
    budgetLine: key,
    amount: eur('600'),
    occurredOn: '2026-10-28',
  });
  const [request] = documentBalances(entries, { kind: 'requisition', id: 'REQ-1' });
  if (!request) throw new Error('no balance');
  entries.push(
    ...orderIssued({
      orderLine: { kind: 'purchase_order', id: 'PO-1', lineId: '1' },
      amount: eur('400'),
      occurredOn: '2026-11-03',
      requisition: { balance: request, ordered: 'fully' },
    }),
  );
  const [order] = documentBalances(entries, { kind: 'purchase_order', id: 'PO-1' });
  if (!order) throw new Error('no balance');
  entries.push(
    ...invoiceApproved({
      invoiceLine: { kind: 'invoice', id: 'INV-1', lineId: '1' },
      amount: eur('450'),
      occurredOn: '2026-11-05',
      order,
    }),
  );

  const pointsOf = (today: string, from = entries) =>
    budgetSeries({ entries: from, period: november, today, budget: eur('1000') }).points.map((p) => [
      p.date,
      p.requested.toDecimalString(),
      p.committed.toDecimalString(),
      p.invoiced.toDecimalString(),
    ]);

  it('opens on what was placed before the period and moves each bucket on the day of its entries', () => {
    expect(pointsOf('2026-11-06')).toEqual([
      ['2026-11-01', '600.00', '0.00', '0.00'],
      ['2026-11-02', '600.00', '0.00', '0.00'],
      ['2026-11-03', '0.00', '400.00', '0.00'],
      ['2026-11-04', '0.00', '400.00', '0.00'],
      ['2026-11-05', '0.00', '0.00', '450.00'],
      ['2026-11-06', '0.00', '0.00', '450.00'],
    ]);
  });

  it('reads the entries in date order, whatever order they come in', () => {
    expect(pointsOf('2026-11-06', [...entries].reverse())).toEqual(pointsOf('2026-11-06'));
  });

  it('leaves out what happens after today and carries the budget', () => {
    const series = budgetSeries({ entries, period: november, today: '2026-11-02', budget: eur('1000') });
    expect(series.step).toBe('day');
    expect(series.budget.toString()).toBe('1000.00 EUR');
    expect(series.points.at(-1)?.requested.toString()).toBe('600.00 EUR');
  });

  it('is zero throughout with no entries', () => {
    expect(pointsOf('2026-11-02', [])).toEqual([
      ['2026-11-01', '0.00', '0.00', '0.00'],
      ['2026-11-02', '0.00', '0.00', '0.00'],
    ]);
  });
});
