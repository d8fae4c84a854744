import Big from 'big.js';
import { describe, expect, it } from 'vitest';
import { thrownBy } from '../testing/thrown-by.js';
import { isMoney, money, percentageOf, sum } from './money.js';

const eur = (amount: string) => money(amount, 'EUR');

describe('money', () => {
  it('parses a plain decimal string exactly', () => {
    expect(eur('1234.50').toDecimalString()).toBe('1234.50');
    expect(eur('-3').toDecimalString()).toBe('-3.00');
  });

  it.each(['', '1e3', '1,000.00', 'NaN', '12.3.4', '99999999999999999999'])(
    'refuses %j with invalid_amount naming the amount field',
    (amount) => {
      const error = thrownBy(() => eur(amount));

      expect(error.code).toBe('invalid_amount');
      expect(error.details).toEqual([{ field: 'amount', reason: expect.any(String) }]);
    },
  );

  it('accepts a big.js value', () => {
    expect(money(new Big('12.345'), 'EUR').toDecimalString()).toBe('12.345');
  });

  it('is frozen and hands out a copy of its amount', () => {
    const price = eur('10.00');
    price.amount.c[0] = 9;

    expect(Object.isFrozen(price)).toBe(true);
    expect(price.toDecimalString()).toBe('10.00');
  });
});

describe('arithmetic', () => {
  it('adds 0.1 and 0.2 to exactly 0.3, with no binary float artefact', () => {
    expect(eur('0.1').add(eur('0.2')).equals(eur('0.3'))).toBe(true);
  });

  it('subtracts', () => {
    expect(eur('10.00').subtract(eur('10.01')).toDecimalString()).toBe('-0.01');
  });

  it('negates', () => {
    expect(eur('12.5').negate().toDecimalString()).toBe('-12.50');
  });

  it('multiplies exactly and leaves the product unrounded: 0.333 × 3 = 0.999', () => {
    expect(eur('0.333').multiply('3').toDecimalString()).toBe('0.999');
  });

  it('refuses a factor in exponent notation with invalid_decimal', () => {
    expect(thrownBy(() => eur('1').multiply('1e2')).code).toBe('invalid_decimal');
  });

  it('takes an exact, unrounded percentage: 5.5 % of 100.10 is 5.5055', () => {
    expect(percentageOf(eur('100.10'), '5.5').toDecimalString()).toBe('5.5055');
  });

  it.each([
    ['add', () => eur('1').add(money('1', 'USD'))],
    ['subtract', () => eur('1').subtract(money('1', 'USD'))],
    ['compare', () => eur('1').compare(money('1', 'USD'))],
  ])('refuses to %s amounts in two currencies with currency_mismatch', (_operation, combine) => {
    const error = thrownBy(combine);

    expect(error.code).toBe('currency_mismatch');
    expect(error.details).toEqual({ expected: 'EUR', actual: 'USD' });
  });
});

describe('comparison', () => {
  it('orders amounts of one currency', () => {
    expect(eur('10.5').compare(eur('10.50'))).toBe(0);
    expect(eur('10.49').compare(eur('10.5'))).toBe(-1);
    expect(eur('-1').compare(eur('-2'))).toBe(1);
  });

  it('finds 10.5 EUR equal to 10.50 EUR but not to 10.50 USD', () => {
    expect(eur('10.5').equals(eur('10.50'))).toBe(true);
    expect(eur('10.5').equals(money('10.50', 'USD'))).toBe(false);
  });

  it('sees -0.00 as zero and not negative, -0.01 as negative', () => {
    expect(eur('-0.00').isZero()).toBe(true);
    expect(eur('-0.00').isNegative()).toBe(false);
    expect(eur('-0.01').isNegative()).toBe(true);
    expect(eur('0.01').isZero()).toBe(false);
  });
});

describe('rounding', () => {
  it('rounds 0.125 EUR to 0.13 and -0.125 EUR to -0.13 (half away from zero)', () => {
    expect(eur('0.125').roundToCurrency().toDecimalString()).toBe('0.13');
    expect(eur('-0.125').roundToCurrency().toDecimalString()).toBe('-0.13');
  });

  it('rounds to the minor units of the currency: JPY 1234.5 → 1235, KWD 1.2345 → 1.235', () => {
    expect(money('1234.5', 'JPY').roundToCurrency().toDecimalString()).toBe('1235');
    expect(money('1.2345', 'KWD').roundToCurrency().toDecimalString()).toBe('1.235');
  });

  it('rounds EN 16931 amounts to 2 decimals whatever the currency: KWD 1.2345 → 1.23, JPY 100.555 → 100.56', () => {
    expect(money('1.2345', 'KWD').roundEn16931().toDecimalString()).toBe('1.230');
    expect(money('100.555', 'JPY').roundEn16931().toDecimalString()).toBe('100.56');
  });
});

describe('toDecimalString', () => {
  it('shows at least the minor units of the currency: "1234.50" EUR, "1234" JPY, "1.000" KWD', () => {
    expect(eur('1234.5').toDecimalString()).toBe('1234.50');
    expect(money('1234', 'JPY').toDecimalString()).toBe('1234');
    expect(money('1', 'KWD').toDecimalString()).toBe('1.000');
  });

  it('keeps the extra decimals of a unit price: "0.0125"', () => {
    expect(eur('0.0125').toDecimalString()).toBe('0.0125');
  });

  it('never switches to exponent notation', () => {
    expect(eur('123456789012345678').toDecimalString()).toBe('123456789012345678.00');
    expect(eur('0.000000001').toDecimalString()).toBe('0.000000001');
  });

  it('rounds half away from zero to an explicit scale: 1234.565 at 2 is "1234.57"', () => {
    expect(eur('1234.565').toDecimalString(2)).toBe('1234.57');
    expect(eur('-0.001').toDecimalString(2)).toBe('0.00');
  });

  it('serialises to JSON as an amount string and a currency', () => {
    expect(JSON.stringify({ total: eur('1234.5') })).toBe('{"total":{"amount":"1234.50","currency":"EUR"}}');
  });

  it('reads as amount and currency in messages', () => {
    expect(`${eur('5')}`).toBe('5.00 EUR');
  });
});

describe('sum', () => {
  it('sums to zero in the given currency when there is nothing to sum', () => {
    const total = sum([], 'CHF');

    expect(total.isZero()).toBe(true);
    expect(total.currency).toBe('CHF');
  });

  it('adds every amount', () => {
    expect(sum([eur('1.10'), eur('2.20'), eur('3.30')], 'EUR').toDecimalString()).toBe('6.60');
  });

  it('refuses an amount in another currency with currency_mismatch', () => {
    expect(thrownBy(() => sum([eur('1'), money('1', 'GBP')], 'EUR')).code).toBe('currency_mismatch');
  });
});

describe('isMoney', () => {
  it('accepts a Money and refuses a lookalike object', () => {
    expect(isMoney(eur('1'))).toBe(true);
    expect(isMoney({ amount: '1', currency: 'EUR' })).toBe(false);
  });
});

describe('comparing Money in tests', () => {
  it('makes toEqual tell different amounts apart and equal amounts alike', () => {
    expect(money('1', 'EUR')).not.toEqual(money('2', 'EUR'));
    expect(money('1.50', 'EUR')).toEqual(money('1.5', 'EUR'));
    expect(money('1', 'EUR')).not.toEqual(money('1', 'USD'));
  });
});
