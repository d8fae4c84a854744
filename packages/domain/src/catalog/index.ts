export {
  type CartLineInput,
  type CartLineIssue,
  type CartTotal,
  type CatalogCartLine,
  cartLineIssues,
  cartTotals,
  type FreeTextCartLine,
  type FreeTextRequestStatus,
  type PricedCartLine,
  priceCartLine,
} from './cart.js';
export { type FreeTextRequestAction, nextFreeTextRequestStatus } from './free-text-request.js';
export {
  type ItemPricing,
  isPriceListValidOn,
  type PriceTier,
  priceForQuantity,
  priceTierProblems,
  type QuantityPrice,
} from './pricing.js';
