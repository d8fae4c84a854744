import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { money } from './money.js';

/** A canonical decimal string with up to `maxScale` decimals, built from an integer and a scale. */
const decimalString = (maxScale: number) =>
  fc
    .tuple(fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), fc.integer({ min: 0, max: maxScale }))
    .map(([units, scale]) => {
      const digits = (units < 0n ? -units : units).toString().padStart(scale + 1, '0');
      const integerPart = digits.slice(0, digits.length - scale);
      const fraction = scale > 0 ? `.${digits.slice(digits.length - scale)}` : '';
      return `${units < 0n ? '-' : ''}${integerPart}${fraction}`;
    });

const amount = decimalString(6).map((value) => money(value, 'EUR'));

describe('money arithmetic (properties)', () => {
  it('adds commutatively', () => {
    fc.assert(fc.property(amount, amount, (a, b) => a.add(b).equals(b.add(a))));
  });

  it('adds associatively', () => {
    fc.assert(
      fc.property(amount, amount, amount, (a, b, c) =>
        a
          .add(b)
          .add(c)
          .equals(a.add(b.add(c))),
      ),
    );
  });

  it('gives back a after a + b − b', () => {
    fc.assert(fc.property(amount, amount, (a, b) => a.add(b).subtract(b).equals(a)));
  });

  it('keeps an amount unchanged when multiplied by 1, and gives zero when multiplied by 0', () => {
    fc.assert(fc.property(amount, (a) => a.multiply('1').equals(a) && a.multiply('0').isZero()));
  });

  it('gives back a after negating twice', () => {
    fc.assert(fc.property(amount, (a) => a.negate().negate().equals(a)));
  });

  it('adds n times 0.10 to exactly n / 10, never a float artefact', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 500 }), (n) => {
        let total = money('0', 'EUR');
        for (let i = 0; i < n; i += 1) total = total.add(money('0.10', 'EUR'));
        expect(total.toDecimalString()).toBe(`${Math.trunc(n / 10)}.${n % 10}0`);
      }),
      { numRuns: 50 },
    );
  });

  it('round-trips through toDecimalString', () => {
    fc.assert(fc.property(amount, (a) => money(a.toDecimalString(), 'EUR').equals(a)));
  });

  it('prints a 2-decimal EUR string back unchanged', () => {
    fc.assert(
      fc.property(
        decimalString(2).filter((value) => /\.\d\d$/.test(value)),
        (value) => money(value, 'EUR').toDecimalString() === value,
      ),
    );
  });

  it('rounds to 2 decimals at most 0.005 away, and rounding again changes nothing', () => {
    fc.assert(
      fc.property(amount, (a) => {
        const rounded = a.roundEn16931();
        expect(rounded.amount.minus(a.amount).abs().lte('0.005')).toBe(true);
        expect(rounded.roundEn16931().equals(rounded)).toBe(true);
        expect(rounded.toDecimalString()).toMatch(/^-?\d+\.\d\d$/);
      }),
    );
  });
});
