import { describe, expect, it } from 'vitest';
import { type CurrencyCode, money } from '../money/index.js';
import { type BudgetLine, type BudgetLineKey, budgetLineKeyOf } from './budget-line.js';
import { costCentreOverview, landingForecast } from './budget-overview.js';
import { parseBudgetPeriod } from './budget-period.js';
import {
  type CommitmentBalance,
  documentBalances,
  invoiceApproved,
  type LedgerEntry,
  orderIssued,
  requisitionSubmitted,
  requisitionWithdrawn,
} from './commitment-ledger.js';

const eur = (amount: string) => money(amount, 'EUR');
const november = parseBudgetPeriod('2026-11');
const key: BudgetLineKey = {
  entityId: 'ent-fr',
  costCentreId: 'cc-it',
  budgetCategory: '606300',
  periodKey: '2026-11',
};

const request = (
  id: string,
  amount: string,
  occurredOn: string,
  budgetLine = key,
  currency: CurrencyCode = 'EUR',
) =>
  requisitionSubmitted({
    requisitionLine: { kind: 'requisition', id, lineId: '1' },
    budgetLine,
    amount: money(amount, currency),
    occurredOn,
  });
const directOrder = (id: string, amount: string, occurredOn: string, budgetLine = key) =>
  orderIssued({
    orderLine: { kind: 'purchase_order', id, lineId: '1' },
    budgetLine,
    amount: eur(amount),
    occurredOn,
  });
const invoiceWithoutOrder = (id: string, amount: string, occurredOn: string, budgetLine = key) =>
  invoiceApproved({
    invoiceLine: { kind: 'invoice', id, lineId: '1' },
    budgetLine,
    amount: eur(amount),
    occurredOn,
  });

/** The forecast's figures as strings, easy to compare. */
function forecastOf(
  entries: readonly LedgerEntry[],
  today: string,
  period = november,
  currency: CurrencyCode = 'EUR',
) {
  const forecast = landingForecast({ entries, period, today, currency });
  return {
    landing: forecast.landing.toDecimalString(),
    consumed: forecast.consumed.toDecimalString(),
    spentInPeriod: forecast.spentInPeriod.toDecimalString(),
    pacePerDay: forecast.pacePerDay.toDecimalString(),
    elapsedDays: forecast.elapsedDays,
    remainingDays: forecast.remainingDays,
  };
}

describe('landingForecast', () => {
  // 600 requested in October for November; in November an order of 400, invoiced at 400, and an invoice
  // of 200 without an order; a request dated after today.
  const entries: LedgerEntry[] = [
    ...request('REQ-0', '600', '2026-10-25'),
    ...directOrder('PO-1', '400', '2026-11-03'),
  ];
  entries.push(
    ...invoiceApproved({
      invoiceLine: { kind: 'invoice', id: 'INV-1', lineId: '1' },
      order: documentBalances(entries, { kind: 'purchase_order', id: 'PO-1' })[0],
      amount: eur('400'),
      occurredOn: '2026-11-05',
    }),
    ...invoiceWithoutOrder('INV-2', '200', '2026-11-08'),
    ...request('REQ-9', '999', '2026-11-12'),
  );

  it('projects the pace of new spend over the remaining days: 1200 + 600 × 20 / 10 = 2400 on 10 November', () => {
    expect(forecastOf(entries, '2026-11-10')).toEqual({
      landing: '2400.00',
      consumed: '1200.00',
      spentInPeriod: '600.00',
      pacePerDay: '60.00',
      elapsedDays: 10,
      remainingDays: 20,
    });
  });

  it('does not count an invoice that relieves its order as new spend', () => {
    const beforeInvoices = entries.filter((e) => e.occurredOn <= '2026-11-04');
    expect(forecastOf(beforeInvoices, '2026-11-05').spentInPeriod).toBe('400.00');
    expect(forecastOf(entries, '2026-11-05').spentInPeriod).toBe('400.00');
  });

  it('projects nothing before the period starts: the landing is what is already consumed', () => {
    expect(forecastOf(entries, '2026-10-28')).toMatchObject({
      landing: '600.00',
      consumed: '600.00',
      elapsedDays: 0,
      remainingDays: 30,
    });
  });

  it('lands on consumed once the period is over, late invoices included', () => {
    const late = [...entries, ...invoiceWithoutOrder('INV-3', '50', '2026-12-02')];
    expect(forecastOf(late, '2026-12-05')).toMatchObject({
      landing: '2249.00',
      consumed: '2249.00',
      spentInPeriod: '1599.00',
      elapsedDays: 30,
      remainingDays: 0,
    });
  });

  it('never lands below consumed when releases outweigh new spend', () => {
    const withdrawn = [...request('REQ-0', '600', '2026-10-25')];
    withdrawn.push(
      ...requisitionWithdrawn({
        balance: documentBalances(withdrawn, { kind: 'requisition', id: 'REQ-0' })[0] as CommitmentBalance,
        occurredOn: '2026-11-02',
      }),
      ...directOrder('PO-1', '400', '2026-11-03'),
    );
    expect(forecastOf(withdrawn, '2026-11-10')).toMatchObject({
      landing: '400.00',
      consumed: '400.00',
      spentInPeriod: '0.00',
    });
  });

  it('rounds the projected part once, to the currency’s minor units: 100 + 100 × 23 / 7', () => {
    expect(forecastOf(request('REQ-1', '100', '2026-11-01'), '2026-11-07')).toMatchObject({
      landing: '428.57',
      pacePerDay: '14.29',
    });
    const yen = request('REQ-1', '100', '2026-11-01', key, 'JPY');
    expect(forecastOf(yen, '2026-11-07', november, 'JPY')).toMatchObject({
      landing: '429',
      pacePerDay: '14',
    });
  });

  it('counts the 29 days of February in a leap year: 290 + 29 × 19 = 841 on 10 February 2028', () => {
    const february = parseBudgetPeriod('2028-02');
    const entries = request('REQ-1', '290', '2028-02-01', { ...key, periodKey: '2028-02' });
    expect(forecastOf(entries, '2028-02-10', february)).toMatchObject({
      landing: '841.00',
      elapsedDays: 10,
      remainingDays: 19,
    });
  });
});

