import { describe, expect, it } from 'vitest';
import { thrownBy } from '../testing/thrown-by.js';
import { lineNetAmount, sumRoundedLines } from './line-amount.js';
import { money } from './money.js';

const eur = (amount: string) => money(amount, 'EUR');

describe('lineNetAmount', () => {
  it('multiplies quantity by unit price: 3 × 19.99 = 59.97', () => {
    expect(lineNetAmount('3', eur('19.99')).toDecimalString()).toBe('59.97');
  });

  it('rounds 1 × 0.125 to 0.13 (half away from zero)', () => {
    expect(lineNetAmount('1', eur('0.125')).toDecimalString()).toBe('0.13');
  });

  it('rounds a returned quantity away from zero too: -1 × 0.125 = -0.13', () => {
    expect(lineNetAmount('-1', eur('0.125')).toDecimalString()).toBe('-0.13');
  });

  it('rounds the exact product once: 2.5 × 0.125 = 0.3125 → 0.31', () => {
    expect(lineNetAmount('2.5', eur('0.125')).toDecimalString()).toBe('0.31');
  });

  it('applies the price base quantity: 250 sheets at 12.34 per 100 = 30.85', () => {
    expect(lineNetAmount('250', eur('12.34'), '100').toDecimalString()).toBe('30.85');
  });

  it('divides the product by the base quantity before rounding: 2 × 10 / 3 = 6.67, not 2 × 3.33', () => {
    expect(lineNetAmount('2', eur('10'), '3').toDecimalString()).toBe('6.67');
  });

  it('keeps the currency of the unit price', () => {
    expect(lineNetAmount('2', money('5', 'CHF')).currency).toBe('CHF');
  });

  it('accepts a zero price and gives 0.00', () => {
    expect(lineNetAmount('4', eur('0')).toDecimalString()).toBe('0.00');
  });

  it('refuses a negative item net price -0.01 with invalid_amount (BR-27)', () => {
    const error = thrownBy(() => lineNetAmount('1', eur('-0.01')));

    expect(error.code).toBe('invalid_amount');
    expect(error.details).toEqual([{ field: 'unitPrice', reason: expect.stringContaining('BR-27') }]);
  });

  it.each(['0', '-1'])('refuses a price base quantity of %s', (baseQuantity) => {
    const error = thrownBy(() => lineNetAmount('1', eur('10'), baseQuantity));

    expect(error.code).toBe('validation_failed');
    expect(error.details).toEqual([{ field: 'priceBaseQuantity', reason: 'must be greater than zero' }]);
  });

  it('refuses a quantity in exponent notation, naming the quantity', () => {
    const error = thrownBy(() => lineNetAmount('1e2', eur('10')));

    expect(error.code).toBe('invalid_decimal');
    expect(error.details).toEqual([{ field: 'quantity', reason: expect.any(String) }]);
  });
});

describe('sumRoundedLines', () => {
  it('adds rounded lines: three lines of 1 × 0.335 total 1.02, not the rounded 1.005 = 1.01', () => {
    const lines = ['0.335', '0.335', '0.335'].map((price) => lineNetAmount('1', eur(price)));

    expect(sumRoundedLines(lines, 'EUR').toDecimalString()).toBe('1.02');
  });

  it('refuses an unrounded line amount 0.335 with invalid_amount (BR-DEC-23)', () => {
    const error = thrownBy(() => sumRoundedLines([eur('1.00'), eur('0.335')], 'EUR'));

    expect(error.code).toBe('invalid_amount');
    expect(error.details).toEqual([
      { field: 'lineAmounts[1]', reason: expect.stringContaining('BR-DEC-23') },
    ]);
  });

  it('accepts 0.330, which is rounded to 2 decimals', () => {
    expect(sumRoundedLines([eur('0.330')], 'EUR').toDecimalString()).toBe('0.33');
  });

  it('sums no lines to 0.00 in the given currency', () => {
    expect(sumRoundedLines([], 'EUR').toString()).toBe('0.00 EUR');
  });

  it('refuses a line in another currency with currency_mismatch', () => {
    expect(thrownBy(() => sumRoundedLines([money('1', 'USD')], 'EUR')).code).toBe('currency_mismatch');
  });
});
