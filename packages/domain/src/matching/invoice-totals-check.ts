// The header check of matching: are an invoice's totals consistent with its lines? Each total is
// recomputed from the figures one level below it as the document states them (the EN 16931 rules
// named below), so one wrong figure is reported once, where it is wrong, rather than in every total
// above it. The comparison is exact: a supplier that rounds VAT per line instead of per rate, as
// EN 16931 requires, is reported.
import type { FieldIssue } from '../errors/index.js';
import type { CurrencyCode, Money } from '../money/index.js';
import { money, sum } from '../money/index.js';
import { computeVatBreakdown, parseVatRate, type VatCategoryCode, type VatLine } from '../tax/index.js';

/** An amount with its VAT category and rate: a line net amount, a document allowance or charge. */
export interface TaxedAmount {
  readonly amount: Money;
  readonly vatCategory: VatCategoryCode;
  /** A percentage such as "20" or "5.5". */
  readonly vatRate: string;
}

/** The document totals (BG-22) as the invoice states them. */
export interface StatedInvoiceTotals {
  /** BT-106 */
  readonly lineTotal: Money;
  /** BT-107, absent when there is no document level allowance. */
  readonly allowanceTotal?: Money | null;
  /** BT-108 */
  readonly chargeTotal?: Money | null;
  /** BT-109 */
  readonly taxExclusiveAmount: Money;
  /** BT-110 */
  readonly vatTotal: Money;
  /** BT-112 */
  readonly taxInclusiveAmount: Money;
  /** BT-113 */
  readonly prepaidAmount?: Money | null;
  /** BT-114 */
  readonly roundingAmount?: Money | null;
  /** BT-115 */
  readonly payableAmount: Money;
}

export interface InvoiceTotalsToCheck {
  readonly currency: CurrencyCode;
  /** Line net amounts (BT-131), rounded to 2 decimals. */
  readonly lines: readonly TaxedAmount[];
  /** Document level allowances (BG-20), positive amounts. */
  readonly allowances?: readonly TaxedAmount[];
  /** Document level charges (BG-21). */
  readonly charges?: readonly TaxedAmount[];
  readonly totals: StatedInvoiceTotals;
}

export const invoiceTotals = [
  'line_total',
  'allowance_total',
  'charge_total',
  'tax_exclusive_amount',
  'vat_total',
  'tax_inclusive_amount',
  'payable_amount',
] as const;
export type InvoiceTotal = (typeof invoiceTotals)[number];

export interface TotalDifference {
  readonly total: InvoiceTotal;
  /** The EN 16931 rule the total breaks. */
  readonly rule: string;
  readonly expected: Money;
  readonly actual: Money;
  /** actual − expected */
  readonly difference: Money;
}

export interface InvoiceTotalsCheck {
  readonly consistent: boolean;
  readonly differences: readonly TotalDifference[];
}

/**
 * Compares each stated total with its recomputation: BR-CO-10 line total = Σ line net amounts;
 * BR-CO-11 and BR-CO-12 allowance and charge totals; BR-CO-13 tax exclusive = line total −
 * allowances + charges; BR-CO-14 VAT total = the VAT breakdown computed from lines, allowances and
 * charges (per category and rate, rounded once per group); BR-CO-15 tax inclusive = tax exclusive +
 * VAT; BR-CO-16 payable = tax inclusive − prepaid + rounding. Expects a validated invoice: amounts
 * rounded to 2 decimals and VAT rates allowed for their category, or it throws as
 * {@link computeVatBreakdown} does.
 */
export function checkInvoiceTotals(invoice: InvoiceTotalsToCheck): InvoiceTotalsCheck {
  const { currency, totals } = invoice;
  const zero = money('0', currency);
  const allowances = invoice.allowances ?? [];
  const charges = invoice.charges ?? [];
  const stated = (amount: Money | null | undefined) => amount ?? zero;
  const differences: TotalDifference[] = [];
  const compare = (total: InvoiceTotal, rule: string, expected: Money, actual: Money) => {
    if (!expected.equals(actual))
      differences.push({ total, rule, expected, actual, difference: actual.subtract(expected) });
  };

  compare(
    'line_total',
    'BR-CO-10',
    sum(
      invoice.lines.map((line) => line.amount),
      currency,
    ),
    totals.lineTotal,
  );
  compare(
    'allowance_total',
    'BR-CO-11',
    sum(
      allowances.map((allowance) => allowance.amount),
      currency,
    ),
    stated(totals.allowanceTotal),
  );
  compare(
    'charge_total',
    'BR-CO-12',
    sum(
      charges.map((charge) => charge.amount),
      currency,
    ),
    stated(totals.chargeTotal),
  );
  compare(
    'tax_exclusive_amount',
    'BR-CO-13',
    totals.lineTotal.subtract(stated(totals.allowanceTotal)).add(stated(totals.chargeTotal)),
    totals.taxExclusiveAmount,
  );
  const vatLine = (taxed: TaxedAmount, sign: 1 | -1, field: string): VatLine => ({
    netAmount: sign === 1 ? taxed.amount : taxed.amount.negate(),
    category: taxed.vatCategory,
    rate: parseVatRate(taxed.vatRate, field),
  });
  const vatLines = [
    ...invoice.lines.map((line, index) => vatLine(line, 1, `lines[${index}].vatRate`)),
    ...allowances.map((allowance, index) => vatLine(allowance, -1, `allowances[${index}].vatRate`)),
    ...charges.map((charge, index) => vatLine(charge, 1, `charges[${index}].vatRate`)),
  ];
  compare('vat_total', 'BR-CO-14', computeVatBreakdown(vatLines, currency).totals.vatAmount, totals.vatTotal);
  compare(
    'tax_inclusive_amount',
    'BR-CO-15',
    totals.taxExclusiveAmount.add(totals.vatTotal),
    totals.taxInclusiveAmount,
  );
  compare(
    'payable_amount',
    'BR-CO-16',
    totals.taxInclusiveAmount.subtract(stated(totals.prepaidAmount)).add(stated(totals.roundingAmount)),
    totals.payableAmount,
  );
  return { consistent: differences.length === 0, differences };
}

/** The differences as field issues, for an answer that names each failing total. */
export function totalsDifferenceIssues(check: InvoiceTotalsCheck): FieldIssue[] {
  return check.differences.map((difference) => ({
    field: `totals.${difference.total}`,
    reason: `is ${difference.actual.toDecimalString()}, expected ${difference.expected.toDecimalString()} (${difference.rule})`,
  }));
}
