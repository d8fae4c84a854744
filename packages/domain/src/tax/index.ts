export {
  computeVatBreakdown,
  type VatBreakdown,
  type VatLine,
  type VatSubtotal,
  type VatTotals,
} from './vat-breakdown.js';
export {
  isVatCategoryCode,
  parseVatCategory,
  type VatCategoryCode,
  type VatRateRule,
  vatCategories,
  vatCategoryCodes,
} from './vat-category.js';
export {
  assertVatRateAllowed,
  frenchVatRates,
  isValidVatRate,
  parseVatRate,
  type VatRate,
} from './vat-rate.js';
