import { type VatCategoryCode, vatCategories, vatCategoryCodes } from '../tax/vat-category.js';

/**
 * The business rules `validateInvoice` checks, by official id: EN 16931-1 (BR-…, BR-CO-…, BR-DEC-…,
 * the VAT category rules BR-S-…, BR-IC-…, and the code list rules BR-CL-04/05/17/18 against the currencies
 * and VAT categories Procura knows) and the Peppol BIS Billing 3.0 rules (PEPPOL-EN16931-…).
 *
 * The Peppol arithmetic rules (R040, R046, R120, R121) apply to every invoice whatever its specification,
 * as EN 16931 itself does not check quantity × price: fatal on an invoice that claims Peppol BIS Billing
 * 3.0, warnings for a person to look at on others. PEPPOL-EN16931-R003 applies to Peppol invoices only
 * (see `validateInvoice`).
 */
const fixedRules = {
  'BR-01': 'An Invoice shall have a Specification identifier (BT-24).',
  'BR-02': 'An Invoice shall have an Invoice number (BT-1).',
  'BR-03': 'An Invoice shall have an Invoice issue date (BT-2).',
  'BR-04': 'An Invoice shall have an Invoice type code (BT-3).',
  'BR-05': 'An Invoice shall have an Invoice currency code (BT-5).',
  'BR-06': 'An Invoice shall contain the Seller name (BT-27).',
  'BR-07': 'An Invoice shall contain the Buyer name (BT-44).',
  'BR-08': 'An Invoice shall contain the Seller postal address (BG-5).',
  'BR-09': 'The Seller postal address (BG-5) shall contain a Seller country code (BT-40).',
  'BR-10': 'An Invoice shall contain the Buyer postal address (BG-8).',
  'BR-11': 'The Buyer postal address shall contain a Buyer country code (BT-55).',
  'BR-12': 'An Invoice shall have the Sum of Invoice line net amount (BT-106).',
  'BR-13': 'An Invoice shall have the Invoice total amount without VAT (BT-109).',
  'BR-14': 'An Invoice shall have the Invoice total amount with VAT (BT-112).',
  'BR-15': 'An Invoice shall have the Amount due for payment (BT-115).',
  'BR-16': 'An Invoice shall have at least one Invoice line (BG-25).',
  'BR-17':
    'The Payee name (BT-59) shall be provided in the Invoice, if the Payee (BG-10) is different from the Seller (BG-4).',
  'BR-21': 'Each Invoice line (BG-25) shall have an Invoice line identifier (BT-126).',
  'BR-22': 'Each Invoice line (BG-25) shall have an Invoiced quantity (BT-129).',
  'BR-23': 'An Invoice line (BG-25) shall have an Invoiced quantity unit of measure code (BT-130).',
  'BR-24': 'Each Invoice line (BG-25) shall have an Invoice line net amount (BT-131).',
  'BR-25': 'Each Invoice line (BG-25) shall contain the Item name (BT-153).',
  'BR-26': 'Each Invoice line (BG-25) shall contain the Item net price (BT-146).',
  'BR-27': 'The Item net price (BT-146) shall NOT be negative.',
  'BR-28': 'The Item gross price (BT-148) shall NOT be negative.',
  'BR-31': 'Each Document level allowance (BG-20) shall have a Document level allowance amount (BT-92).',
  'BR-32':
    'Each Document level allowance (BG-20) shall have a Document level allowance VAT category code (BT-95).',
  'BR-33':
    'Each Document level allowance (BG-20) shall have a Document level allowance reason (BT-97) or a Document level allowance reason code (BT-98).',
  'BR-36': 'Each Document level charge (BG-21) shall have a Document level charge amount (BT-99).',
  'BR-37':
    'Each Document level charge (BG-21) shall have a Document level charge VAT category code (BT-102).',
  'BR-38':
    'Each Document level charge (BG-21) shall have a Document level charge reason (BT-104) or a Document level charge reason code (BT-105).',
  'BR-41': 'Each Invoice line allowance (BG-27) shall have an Invoice line allowance amount (BT-136).',
  'BR-42':
    'Each Invoice line allowance (BG-27) shall have an Invoice line allowance reason (BT-139) or an Invoice line allowance reason code (BT-140).',
  'BR-43': 'Each Invoice line charge (BG-28) shall have an Invoice line charge amount (BT-141).',
  'BR-44':
    'Each Invoice line charge (BG-28) shall have an Invoice line charge reason (BT-144) or an Invoice line charge reason code (BT-145).',
  'BR-45': 'Each VAT breakdown (BG-23) shall have a VAT category taxable amount (BT-116).',
  'BR-46': 'Each VAT breakdown (BG-23) shall have a VAT category tax amount (BT-117).',
  'BR-47': 'Each VAT breakdown (BG-23) shall be defined through a VAT category code (BT-118).',
  'BR-48':
    'Each VAT breakdown (BG-23) shall have a VAT category rate (BT-119), except if the Invoice is not subject to VAT.',
  'BR-49': 'A Payment instruction (BG-16) shall specify the Payment means type code (BT-81).',
  'BR-50':
    'A Payment account identifier (BT-84) shall be present if Credit transfer (BG-17) information is provided in the Invoice.',
  'BR-53':
    'If the VAT accounting currency code (BT-6) is present, then the Invoice total VAT amount in accounting currency (BT-111) shall be provided.',
  'BR-55': 'Each Preceding Invoice reference (BG-3) shall contain a Preceding Invoice reference (BT-25).',
  'BR-61':
    'If the Payment means type code (BT-81) means SEPA credit transfer, Local credit transfer or Non-SEPA international credit transfer, the Payment account identifier (BT-84) shall be present.',
  'BR-62': 'The Seller electronic address (BT-34) shall have a Scheme identifier.',
  'BR-63': 'The Buyer electronic address (BT-49) shall have a Scheme identifier.',
  'BR-64': 'The Item standard identifier (BT-157) shall have a Scheme identifier.',
  'BR-CL-04': 'Invoice currency code (BT-5) MUST be an ISO 4217 code (one Procura accepts).',
  'BR-CL-05': 'Tax currency code (BT-6) MUST be an ISO 4217 code (one Procura accepts).',
  'BR-CL-17': 'A VAT category code (BT-95, BT-102, BT-118) MUST be a UNCL5305 code used by EN 16931.',
  'BR-CL-18': 'Invoiced item VAT category code (BT-151) MUST be a UNCL5305 code used by EN 16931.',
  'BR-CO-04':
    'Each Invoice line (BG-25) shall be categorized with an Invoiced item VAT category code (BT-151).',
  'BR-CO-09':
    'The Seller VAT identifier (BT-31) and the Buyer VAT identifier (BT-48) shall have a prefix in accordance with ISO code ISO 3166-1 alpha-2 by which the country of issue may be identified. Nevertheless, Greece may use the prefix ‘EL’.',
  'BR-CO-10': 'Sum of Invoice line net amount (BT-106) = Σ Invoice line net amount (BT-131).',
  'BR-CO-11': 'Sum of allowances on document level (BT-107) = Σ Document level allowance amount (BT-92).',
  'BR-CO-12': 'Sum of charges on document level (BT-108) = Σ Document level charge amount (BT-99).',
  'BR-CO-13':
    'Invoice total amount without VAT (BT-109) = Σ Invoice line net amount (BT-131) - Sum of allowances on document level (BT-107) + Sum of charges on document level (BT-108).',
  'BR-CO-14': 'Invoice total VAT amount (BT-110) = Σ VAT category tax amount (BT-117).',
  'BR-CO-15':
    'Invoice total amount with VAT (BT-112) = Invoice total amount without VAT (BT-109) + Invoice total VAT amount (BT-110).',
  'BR-CO-16':
    'Amount due for payment (BT-115) = Invoice total amount with VAT (BT-112) - Paid amount (BT-113) + Rounding amount (BT-114).',
  'BR-CO-17':
    'VAT category tax amount (BT-117) = VAT category taxable amount (BT-116) x (VAT category rate (BT-119) / 100), rounded to two decimals.',
  'BR-CO-18': 'An Invoice shall at least have one VAT breakdown group (BG-23).',
  'BR-CO-25':
    'In case the Amount due for payment (BT-115) is positive, either the Payment due date (BT-9) or the Payment terms (BT-20) shall be present.',
  'BR-CO-26':
    'In order for the buyer to automatically identify a supplier, the Seller identifier (BT-29), the Seller legal registration identifier (BT-30) and/or the Seller VAT identifier (BT-31) shall be present.',
  'BR-DEC-01': 'The allowed maximum number of decimals for the Document level allowance amount (BT-92) is 2.',
  'BR-DEC-02':
    'The allowed maximum number of decimals for the Document level allowance base amount (BT-93) is 2.',
  'BR-DEC-05': 'The allowed maximum number of decimals for the Document level charge amount (BT-99) is 2.',
  'BR-DEC-06':
    'The allowed maximum number of decimals for the Document level charge base amount (BT-100) is 2.',
  'BR-DEC-09': 'The allowed maximum number of decimals for the Sum of Invoice line net amount (BT-106) is 2.',
  'BR-DEC-10':
    'The allowed maximum number of decimals for the Sum of allowances on document level (BT-107) is 2.',
  'BR-DEC-11':
    'The allowed maximum number of decimals for the Sum of charges on document level (BT-108) is 2.',
  'BR-DEC-12':
    'The allowed maximum number of decimals for the Invoice total amount without VAT (BT-109) is 2.',
  'BR-DEC-13': 'The allowed maximum number of decimals for the Invoice total VAT amount (BT-110) is 2.',
  'BR-DEC-14': 'The allowed maximum number of decimals for the Invoice total amount with VAT (BT-112) is 2.',
  'BR-DEC-15':
    'The allowed maximum number of decimals for the Invoice total VAT amount in accounting currency (BT-111) is 2.',
  'BR-DEC-16': 'The allowed maximum number of decimals for the Paid amount (BT-113) is 2.',
  'BR-DEC-17': 'The allowed maximum number of decimals for the Rounding amount (BT-114) is 2.',
  'BR-DEC-18': 'The allowed maximum number of decimals for the Amount due for payment (BT-115) is 2.',
  'BR-DEC-19': 'The allowed maximum number of decimals for the VAT category taxable amount (BT-116) is 2.',
  'BR-DEC-20': 'The allowed maximum number of decimals for the VAT category tax amount (BT-117) is 2.',
  'BR-DEC-23': 'The allowed maximum number of decimals for the Invoice line net amount (BT-131) is 2.',
  'BR-DEC-24': 'The allowed maximum number of decimals for the Invoice line allowance amount (BT-136) is 2.',
  'BR-DEC-25':
    'The allowed maximum number of decimals for the Invoice line allowance base amount (BT-137) is 2.',
  'BR-DEC-27': 'The allowed maximum number of decimals for the Invoice line charge amount (BT-141) is 2.',
  'BR-DEC-28':
    'The allowed maximum number of decimals for the Invoice line charge base amount (BT-142) is 2.',
  'PEPPOL-EN16931-R003': 'A buyer reference or purchase order reference MUST be provided.',
  'PEPPOL-EN16931-R040':
    'Allowance/charge amount must equal base amount * percentage/100 if base amount and percentage exists.',
  'PEPPOL-EN16931-R046':
    'Item net price MUST equal (Gross price - Allowance amount) when gross price is provided.',
  'PEPPOL-EN16931-R120':
    'Invoice line net amount MUST equal (Invoiced quantity * (Item net price/item price base quantity) + Sum of invoice line charge amount - sum of invoice line allowance amount.',
  'PEPPOL-EN16931-R121': 'Base quantity MUST be a positive number above zero.',
} as const;

