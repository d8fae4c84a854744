import Big from 'big.js';
import { describe, expect, it } from 'vitest';
import { thrownBy } from '../testing/thrown-by.js';
import {
  decimalPlaces,
  divideRounded,
  formatDecimal,
  isDecimalString,
  parseDecimal,
  roundHalfAwayFromZero,
  toDecimal,
} from './decimal.js';

describe('parseDecimal', () => {
  it('accepts plain decimals: 0, -12.50, 1234.5', () => {
    expect(parseDecimal('0').toString()).toBe('0');
    expect(parseDecimal('-12.50').toString()).toBe('-12.5');
    expect(parseDecimal('1234.5').toString()).toBe('1234.5');
  });

  it.each([
    ['', 'empty'],
    ['1e3', 'exponent'],
    ['1E3', 'upper-case exponent'],
    ['1,000.00', 'thousands separator'],
    ['1 000', 'space separator'],
    ['12,5', 'decimal comma'],
    ['NaN', 'NaN'],
    ['Infinity', 'Infinity'],
    ['+1', 'plus sign'],
    ['.5', 'no integer part'],
    ['5.', 'no fraction digits'],
    ['007', 'leading zeros'],
    [' 1', 'surrounding space'],
    ['0x1F', 'hexadecimal'],
  ])('refuses %j (%s) with invalid_decimal', (value) => {
    expect(thrownBy(() => parseDecimal(value)).code).toBe('invalid_decimal');
  });

  it('accepts 18 integer digits and refuses 19', () => {
    expect(isDecimalString('9'.repeat(18))).toBe(true);
    expect(isDecimalString('9'.repeat(19))).toBe(false);
  });

  it('accepts 12 decimal places and refuses 13', () => {
    expect(isDecimalString(`0.${'1'.repeat(12)}`)).toBe(true);
    expect(isDecimalString(`0.${'1'.repeat(13)}`)).toBe(false);
  });

  it('names the field in the error details', () => {
    const error = thrownBy(() => parseDecimal('1e3', 'lines[2].quantity'));

    expect(error.details).toEqual([
      { field: 'lines[2].quantity', reason: expect.stringContaining('exponent') },
    ]);
  });
});

describe('toDecimal', () => {
  it('refuses a JavaScript number smuggled past the types, so no binary float becomes an amount', () => {
    expect(() => toDecimal(0.1 as unknown as string)).toThrow();
  });

  it('copies a big.js value, so later changes to the original do not leak in', () => {
    const original = new Big('1.5');
    const copy = toDecimal(original);
    original.c[0] = 9;

    expect(copy.toString()).toBe('1.5');
  });
});

describe('roundHalfAwayFromZero', () => {
  it('rounds 0.125 to 0.13 and -0.125 to -0.13', () => {
    expect(roundHalfAwayFromZero(parseDecimal('0.125'), 2).toString()).toBe('0.13');
    expect(roundHalfAwayFromZero(parseDecimal('-0.125'), 2).toString()).toBe('-0.13');
  });

  it('rounds 2.5 to 3, not to the even 2', () => {
    expect(roundHalfAwayFromZero(parseDecimal('2.5'), 0).toString()).toBe('3');
  });

  it('rounds 0.124999 down to 0.12', () => {
    expect(roundHalfAwayFromZero(parseDecimal('0.124999'), 2).toString()).toBe('0.12');
  });
});

describe('divideRounded', () => {
  it('rounds 2 / 3 to 0.67 and 1 / 3 to 0.33', () => {
    expect(divideRounded(parseDecimal('2'), parseDecimal('3'), 2).toString()).toBe('0.67');
    expect(divideRounded(parseDecimal('1'), parseDecimal('3'), 2).toString()).toBe('0.33');
  });

  it('rounds a quotient just below a half down, where rounding to 20 decimals first would round it up', () => {
    // 0.004999999999999999999999 exactly: big.js's default 20 decimals would make it 0.005.
    const dividend = new Big('4999999999999999999999');
    const divisor = new Big('1000000000000000000000000');

    expect(divideRounded(dividend, divisor, 2).toString()).toBe('0');
  });

  it('refuses to divide by zero with invalid_decimal', () => {
    expect(thrownBy(() => divideRounded(parseDecimal('1'), parseDecimal('0.00'), 2)).code).toBe(
      'invalid_decimal',
    );
  });
});

describe('formatDecimal', () => {
  it('never uses an exponent, for tiny or huge values', () => {
    expect(formatDecimal(parseDecimal('0.0000001'))).toBe('0.0000001');
    expect(formatDecimal(new Big('1e21'))).toBe('1000000000000000000000');
  });

  it('pads to the requested scale: 1.5 at scale 2 is "1.50"', () => {
    expect(formatDecimal(parseDecimal('1.5'), 2)).toBe('1.50');
  });

  it('prints a negative amount that rounds to zero as "0.00", never "-0.00"', () => {
    expect(formatDecimal(parseDecimal('-0.001'), 2)).toBe('0.00');
    expect(formatDecimal(parseDecimal('-0'))).toBe('0');
  });
});

describe('decimalPlaces', () => {
  it('counts significant decimals: 12.50 has 1, 100 has 0, 0.001 has 3', () => {
    expect(decimalPlaces(parseDecimal('12.50'))).toBe(1);
    expect(decimalPlaces(parseDecimal('100'))).toBe(0);
    expect(decimalPlaces(parseDecimal('0.001'))).toBe(3);
  });
});
