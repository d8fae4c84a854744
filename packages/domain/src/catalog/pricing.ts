import { DomainError } from '../errors/index.js';
import { type DecimalInput, decimalPlaces, formatDecimal, toDecimal } from '../money/decimal.js';

/** A lower unit price that applies from a quantity up. */
export interface PriceTier {
  minQuantity: string;
  unitPrice: string;
}

/** What a catalog item's price list says about buying it. */
export interface ItemPricing {
  /** Unit price from the minimum order quantity up to the first tier. */
  unitPrice: string;
  minOrderQuantity: string;
  tiers: readonly PriceTier[];
  /** The price list's validity, as ISO dates; `validTo` null means open-ended. */
  validFrom: string;
  validTo: string | null;
}

export interface QuantityPrice {
  unitPrice: string;
  /** The tier's minimum quantity when a tier applies, null for the base price. */
  tierMinQuantity: string | null;
}

/** True when the price list is valid on the given ISO date (YYYY-MM-DD), both ends included. */
export function isPriceListValidOn(
  pricing: Pick<ItemPricing, 'validFrom' | 'validTo'>,
  date: string,
): boolean {
  return pricing.validFrom <= date && (pricing.validTo === null || date <= pricing.validTo);
}

/**
 * The unit price for a quantity: the tier with the highest minimum at or below the quantity, else
 * the base price. Refuses a quantity that is not positive or below the minimum order quantity, and
 * a price list that is not valid on the day.
 */
export function priceForQuantity(
  pricing: ItemPricing,
  quantity: DecimalInput,
  onDate: string,
): QuantityPrice {
  const wanted = toDecimal(quantity, 'quantity');
  if (wanted.lte('0')) {
    const reason = 'must be greater than zero';
    throw new DomainError('validation_failed', `The quantity ${wanted.toString()} ${reason}.`, [
      { field: 'quantity', reason },
    ]);
  }
  const minimum = toDecimal(pricing.minOrderQuantity, 'minOrderQuantity');
  if (wanted.lt(minimum)) {
    const reason = `must be at least the minimum order quantity ${formatDecimal(minimum)}`;
    throw new DomainError('below_minimum_order_quantity', `The quantity ${wanted.toString()} ${reason}.`, [
      { field: 'quantity', reason },
    ]);
  }
  if (!isPriceListValidOn(pricing, onDate)) {
    throw new DomainError(
      'price_list_not_valid',
      `The item's price list is valid from ${pricing.validFrom}${pricing.validTo ? ` to ${pricing.validTo}` : ''}, not on ${onDate}.`,
    );
  }
  let best: PriceTier | undefined;
  for (const tier of pricing.tiers) {
    const from = toDecimal(tier.minQuantity, 'tier.minQuantity');
    if (from.lte(wanted) && (!best || from.gt(toDecimal(best.minQuantity)))) best = tier;
  }
  return best
    ? { unitPrice: best.unitPrice, tierMinQuantity: best.minQuantity }
    : { unitPrice: pricing.unitPrice, tierMinQuantity: null };
}

/**
 * Tiers must rise in quantity and fall in price: a tier that costs more than a smaller quantity
 * is a mistake in the supplier's file. Returns the problems, empty when the tiers are coherent.
 */
export function priceTierProblems(
  pricing: Pick<ItemPricing, 'unitPrice' | 'minOrderQuantity' | 'tiers'>,
): string[] {
  const problems: string[] = [];
  const sorted = [...pricing.tiers].sort((a, b) => toDecimal(a.minQuantity).cmp(toDecimal(b.minQuantity)));
  let previousPrice = toDecimal(pricing.unitPrice, 'unitPrice');
  let previousQuantity = toDecimal(pricing.minOrderQuantity, 'minOrderQuantity');
  for (const tier of sorted) {
    const quantity = toDecimal(tier.minQuantity, 'tier.minQuantity');
    const price = toDecimal(tier.unitPrice, 'tier.unitPrice');
    if (quantity.lte(previousQuantity))
      problems.push(`the tier from ${tier.minQuantity} must start above ${formatDecimal(previousQuantity)}`);
    if (price.gte(previousPrice))
      problems.push(
        `the tier from ${tier.minQuantity} must cost less than ${formatDecimal(previousPrice, Math.max(2, decimalPlaces(previousPrice)))}`,
      );
    previousPrice = price;
    previousQuantity = quantity;
  }
  return problems;
}

export type PriceListState = 'upcoming' | 'in_force' | 'expired';

/** Where a price list stands on an ISO date: not yet valid, valid (orderable), or past its end. */
export function priceListState(
  pricing: Pick<ItemPricing, 'validFrom' | 'validTo'>,
  date: string,
): PriceListState {
  if (date < pricing.validFrom) return 'upcoming';
  return isPriceListValidOn(pricing, date) ? 'in_force' : 'expired';
}

/** Why a validity period is wrong (the end before the start), or undefined when it is coherent. */
export function priceListValidityProblem(
  pricing: Pick<ItemPricing, 'validFrom' | 'validTo'>,
): string | undefined {
  return pricing.validTo !== null && pricing.validTo < pricing.validFrom
    ? `must not end (${pricing.validTo}) before it starts (${pricing.validFrom})`
    : undefined;
}