/** The rule id prefix of each VAT category: BR-S for S, BR-IC for K, BR-AF for L... */
export function vatCategoryRulePrefix(category: VatCategoryCode): string {
  return vatCategories[category].ruleId.replace(/-05$/, '');
}

const categoryRuleTexts = {
  '01': (name: string) =>
    `An Invoice that contains an Invoice line, a Document level allowance or a Document level charge where the VAT category code is "${name}" shall contain in the VAT breakdown (BG-23) the VAT category code "${name}".`,
  '05': (name: string) =>
    `The Invoiced item VAT rate (BT-152) of a "${name}" Invoice line follows the category.`,
  '06': (name: string) =>
    `The VAT rate (BT-96) of a "${name}" Document level allowance follows the category.`,
  '07': (name: string) => `The VAT rate (BT-103) of a "${name}" Document level charge follows the category.`,
  '08': (name: string) =>
    `The VAT category taxable amount (BT-116) of a "${name}" VAT breakdown shall equal the sum of its Invoice line net amounts plus document level charges minus document level allowances.`,
  '09': (name: string) =>
    `The VAT category tax amount (BT-117) of a "${name}" VAT breakdown follows the category (taxable amount × rate, or zero).`,
} as const;

function categoryRules(): Record<string, string> {
  const rules: Record<string, string> = {};
  for (const category of vatCategoryCodes) {
    const prefix = vatCategoryRulePrefix(category);
    for (const [number, text] of Object.entries(categoryRuleTexts)) {
      rules[`${prefix}-${number}`] = text(vatCategories[category].description);
    }
  }
  return rules;
}

/** Every rule `validateInvoice` checks, by id, with its official wording. */
export const invoiceRules: Readonly<Record<string, string>> = Object.freeze({
  ...fixedRules,
  ...categoryRules(),
});
