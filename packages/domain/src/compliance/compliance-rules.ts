import { parseDecimal } from '../money/index.js';

/**
 * The documents a supplier may be asked for. `validityMonths` is how long the document is taken as
 * valid from its issue date when no expiry date is printed on it; null: it does not expire by itself.
 */
export const complianceDocumentTypes = {
  company_registration: {
    label: { fr: 'Extrait Kbis (ou registre équivalent)', en: 'Company registration extract (Kbis)' },
    validityMonths: 3,
  },
  urssaf_vigilance: {
    label: { fr: 'Attestation de vigilance URSSAF', en: 'URSSAF social-security certificate' },
    validityMonths: 6,
  },
  insurance_certificate: {
    label: { fr: "Attestation d'assurance responsabilité civile", en: 'Liability insurance certificate' },
    validityMonths: 12,
  },
  purchasing_terms_acceptance: {
    label: {
      fr: "Acceptation signée des conditions générales d'achat",
      en: 'Signed acceptance of the general purchasing terms',
    },
    validityMonths: null,
  },
} as const satisfies Record<string, { label: { fr: string; en: string }; validityMonths: number | null }>;

export type ComplianceDocumentType = keyof typeof complianceDocumentTypes;
export const complianceDocumentTypeNames = Object.keys(complianceDocumentTypes) as ComplianceDocumentType[];

/** What the rules look at. `yearlySpend` is in EUR, a decimal string. */
export interface SupplierComplianceProfile {
  country: string;
  categoryCodes: readonly string[];
  yearlySpend: string;
}

export interface ComplianceRule {
  type: ComplianceDocumentType;
  /** Why the document is required, in English, for the history and the API. */
  reason: string;
  applies(supplier: SupplierComplianceProfile): boolean;
}

/**
 * French "obligation de vigilance" (Code du travail L.8222-1): from 5,000 EUR excl. VAT a year with a
 * contractor, the buyer must obtain the URSSAF certificate every six months.
 */
export const vigilanceThresholdEur = '5000';

/**
 * UNSPSC segments 70 and above are services: people of the supplier work for us, often on our
 * premises, so we want their liability insurance.
 */
export function isServiceCategory(code: string): boolean {
  return /^\d{8}$/.test(code) && Number(code.slice(0, 2)) >= 70;
}

export const complianceRules: readonly ComplianceRule[] = [
  {
    type: 'purchasing_terms_acceptance',
    reason: 'every supplier accepts the general purchasing terms',
    applies: () => true,
  },
  {
    type: 'company_registration',
    reason: 'every supplier proves it is registered',
    applies: () => true,
  },
  {
    type: 'urssaf_vigilance',
    reason: `French supplier with a yearly spend of ${vigilanceThresholdEur} EUR or more`,
    applies: (s) => s.country === 'FR' && parseDecimal(s.yearlySpend).gte(vigilanceThresholdEur),
  },
  {
    type: 'insurance_certificate',
    reason: 'supplier of services (UNSPSC segment 70 or above)',
    applies: (s) => s.categoryCodes.some(isServiceCategory),
  },
];

/** The documents this supplier must hold, each with the reason, in the order of the rules. */
export function requiredComplianceDocuments(
  supplier: SupplierComplianceProfile,
  rules: readonly ComplianceRule[] = complianceRules,
): { type: ComplianceDocumentType; reason: string }[] {
  return rules.filter((rule) => rule.applies(supplier)).map(({ type, reason }) => ({ type, reason }));
}
