export {
  type ItemPricing,
  isPriceListValidOn,
  type PriceTier,
  priceForQuantity,
  priceTierProblems,
  type QuantityPrice,
} from './pricing.js';
