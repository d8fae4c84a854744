import { describe, expect, it } from 'vitest';
import { isDomainError } from '../errors/index.js';
import { convertMoney, type ExchangeRate, exchangeRateIssues, rateInForce } from './exchange-rate.js';
import { money } from './money.js';

const usdToEur = (rate: string, effectiveOn: string, recordedAt = `${effectiveOn}T08:00:00.000Z`) =>
  ({ from: 'USD', to: 'EUR', rate, effectiveOn, recordedAt }) as const satisfies ExchangeRate;

describe('exchangeRateIssues', () => {
  it('accepts a positive rate between two ISO currencies from a day', () => {
    expect(exchangeRateIssues({ from: 'USD', to: 'EUR', rate: '0.9214', effectiveOn: '2026-11-01' })).toEqual(
      [],
    );
  });

  it('names each wrong field', () => {
    expect(exchangeRateIssues({ from: 'XYZ', to: 'EUR', rate: '0', effectiveOn: '2026-13-45' })).toEqual([
      { field: 'from', reason: 'is not an ISO 4217 currency code' },
      { field: 'rate', reason: 'must be positive' },
      { field: 'effectiveOn', reason: 'must be a date YYYY-MM-DD' },
    ]);
    expect(exchangeRateIssues({ from: 'EUR', to: 'EUR', rate: '1.5e3', effectiveOn: '2026-11-01' })).toEqual([
      { field: 'to', reason: 'must differ from the currency converted' },
      { field: 'rate', reason: expect.stringContaining('plain decimal') },
    ]);
    expect(
      exchangeRateIssues({ from: 'USD', to: 'EUR', rate: '0.12345678901', effectiveOn: '2026-11-01' }),
    ).toEqual([{ field: 'rate', reason: 'has more than 10 decimal places' }]);
  });
});

describe('rateInForce', () => {
  const rates = [
    usdToEur('0.95', '2026-10-01'),
    usdToEur('0.92', '2026-11-01'),
    usdToEur('0.93', '2026-11-01', '2026-11-01T15:00:00.000Z'),
    usdToEur('0.90', '2026-12-01'),
    { ...usdToEur('1.08', '2026-11-01'), from: 'EUR', to: 'USD' } as const,
  ];

  it('takes the latest effective day not after the day, the later recording of that day', () => {
    expect(rateInForce(rates, 'USD', 'EUR', '2026-11-23')?.rate).toBe('0.93');
    expect(rateInForce(rates, 'USD', 'EUR', '2026-10-31')?.rate).toBe('0.95');
    expect(rateInForce(rates, 'USD', 'EUR', '2026-12-01')?.rate).toBe('0.90');
  });

  it('gives nothing before the first rate, or for another pair', () => {
    expect(rateInForce(rates, 'USD', 'EUR', '2026-09-30')).toBeUndefined();
    expect(rateInForce(rates, 'GBP', 'EUR', '2026-11-23')).toBeUndefined();
    expect(rateInForce(rates, 'EUR', 'USD', '2026-11-23')?.rate).toBe('1.08');
  });
});

describe('convertMoney', () => {
  it('multiplies exactly and rounds once to the cent, ties away from zero', () => {
    expect(convertMoney(money('1000.00', 'USD'), usdToEur('0.9214', '2026-11-01')).toDecimalString(2)).toBe(
      '921.40',
    );
    // 10.10 × 0.5 = 5.05 exactly; 0.05 × 0.5 = 0.025 → 0.03; -0.05 × 0.5 → -0.03
    expect(convertMoney(money('0.05', 'USD'), usdToEur('0.5', '2026-11-01')).toDecimalString(2)).toBe('0.03');
    expect(convertMoney(money('-0.05', 'USD'), usdToEur('0.5', '2026-11-01')).toDecimalString(2)).toBe(
      '-0.03',
    );
    expect(
      convertMoney(money('0.01', 'USD'), usdToEur('0.4999999999', '2026-11-01')).toDecimalString(2),
    ).toBe('0.00');
  });

  it('gives the amount in the target currency', () => {
    expect(convertMoney(money('10', 'USD'), usdToEur('0.92', '2026-11-01')).currency).toBe('EUR');
  });

  it('refuses a rate from another currency', () => {
    let error: unknown;
    try {
      convertMoney(money('10', 'GBP'), usdToEur('0.92', '2026-11-01'));
    } catch (e) {
      error = e;
    }
    expect(isDomainError(error) && error.code).toBe('currency_mismatch');
  });
});
