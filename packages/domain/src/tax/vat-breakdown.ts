import type { CurrencyCode } from '../money/currency.js';
import { parseDecimal } from '../money/decimal.js';
import { assertRoundedLineAmount } from '../money/line-amount.js';
import { type Money, percentageOf, sum } from '../money/money.js';
import { type VatCategoryCode, vatCategoryCodes } from './vat-category.js';
import { assertVatRateAllowed, type VatRate } from './vat-rate.js';

/**
 * One taxable line: an invoice or order line, or a document level charge (positive) or allowance
 * (negative), which EN 16931 counts in the taxable amount of its category and rate (BR-S-08 and kin).
 */
export interface VatLine {
  readonly netAmount: Money;
  readonly category: VatCategoryCode;
  readonly rate: VatRate;
}

/** One row of the VAT breakdown (BG-23). */
export interface VatSubtotal {
  readonly category: VatCategoryCode;
  readonly rate: VatRate;
  /** BT-116: the sum of the rounded net amounts of the lines with this category and rate. */
  readonly taxableAmount: Money;
  /** BT-117: taxable amount × rate ÷ 100, rounded to 2 decimals (BR-CO-17). */
  readonly vatAmount: Money;
}

export interface VatTotals {
  /** Sum of the line net amounts (BR-CO-10), equal to the sum of the taxable amounts. */
  readonly netAmount: Money;
  /** BT-110: sum of the VAT amounts of the breakdown (BR-CO-14). */
  readonly vatAmount: Money;
  /** BT-112: net amount + VAT amount (BR-CO-15). */
  readonly grossAmount: Money;
}

export interface VatBreakdown {
  readonly subtotals: readonly VatSubtotal[];
  readonly totals: VatTotals;
}

/**
 * Groups lines by (category, rate) and computes the VAT per group, EN 16931 style: the VAT is
 * computed once per group on the sum of rounded line amounts, never per line. Subtotals come in the
 * order of {@link vatCategoryCodes}, then by rate, highest first. Every line must be in `currency`
 * (`currency_mismatch`), rounded to 2 decimals (`invalid_amount`) and carry a rate its category
 * allows (`invalid_vat_rate`).
 */
export function computeVatBreakdown(lines: readonly VatLine[], currency: CurrencyCode): VatBreakdown {
  const groups = new Map<string, { category: VatCategoryCode; rate: VatRate; amounts: Money[] }>();
  lines.forEach(({ netAmount, category, rate }, index) => {
    assertRoundedLineAmount(netAmount, `lines[${index}].netAmount`);
    assertVatRateAllowed(category, rate, `lines[${index}].rate`);
    const key = `${category}/${rate}`;
    const group = groups.get(key) ?? { category, rate, amounts: [] };
    group.amounts.push(netAmount);
    groups.set(key, group);
  });

  const subtotals = [...groups.values()]
    .sort(
      (a, b) =>
        vatCategoryCodes.indexOf(a.category) - vatCategoryCodes.indexOf(b.category) ||
        parseDecimal(b.rate).cmp(parseDecimal(a.rate)),
    )
    .map(({ category, rate, amounts }): VatSubtotal => {
      const taxableAmount = sum(amounts, currency);
      return { category, rate, taxableAmount, vatAmount: percentageOf(taxableAmount, rate).roundEn16931() };
    });

  const netAmount = sum(
    subtotals.map((subtotal) => subtotal.taxableAmount),
    currency,
  );
  const vatAmount = sum(
    subtotals.map((subtotal) => subtotal.vatAmount),
    currency,
  );
  return { subtotals, totals: { netAmount, vatAmount, grossAmount: netAmount.add(vatAmount) } };
}
