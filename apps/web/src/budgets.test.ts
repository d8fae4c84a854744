import { describe, expect, it } from 'vitest';
import {
  type BudgetPeriodFigures,
  chartGeometry,
  costCentreFigures,
  periodChoices,
  periodKeyOf,
  periodKindOf,
  sumAmounts,
} from './budgets.js';

const eur = (amount: string) => ({ amount, currency: 'EUR' });

function row(
  key: string,
  figures: Partial<Record<'budget' | 'requested' | 'available' | 'landing', string>>,
) {
  return {
    period: { kind: periodKindOf(key), key, start: '2026-01-01', end: '2026-12-31' },
    budget: eur(figures.budget ?? '0.00'),
    requested: eur(figures.requested ?? '0.00'),
    committed: eur('0.00'),
    received: eur('0.00'),
    invoiced: eur('0.00'),
    consumed: eur(figures.requested ?? '0.00'),
    available: eur(figures.available ?? '0.00'),
    forecast: { landing: eur(figures.landing ?? '0.00'), pacePerDay: eur('0.00') },
    lines: [],
    series: { step: 'week', budget: eur('0.00'), points: [] },
  } satisfies BudgetPeriodFigures;
}

describe('the periods a manager picks from', () => {
  it('names the month, quarter and fiscal year holding today', () => {
    expect(periodKeyOf('month', '2026-11-23')).toBe('2026-11');
    expect(periodKeyOf('quarter', '2026-11-23')).toBe('2026-Q4');
    expect(periodKeyOf('quarter', '2026-03-31')).toBe('2026-Q1');
    expect(periodKeyOf('fiscal_year', '2026-11-23')).toBe('FY2026');
  });

  it('offers last year, this year and next year, latest first, today’s among them', () => {
    expect(periodChoices('fiscal_year', '2026-11-23')).toEqual(['FY2027', 'FY2026', 'FY2025']);
    const quarters = periodChoices('quarter', '2026-11-23');
    expect([quarters.length, quarters[0], quarters.at(-1)]).toEqual([12, '2027-Q4', '2025-Q1']);
    const months = periodChoices('month', '2026-11-23');
    expect([months.length, months[0], months.at(-1)]).toEqual([36, '2027-12', '2025-01']);
    expect(months).toContain('2026-11');
  });

  it('tells the kind of a period from its key', () => {
    expect(['2026-11', '2026-Q4', 'FY2026'].map(periodKindOf)).toEqual(['month', 'quarter', 'fiscal_year']);
  });
});

describe('sumAmounts', () => {
  it('adds decimal amounts exactly, where floats would not', () => {
    expect(sumAmounts(['0.10', '0.20'])).toBe('0.30');
    expect(sumAmounts(['90071992547409.93', '0.01'])).toBe('90071992547409.94');
    expect(sumAmounts(['10', '-12.5'])).toBe('-2.50');
    expect(sumAmounts([])).toBe('0.00');
  });
});

describe('costCentreFigures', () => {
  it('adds up the rows of a cost centre over the period asked', () => {
    const figures = costCentreFigures([
      row('FY2026', { budget: '15000.00', requested: '300.10', available: '14699.90', landing: '400.00' }),
      row('2026-11', { budget: '1000.00', requested: '0.20', available: '999.80', landing: '0.30' }),
    ]);
    expect(figures).toEqual({
      currency: 'EUR',
      figures: {
        budget: '16000.00',
        requested: '300.30',
        committed: '0.00',
        invoiced: '0.00',
        available: '15699.70',
        forecast: '400.30',
      },
    });
  });

  it('has no figures for a cost centre without budget or spend', () => {
    expect(costCentreFigures([])).toBeNull();
  });
});

describe('chartGeometry', () => {
  const series = {
    step: 'day' as const,
    budget: eur('1000.00'),
    points: [
      { date: '2026-11-01', requested: '500.00', committed: '0.00', invoiced: '0.00' },
      { date: '2026-11-16', requested: '0.00', committed: '400.00', invoiced: '100.00' },
    ],
  };

  it('spreads the days of the period across and the amounts up to the budget', () => {
    const chart = chartGeometry({ start: '2026-11-01', end: '2026-11-30' }, series, {
      width: 290,
      height: 100,
    });
    expect(chart.budgetY).toBe(0);
    expect(chart.consumed).toBe('0.0,50.0 150.0,50.0');
    expect(chart.committed).toBe('0.0,100.0 150.0,50.0');
    expect(chart.invoiced).toBe('0.0,100.0 150.0,90.0');
    expect(chart.top).toBe('1000.00');
  });

  it('raises the top to what is consumed when it goes over the budget', () => {
    const over = { ...series, budget: eur('250.00') };
    const chart = chartGeometry({ start: '2026-11-01', end: '2026-11-30' }, over, {
      width: 290,
      height: 100,
    });
    expect(chart.top).toBe('500.00');
    expect(chart.budgetY).toBe(50);
  });
});
