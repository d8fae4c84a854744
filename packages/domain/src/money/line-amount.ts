import { DomainError } from '../errors/index.js';
import type { CurrencyCode } from './currency.js';
import { type DecimalInput, decimalPlaces, divideRounded, toDecimal } from './decimal.js';
import { en16931AmountScale, type Money, money, sum } from './money.js';

/**
 * Invoice line net amount (EN 16931 BT-131): invoiced quantity (BT-129) × item net price (BT-146)
 * ÷ item price base quantity (BT-149), rounded once to 2 decimals, ties away from zero.
 * Refuses a negative item net price (BR-27) and a base quantity that is not positive. The quantity
 * may be negative (a return on a credit note).
 */
export function lineNetAmount(
  quantity: DecimalInput,
  unitPrice: Money,
  priceBaseQuantity: DecimalInput = '1',
): Money {
  if (unitPrice.isNegative()) {
    const reason = 'must not be negative (EN 16931 BR-27)';
    throw new DomainError('invalid_amount', `The item net price ${unitPrice.toString()} ${reason}`, [
      { field: 'unitPrice', reason },
    ]);
  }
  const baseQuantity = toDecimal(priceBaseQuantity, 'priceBaseQuantity');
  if (baseQuantity.lte('0')) {
    const reason = 'must be greater than zero';
    throw new DomainError(
      'validation_failed',
      `The price base quantity ${baseQuantity.toString()} ${reason}`,
      [{ field: 'priceBaseQuantity', reason }],
    );
  }
  const gross = toDecimal(quantity, 'quantity').times(unitPrice.amount);
  return money(divideRounded(gross, baseQuantity, en16931AmountScale), unitPrice.currency);
}

/**
 * Throws `invalid_amount` unless `amount` is rounded to 2 decimals, as every line net amount must be
 * (EN 16931 BR-DEC-23).
 */
export function assertRoundedLineAmount(amount: Money, field: string): void {
  if (decimalPlaces(amount.amount) <= en16931AmountScale) return;
  const reason = `has more than ${en16931AmountScale} decimals: round line amounts first (EN 16931 BR-DEC-23)`;
  throw new DomainError('invalid_amount', `The line amount ${amount.toString()} ${reason}`, [
    { field, reason },
  ]);
}

/**
 * Sum of invoice line net amounts (BR-CO-10). Totals add the already rounded line amounts, never
 * round an unrounded sum, so an amount with more than 2 decimals throws `invalid_amount`.
 */
export function sumRoundedLines(lineAmounts: readonly Money[], currency: CurrencyCode): Money {
  lineAmounts.forEach((amount, index) => {
    assertRoundedLineAmount(amount, `lineAmounts[${index}]`);
  });
  return sum(lineAmounts, currency);
}
