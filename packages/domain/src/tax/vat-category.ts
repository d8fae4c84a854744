import { DomainError } from '../errors/index.js';

/** What EN 16931 lets a category's rate be, and the rule that says so. */
export type VatRateRule = 'positive' | 'zero' | 'zero_or_positive';

/**
 * The VAT category codes of UNCL5305 that EN 16931 uses (BT-118, BT-151), in the order a VAT
 * breakdown lists them. `O` lines carry no rate (BR-O-05); the domain represents that as 0.
 */
export const vatCategories = {
  S: { description: 'Standard rate', rateRule: 'positive', ruleId: 'BR-S-05' },
  Z: { description: 'Zero rated goods', rateRule: 'zero', ruleId: 'BR-Z-05' },
  E: { description: 'Exempt from tax', rateRule: 'zero', ruleId: 'BR-E-05' },
  AE: { description: 'VAT reverse charge', rateRule: 'zero', ruleId: 'BR-AE-05' },
  K: {
    description: 'VAT exempt for EEA intra-community supply of goods and services',
    rateRule: 'zero',
    ruleId: 'BR-IC-05',
  },
  G: { description: 'Free export item, tax not charged', rateRule: 'zero', ruleId: 'BR-G-05' },
  O: { description: 'Services outside scope of tax', rateRule: 'zero', ruleId: 'BR-O-05' },
  L: {
    description: 'Canary Islands general indirect tax (IGIC)',
    rateRule: 'zero_or_positive',
    ruleId: 'BR-AF-05',
  },
  M: {
    description: 'Tax for production, services and importation in Ceuta and Melilla (IPSI)',
    rateRule: 'zero_or_positive',
    ruleId: 'BR-AG-05',
  },
} as const satisfies Record<string, { description: string; rateRule: VatRateRule; ruleId: string }>;

export type VatCategoryCode = keyof typeof vatCategories;

export const vatCategoryCodes = Object.keys(vatCategories) as readonly VatCategoryCode[];

export function isVatCategoryCode(value: unknown): value is VatCategoryCode {
  return typeof value === 'string' && Object.hasOwn(vatCategories, value);
}

/** Accepts an exact UNCL5305 code from {@link vatCategories}; throws `invalid_vat_category` otherwise. */
export function parseVatCategory(value: string, field = 'category'): VatCategoryCode {
  if (isVatCategoryCode(value)) return value;
  const reason = `is not one of ${vatCategoryCodes.join(', ')}`;
  throw new DomainError('invalid_vat_category', `VAT category "${value}" ${reason}`, [{ field, reason }]);
}
