import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors/index.js';
import { nextRequisitionStatus, priceRequisition, requisitionNumber } from './requisition.js';

const line = (quantity: string, unitPrice: string, currency = 'EUR') => ({
  description: 'Ramette A4',
  quantity,
  unitPrice,
  currency,
});

function issuesOf(run: () => unknown) {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error.details;
    throw error;
  }
  throw new Error('expected a DomainError');
}

describe('requisition lifecycle', () => {
  it('goes draft → submitted → in approval → approved → partly ordered → ordered', () => {
    let status = nextRequisitionStatus('draft', 'submit');
    expect(status).toBe('submitted');
    status = nextRequisitionStatus(status, 'start_approval');
    expect(status).toBe('in_approval');
    status = nextRequisitionStatus(status, 'approve');
    expect(status).toBe('approved');
    status = nextRequisitionStatus(status, 'order_partly');
    expect(status).toBe('partly_ordered');
    expect(nextRequisitionStatus(status, 'order_fully')).toBe('ordered');
  });

  it('is approved at once when no rule asks anyone', () => {
    expect(nextRequisitionStatus('submitted', 'approve')).toBe('approved');
  });

  it('goes back into approval after a change that matters, approved or not yet', () => {
    expect(nextRequisitionStatus('approved', 'restart_approval')).toBe('in_approval');
    expect(nextRequisitionStatus('in_approval', 'restart_approval')).toBe('in_approval');
  });

  it('refuses what a request in its state cannot do, naming both', () => {
    expect(() => nextRequisitionStatus('rejected', 'approve')).toThrow(/rejected cannot be approved/);
    expect(() => nextRequisitionStatus('ordered', 'withdraw')).toThrow(DomainError);
    expect(() => nextRequisitionStatus('draft', 'approve')).toThrow(/draft cannot be approved/);
    expect(() => nextRequisitionStatus('partly_ordered', 'restart_approval')).toThrow(DomainError);
  });
});

describe('priceRequisition', () => {
  it('rounds each line once, then adds the rounded lines', () => {
    const priced = priceRequisition([line('3', '0.335'), line('1', '10.005'), line('2.5', '4')], 'EUR');
    expect(priced.lineAmounts.map((m) => m.toDecimalString())).toEqual(['1.01', '10.01', '10.00']);
    expect(priced.total.toDecimalString()).toBe('21.02');
  });

  it('reports every wrong line by index, and the currency', () => {
    expect(
      issuesOf(() =>
        priceRequisition(
          [
            line('0', '5'),
            line('2', '-1'),
            line('1,5', '3'),
            line('1', '3', 'USD'),
            { ...line('2', '1'), minimumOrderQuantity: '5' },
          ],
          'EUR',
        ),
      ),
    ).toEqual([
      { field: 'lines[0].quantity', reason: 'must be greater than zero' },
      { field: 'lines[1].unitPrice', reason: 'must not be negative' },
      { field: 'lines[2].quantity', reason: expect.any(String) },
      { field: 'lines[3].currency', reason: "must be the request's currency, EUR" },
      { field: 'lines[4].quantity', reason: 'must be at least 5 (minimum order quantity)' },
    ]);
    expect(issuesOf(() => priceRequisition([], 'EURO'))).toEqual([
      { field: 'currency', reason: 'must be an ISO 4217 currency code' },
      { field: 'lines', reason: 'a request needs at least one line' },
    ]);
  });
});

describe('requisitionNumber', () => {
  it('numbers per year with six digits', () => {
    expect(requisitionNumber(2026, 123)).toBe('REQ-2026-000123');
    expect(() => requisitionNumber(2026, 0)).toThrow(DomainError);
    expect(() => requisitionNumber(2026, 1_000_000)).toThrow(DomainError);
  });
});