describe('costCentreOverview', () => {
  const line = (costCentreId: string, budgetCategory: string, amount: string): BudgetLine => ({
    entityId: 'ent-fr',
    costCentreId,
    budgetCategory,
    period: november,
    amount: eur(amount),
    policy: 'stop',
  });
  const itSupplies = line('cc-it', '606300', '3000');
  const itServices = line('cc-it', '606400', '1000');
  const hrSupplies = line('cc-hr', '606300', '500');
  const budgetLines = [itSupplies, itServices, hrSupplies];
  const entries = [
    ...request('REQ-1', '600', '2026-11-02', budgetLineKeyOf(itSupplies)),
    ...directOrder('PO-1', '200', '2026-11-02', budgetLineKeyOf(itServices)),
    ...invoiceWithoutOrder('INV-1', '50', '2026-11-02', { ...key, budgetCategory: '607000' }),
    ...invoiceWithoutOrder('INV-2', '80', '2026-12-01', { ...key, periodKey: '2026-12' }),
  ];

  it('sums the categories of each cost centre, spend nobody budgeted included, with its landing forecast', () => {
    const rows = costCentreOverview(entries, budgetLines, { today: '2026-11-10' });
    expect(rows.map((r) => [r.costCentreId, r.period.key])).toEqual([
      ['cc-hr', '2026-11'],
      ['cc-it', '2026-11'],
    ]);
    const itRow = rows[1];
    expect({
      budget: itRow?.budget.toString(),
      requested: itRow?.requested.toString(),
      committed: itRow?.committed.toString(),
      invoiced: itRow?.invoiced.toString(),
      consumed: itRow?.consumed.toString(),
      available: itRow?.available.toString(),
      landing: itRow?.forecast.landing.toString(),
      categories: itRow?.lines.map((l) => l.budgetLine.budgetCategory),
    }).toEqual({
      budget: '4000.00 EUR',
      requested: '600.00 EUR',
      committed: '200.00 EUR',
      invoiced: '50.00 EUR',
      consumed: '850.00 EUR',
      available: '3150.00 EUR',
      landing: '2550.00 EUR',
      categories: ['606300', '606400', '607000'],
    });
    expect(rows[0]?.available.toString()).toBe('500.00 EUR');
  });

  it('shows spend in a period nobody budgeted, its period read from the key, once it has happened', () => {
    const rows = costCentreOverview(entries, budgetLines, { today: '2026-12-05' });
    const december = rows.find((r) => r.period.key === '2026-12');
    expect(december?.period).toEqual(parseBudgetPeriod('2026-12'));
    expect(december?.budget.toString()).toBe('0.00 EUR');
    expect(december?.available.toString()).toBe('-80.00 EUR');
    expect(
      costCentreOverview(entries, budgetLines, { today: '2026-11-30' }).map((r) => r.period.key),
    ).not.toContain('2026-12');
  });
});
