import { type CurrencyCode, parseCurrency } from '../money/currency.js';
import { toDecimal } from '../money/decimal.js';
import { lineNetAmount } from '../money/line-amount.js';
import { type Money, money } from '../money/money.js';
import { computeVatBreakdown } from '../tax/vat-breakdown.js';
import type { VatCategoryCode } from '../tax/vat-category.js';
import { parseVatRate, type VatRate } from '../tax/vat-rate.js';
import { type ItemPricing, isPriceListValidOn, priceForQuantity } from './pricing.js';

/**
 * Why a cart line cannot be ordered as it stands. The first five come from the catalog's one
 * orderability condition (item deactivated, supplier not active, supplier held back by the
 * compliance policy, supplier not serving the caller's entity or site, price list or contract out
 * of its validity); the others from the line itself.
 */
export const cartLineIssues = [
  'item_inactive',
  'supplier_not_active',
  'supplier_on_compliance_hold',
  'not_for_entity',
  'price_list_not_valid',
  'below_minimum_order_quantity',
  'request_rejected',
  'request_withdrawn',
] as const;
export type CartLineIssue = (typeof cartLineIssues)[number];

/** A catalog item line: the price seen when it was added, and what the catalog says today. */
export interface CatalogCartLine {
  readonly kind: 'item';
  readonly quantity: string;
  /** Unit price and currency when the line was added or its quantity last changed. */
  readonly seenUnitPrice: string;
  readonly seenCurrency: string;
  readonly current: {
    readonly pricing: ItemPricing;
    readonly currency: string;
    readonly vatRate: string;
    /** Reasons the catalog gives today for not letting the caller order the item (empty: orderable). */
    readonly notOrderableBecause: readonly CartLineIssue[];
  };
}

export type FreeTextRequestStatus = 'pending' | 'sourced' | 'rejected' | 'withdrawn';

/** A free-text line: priced at the requester's estimate until a buyer sources it. */
export interface FreeTextCartLine {
  readonly kind: 'free_text';
  readonly quantity: string;
  readonly estimatedUnitPrice: string;
  readonly currency: string;
  readonly vatRate: string;
  readonly status: FreeTextRequestStatus;
}

export type CartLineInput = CatalogCartLine | FreeTextCartLine;

export interface PricedCartLine {
  readonly unitPrice: Money;
  /** The tier's minimum quantity when a quantity tier gives the price, else null. */
  readonly tierMinQuantity: string | null;
  /** Quantity × unit price, rounded to 2 decimals (EN 16931 line amount). */
  readonly netAmount: Money;
  readonly vatRate: VatRate;
  /** True for a requester's estimate rather than a catalog price. */
  readonly estimated: boolean;
  /** The unit price when the line was added and today's, when they differ. */
  readonly priceChange: { readonly from: Money; readonly to: Money } | null;
  readonly issues: readonly CartLineIssue[];
  /** No issue: the line counts in the totals and may go into a purchase request. */
  readonly orderable: boolean;
}

export interface CartTotal {
  readonly currency: CurrencyCode;
  readonly netAmount: Money;
  readonly vatAmount: Money;
  readonly grossAmount: Money;
}

/** Validity that never excludes a day: used to show a price whose list is out of validity. */
const alwaysValid = { validFrom: '0000-01-01', validTo: null } as const;

/**
 * Prices one cart line for today (ISO date): a catalog line at the current tier price of its
 * current price list, flagged when that price differs from the one seen when it was added, and
 * with every reason it cannot be ordered; a free-text line at its estimate. A line that cannot be
 * ordered still shows a price, but does not count in the totals.
 */
export function priceCartLine(line: CartLineInput, today: string): PricedCartLine {
  if (line.kind === 'free_text') {
    const unitPrice = money(line.estimatedUnitPrice, parseCurrency(line.currency));
    const issues: CartLineIssue[] = [];
    if (line.status === 'rejected') issues.push('request_rejected');
    if (line.status === 'withdrawn') issues.push('request_withdrawn');
    return {
      unitPrice,
      tierMinQuantity: null,
      netAmount: lineNetAmount(line.quantity, unitPrice),
      vatRate: parseVatRate(line.vatRate),
      estimated: true,
      priceChange: null,
      issues,
      orderable: issues.length === 0,
    };
  }

  const { pricing, notOrderableBecause } = line.current;
  const issues = new Set<CartLineIssue>(notOrderableBecause);
  if (!isPriceListValidOn(pricing, today)) issues.add('price_list_not_valid');
  if (toDecimal(line.quantity, 'quantity').lt(toDecimal(pricing.minOrderQuantity, 'minOrderQuantity')))
    issues.add('below_minimum_order_quantity');
  const price = issues.size
    ? priceForQuantity({ ...pricing, ...alwaysValid, minOrderQuantity: line.quantity }, line.quantity, today)
    : priceForQuantity(pricing, line.quantity, today);

  const unitPrice = money(price.unitPrice, parseCurrency(line.current.currency));
  const seen = money(line.seenUnitPrice, parseCurrency(line.seenCurrency));
  const ordered = cartLineIssues.filter((issue) => issues.has(issue));
  return {
    unitPrice,
    tierMinQuantity: price.tierMinQuantity,
    netAmount: lineNetAmount(line.quantity, unitPrice),
    vatRate: parseVatRate(line.current.vatRate),
    estimated: false,
    priceChange: seen.equals(unitPrice) ? null : { from: seen, to: unitPrice },
    issues: ordered,
    orderable: ordered.length === 0,
  };
}

/** The VAT category a cart line is estimated under: standard when taxed, zero-rated otherwise. */
function cartVatCategory(rate: VatRate): VatCategoryCode {
  return toDecimal(rate).eq('0') ? 'Z' : 'S';
}

/**
 * Net, VAT and gross per currency over the lines that can be ordered, EN 16931 style: line amounts
 * are already rounded to 2 decimals, VAT is computed per rate on their sum, the gross is net + VAT.
 * Currencies come in alphabetical order; a cart with nothing orderable has no total.
 */
export function cartTotals(lines: readonly PricedCartLine[]): CartTotal[] {
  const byCurrency = new Map<CurrencyCode, PricedCartLine[]>();
  for (const line of lines) {
    if (!line.orderable) continue;
    const currency = line.netAmount.currency;
    byCurrency.set(currency, [...(byCurrency.get(currency) ?? []), line]);
  }
  return [...byCurrency.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([currency, currencyLines]) => {
      const { totals } = computeVatBreakdown(
        currencyLines.map((l) => ({
          netAmount: l.netAmount,
          rate: l.vatRate,
          category: cartVatCategory(l.vatRate),
        })),
        currency,
      );
      return { currency, ...totals };
    });
}
