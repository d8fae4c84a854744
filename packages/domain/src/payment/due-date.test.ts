import { describe, expect, it } from 'vitest';
import { thrownBy } from '../testing/thrown-by.js';
import { dueDateFromTerms, endOfMonth, invoiceDueDate, legalLatestDueDate } from './due-date.js';

describe('dueDateFromTerms', () => {
  it('counts 30 days from the issue date: 2026-01-10 is due 2026-02-09', () => {
    expect(dueDateFromTerms('2026-01-10', { basis: 'invoice_date', days: 30 })).toBe('2026-02-09');
  });

  it('counts 45 days end of month from the last day of the month of issue: 2026-01-10 → 2026-03-17', () => {
    expect(dueDateFromTerms('2026-01-10', { basis: 'end_of_month', days: 45 })).toBe('2026-03-17');
  });

  it('pays on receipt with 0 days', () => {
    expect(dueDateFromTerms('2026-05-05', { basis: 'invoice_date', days: 0 })).toBe('2026-05-05');
  });

  it.each([-1, 1.5])('refuses terms of %s days with validation_failed', (days) => {
    const error = thrownBy(() => dueDateFromTerms('2026-01-10', { basis: 'invoice_date', days }));
    expect(error.code).toBe('validation_failed');
    expect(error.details).toEqual([{ field: 'terms.days', reason: 'must be a whole number of days from 0' }]);
  });
});

describe('endOfMonth', () => {
  it('knows February of leap and common years, and December', () => {
    expect(endOfMonth('2028-02-03')).toBe('2028-02-29');
    expect(endOfMonth('2026-02-28')).toBe('2026-02-28');
    expect(endOfMonth('2026-12-01')).toBe('2026-12-31');
  });
});

describe('legalLatestDueDate', () => {
  it('is 60 days after the issue date, or 45 days end of month for end-of-month terms', () => {
    expect(legalLatestDueDate('2026-01-10', 'invoice_date')).toBe('2026-03-11');
    expect(legalLatestDueDate('2026-01-10', 'end_of_month')).toBe('2026-03-17');
  });
});

describe('invoiceDueDate', () => {
  it('takes the agreed terms first, even when the invoice states another date', () => {
    expect(
      invoiceDueDate({
        issueDate: '2026-01-10',
        terms: { basis: 'invoice_date', days: 30 },
        statedDueDate: '2026-01-20',
        buyerCountry: 'FR',
      }),
    ).toEqual({
      dueDate: '2026-02-09',
      source: 'payment_terms',
      legalLatestDueDate: '2026-03-11',
      cappedByLaw: false,
    });
  });

  it('takes the stated due date without terms', () => {
    expect(
      invoiceDueDate({ issueDate: '2026-01-10', statedDueDate: '2026-02-28', buyerCountry: 'FR' }),
    ).toMatchObject({
      dueDate: '2026-02-28',
      source: 'stated_on_invoice',
      cappedByLaw: false,
    });
  });

  it('falls back to 30 days without terms or stated due date', () => {
    expect(invoiceDueDate({ issueDate: '2026-01-10', buyerCountry: 'FR' })).toMatchObject({
      dueDate: '2026-02-09',
      source: 'statutory_default',
    });
  });

  it('caps 90 days from the issue date at 60 for a French buyer, and says so', () => {
    expect(
      invoiceDueDate({
        issueDate: '2026-01-10',
        terms: { basis: 'invoice_date', days: 90 },
        buyerCountry: 'FR',
      }),
    ).toEqual({
      dueDate: '2026-03-11',
      source: 'payment_terms',
      legalLatestDueDate: '2026-03-11',
      cappedByLaw: true,
    });
  });

  it('lets exactly 60 days through uncapped, and caps 61', () => {
    const due = (days: number) =>
      invoiceDueDate({ issueDate: '2026-01-10', terms: { basis: 'invoice_date', days }, buyerCountry: 'FR' });
    expect(due(60)).toMatchObject({ dueDate: '2026-03-11', cappedByLaw: false });
    expect(due(61)).toMatchObject({ dueDate: '2026-03-11', cappedByLaw: true });
  });

  it('caps 60 days end of month at 45 days end of month', () => {
    expect(
      invoiceDueDate({
        issueDate: '2026-01-10',
        terms: { basis: 'end_of_month', days: 60 },
        buyerCountry: 'FR',
      }),
    ).toMatchObject({ dueDate: '2026-03-17', cappedByLaw: true });
  });

  it('allows 45 days end of month even beyond 60 days from the issue date, as the law does', () => {
    // 2026-01-01 + 60 days = 2026-03-02, but 45 days end of month is 2026-03-17.
    expect(
      invoiceDueDate({
        issueDate: '2026-01-01',
        terms: { basis: 'end_of_month', days: 45 },
        buyerCountry: 'FR',
      }),
    ).toMatchObject({ dueDate: '2026-03-17', cappedByLaw: false });
  });

  it('caps a stated due date 75 days out at 60 days', () => {
    expect(
      invoiceDueDate({ issueDate: '2026-01-10', statedDueDate: '2026-03-26', buyerCountry: 'FR' }),
    ).toMatchObject({ dueDate: '2026-03-11', source: 'stated_on_invoice', cappedByLaw: true });
  });

  it('does not cap for a buyer outside France', () => {
    expect(
      invoiceDueDate({
        issueDate: '2026-01-10',
        terms: { basis: 'invoice_date', days: 90 },
        buyerCountry: 'DE',
      }),
    ).toEqual({
      dueDate: '2026-04-10',
      source: 'payment_terms',
      legalLatestDueDate: null,
      cappedByLaw: false,
    });
  });

  it('refuses an issue date that is not a date, naming the field', () => {
    const error = thrownBy(() => invoiceDueDate({ issueDate: '2026-02-30', buyerCountry: 'FR' }));
    expect(error.code).toBe('validation_failed');
    expect(error.details).toEqual([{ field: 'issueDate', reason: 'must be a calendar date YYYY-MM-DD' }]);
  });

  it('refuses a stated due date that is not a date', () => {
    const error = thrownBy(() =>
      invoiceDueDate({ issueDate: '2026-02-01', statedDueDate: '10/03/2026', buyerCountry: 'FR' }),
    );
    expect(error.details).toEqual([{ field: 'statedDueDate', reason: 'must be a calendar date YYYY-MM-DD' }]);
  });
});
