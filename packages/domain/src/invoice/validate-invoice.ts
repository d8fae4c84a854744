import type Big from 'big.js';
import { isCountryCode } from '../identifiers/country-codes.js';
import { type CurrencyCode, isCurrencyCode } from '../money/currency.js';
import { decimalPlaces, formatDecimal, roundHalfAwayFromZero, toDecimal } from '../money/decimal.js';
import { en16931AmountScale } from '../money/money.js';
import {
  isVatCategoryCode,
  type VatCategoryCode,
  vatCategories,
  vatCategoryCodes,
} from '../tax/vat-category.js';
import type {
  DecimalString,
  Invoice,
  InvoiceAllowanceCharge,
  InvoiceLine,
  InvoiceParty,
  InvoiceTotals,
} from './invoice.js';
import { vatCategoryRulePrefix } from './invoice-rules.js';

/**
 * `fatal`: the invoice cannot be processed (rejected). `warning`: flagged for a person, not refused, as
 * for the Peppol arithmetic rules on an invoice that does not claim Peppol BIS Billing 3.0.
 */
export type InvoiceRuleSeverity = 'fatal' | 'warning';

/** One broken business rule: its official id, what is wrong with the values, and where in the model. */
export interface InvoiceRuleViolation {
  readonly ruleId: string;
  readonly severity: InvoiceRuleSeverity;
  readonly message: string;
  /** Path in the canonical invoice: "totals.payableAmount", "lines[2].netAmount". */
  readonly field?: string;
}

type Present<T, K extends keyof T> = Omit<T, K> & { readonly [P in K]-?: NonNullable<T[P]> };

export type ValidInvoiceLine = Present<
  InvoiceLine,
  'id' | 'quantity' | 'unitCode' | 'netAmount' | 'netPrice' | 'itemName'
> & { readonly vatCategory: VatCategoryCode };

export type ValidInvoiceTotals = Present<
  InvoiceTotals,
  'lineNetTotal' | 'taxExclusiveTotal' | 'taxInclusiveTotal' | 'payableAmount'
>;

/** An invoice every rule holds for: its mandatory terms are typed as present. */
export type ValidInvoice = Omit<
  Present<Invoice, 'specificationId' | 'number' | 'issueDate' | 'typeCode'>,
  'currency' | 'seller' | 'buyer' | 'totals' | 'lines'
> & {
  readonly currency: CurrencyCode;
  readonly seller: Present<InvoiceParty, 'name'>;
  readonly buyer: Present<InvoiceParty, 'name'>;
  readonly totals: ValidInvoiceTotals;
  readonly lines: readonly ValidInvoiceLine[];
};

/** Valid when no violation is fatal; `violations` then holds the warnings, if any. */
export type InvoiceValidation =
  | {
      readonly valid: true;
      readonly invoice: ValidInvoice;
      readonly violations: readonly InvoiceRuleViolation[];
    }
  | { readonly valid: false; readonly violations: readonly InvoiceRuleViolation[] };

export interface InvoiceValidationOptions {
  /**
   * Apply the Peppol BIS Billing 3.0 rules as Peppol does: PEPPOL-EN16931-R003 (a buyer or order
   * reference), and the arithmetic rules (R040, R046, R120, R121) as fatal rather than as warnings. By
   * default, when the specification identifier (BT-24) names Peppol BIS Billing 3.0.
   */
  readonly peppol?: boolean;
}

const peppolBillingSpecification = 'urn:fdc:peppol.eu:2017:poacc:billing:3.0';

/** True when the invoice claims Peppol BIS Billing 3.0 in its specification identifier (BT-24). */
export function isPeppolInvoice(invoice: Invoice): boolean {
  return invoice.specificationId?.includes(peppolBillingSpecification) ?? false;
}

/** Payment means codes for credit transfers (UNTDID 4461): 30 credit transfer, 58 SEPA credit transfer. */
const creditTransferCodes = ['30', '58'];

/** Peppol's tolerance for line and allowance arithmetic (u:slack 0.02 in its schematron). */
const peppolSlack = '0.02';

/**
 * How far a VAT amount may be from its taxable amount × rate, rounded to 2 decimals: one unit of the
 * currency, as the CEN schematron (1.3.x) allows for VAT computed per line and added up, or rounded to
 * whole units (Hungarian forints).
 */
const vatAmountSlack = '1';

/** VAT identifier prefixes EN 16931 accepts besides ISO 3166-1: Greece (EL), Northern Ireland (XI), 1A. */
const extraVatPrefixes = ['EL', 'XI', '1A'];

const has = (value: string | undefined): value is string => value !== undefined && value.trim() !== '';

const decimal = (value: DecimalString): Big => toDecimal(value);
const round2 = (value: Big): Big => roundHalfAwayFromZero(value, en16931AmountScale);
const show = (value: Big): string => formatDecimal(value);

function sumOf(values: readonly (DecimalString | undefined)[]): Big {
  return values.reduce<Big>(
    (total, value) => (value === undefined ? total : total.plus(decimal(value))),
    toDecimal('0'),
  );
}

const within = (actual: Big, expected: Big, slack: string): boolean =>
  actual.minus(expected).abs().lte(slack);

class Violations {
  readonly list: InvoiceRuleViolation[] = [];

  /** The severity of the Peppol arithmetic rules: fatal for a Peppol invoice, a warning otherwise. */
  constructor(readonly peppolSeverity: InvoiceRuleSeverity) {}

  report(ruleId: string, message: string, field?: string): void {
    const severity = ruleId.startsWith('PEPPOL-') ? this.peppolSeverity : 'fatal';
    this.list.push(
      field === undefined ? { ruleId, severity, message } : { ruleId, severity, message, field },
    );
  }

  /** Reports `ruleId` unless `value` holds text. */
  require(ruleId: string, value: string | undefined, what: string, field: string): void {
    if (!has(value)) this.report(ruleId, `${what} is missing`, field);
  }

  /** Reports `ruleId` unless `amount` is absent or has at most 2 decimals. */
  twoDecimals(ruleId: string, amount: DecimalString | undefined, what: string, field: string): void {
    if (amount !== undefined && decimalPlaces(decimal(amount)) > en16931AmountScale) {
      this.report(ruleId, `${what} ${amount} has more than ${en16931AmountScale} decimals`, field);
    }
  }
}

/**
 * Checks an invoice against the EN 16931 business rules that decide whether it can be paid, and the
 * Peppol arithmetic rules (see `invoiceRules` for the list): mandatory terms, line, allowance, charge and
 * VAT arithmetic, and the totals. Every violation names its official rule id, the values at fault and
 * the field. Pure: the same invoice always gives the same answer.
 */
export function validateInvoice(invoice: Invoice, options: InvoiceValidationOptions = {}): InvoiceValidation {
  const peppol = options.peppol ?? isPeppolInvoice(invoice);
  const violations = new Violations(peppol ? 'fatal' : 'warning');
  checkHeader(invoice, violations);
  checkParties(invoice, violations);
  invoice.lines.forEach((line, index) => {
    checkLine(line, `lines[${index}]`, violations);
  });
  checkDocumentAllowancesAndCharges(invoice, violations);
  checkVatBreakdown(invoice, violations);
  checkVatCategories(invoice, violations);
  checkTotals(invoice, violations);
  checkPayment(invoice, violations);
  if (peppol) checkPeppolReferences(invoice, violations);

  if (violations.list.some((violation) => violation.severity === 'fatal')) {
    return { valid: false, violations: violations.list };
  }
  // Every term ValidInvoice types as present was required by a fatal rule above.
  return { valid: true, invoice: invoice as ValidInvoice, violations: violations.list };
}

function checkHeader(invoice: Invoice, violations: Violations): void {
  violations.require(
    'BR-01',
    invoice.specificationId,
    'The specification identifier (BT-24)',
    'specificationId',
  );
  violations.require('BR-02', invoice.number, 'The invoice number (BT-1)', 'number');
  violations.require('BR-03', invoice.issueDate, 'The issue date (BT-2)', 'issueDate');
  violations.require('BR-04', invoice.typeCode, 'The invoice type code (BT-3)', 'typeCode');
  violations.require('BR-05', invoice.currency, 'The invoice currency (BT-5)', 'currency');
  if (has(invoice.currency) && !isCurrencyCode(invoice.currency)) {
    violations.report(
      'BR-CL-04',
      `The invoice currency "${invoice.currency}" is not an ISO 4217 code Procura accepts`,
      'currency',
    );
  }
  const accountingCurrency = invoice.vatAccountingCurrency;
  if (has(accountingCurrency) && !isCurrencyCode(accountingCurrency)) {
    violations.report(
      'BR-CL-05',
      `The VAT accounting currency "${accountingCurrency}" is not an ISO 4217 code Procura accepts`,
      'vatAccountingCurrency',
    );
  }
  if (
    has(accountingCurrency) &&
    accountingCurrency !== invoice.currency &&
    invoice.totals.vatTotalInAccountingCurrency === undefined
  ) {
    violations.report(
      'BR-53',
      `The VAT accounting currency is ${accountingCurrency} but the VAT total in that currency (BT-111) is missing`,
      'totals.vatTotalInAccountingCurrency',
    );
  }
  invoice.precedingInvoices.forEach((preceding, index) => {
    violations.require(
      'BR-55',
      preceding.number,
      'The preceding invoice number (BT-25)',
      `precedingInvoices[${index}].number`,
    );
  });
  if (invoice.lines.length === 0) violations.report('BR-16', 'The invoice has no line', 'lines');
}

function checkParties(invoice: Invoice, violations: Violations): void {
  const { seller, buyer, payee } = invoice;
  violations.require('BR-06', seller.name, 'The seller name (BT-27)', 'seller.name');
  violations.require('BR-07', buyer.name, 'The buyer name (BT-44)', 'buyer.name');
  if (seller.postalAddress === undefined) {
    violations.report('BR-08', 'The seller postal address (BG-5) is missing', 'seller.postalAddress');
  }
  violations.require(
    'BR-09',
    seller.postalAddress?.countryCode,
    'The seller country code (BT-40)',
    'seller.postalAddress.countryCode',
  );
  if (buyer.postalAddress === undefined) {
    violations.report('BR-10', 'The buyer postal address (BG-8) is missing', 'buyer.postalAddress');
  }
  violations.require(
    'BR-11',
    buyer.postalAddress?.countryCode,
    'The buyer country code (BT-55)',
    'buyer.postalAddress.countryCode',
  );
  if (seller.electronicAddress !== undefined) {
    violations.require(
      'BR-62',
      seller.electronicAddress.scheme,
      'The scheme of the seller electronic address (BT-34)',
      'seller.electronicAddress.scheme',
    );
  }
  if (buyer.electronicAddress !== undefined) {
    violations.require(
      'BR-63',
      buyer.electronicAddress.scheme,
      'The scheme of the buyer electronic address (BT-49)',
      'buyer.electronicAddress.scheme',
    );
  }
  for (const [party, role] of [
    [seller, 'seller'],
    [buyer, 'buyer'],
  ] as const) {
    const vatNumber = party.vatNumber?.trim();
    if (vatNumber && !hasVatPrefix(vatNumber)) {
      violations.report(
        'BR-CO-09',
        `The ${role} VAT identifier "${vatNumber}" does not start with a country code`,
        `${role}.vatNumber`,
      );
    }
  }
  const sellerIdentified =
    seller.identifiers.some((identifier) => has(identifier.id)) ||
    has(seller.legalRegistration?.id) ||
    has(seller.vatNumber);
  if (!sellerIdentified) {
    violations.report(
      'BR-CO-26',
      'The seller has no identifier (BT-29), legal registration identifier (BT-30) or VAT identifier (BT-31)',
      'seller',
    );
  }
  if (payee !== undefined) {
    const sellerIds = new Set(seller.identifiers.map((identifier) => identifier.id.trim()));
    if (!has(payee.name)) {
      violations.report('BR-17', 'The payee (BG-10) has no name (BT-59)', 'payee.name');
    } else if (
      payee.name.trim() === seller.name?.trim() ||
      payee.identifiers.some((identifier) => sellerIds.has(identifier.id.trim())) ||
      (has(payee.legalRegistration?.id) && payee.legalRegistration.id === seller.legalRegistration?.id)
    ) {
      violations.report(
        'BR-17',
        `The payee "${payee.name}" is the seller itself: a payee (BG-10) is given only when it differs from the seller`,
        'payee',
      );
    }
  }
}

function hasVatPrefix(vatNumber: string): boolean {
  const prefix = vatNumber.slice(0, 2);
  return isCountryCode(prefix) || extraVatPrefixes.includes(prefix);
}

function checkLine(line: InvoiceLine, field: string, violations: Violations): void {
  violations.require('BR-21', line.id, 'The invoice line identifier (BT-126)', `${field}.id`);
  if (line.quantity === undefined) {
    violations.report('BR-22', 'The invoiced quantity (BT-129) is missing', `${field}.quantity`);
  }
  violations.require('BR-23', line.unitCode, 'The unit of measure (BT-130)', `${field}.unitCode`);
  if (line.netAmount === undefined) {
    violations.report('BR-24', 'The line net amount (BT-131) is missing', `${field}.netAmount`);
  }
  violations.require('BR-25', line.itemName, 'The item name (BT-153)', `${field}.itemName`);
  if (line.netPrice === undefined) {
    violations.report('BR-26', 'The item net price (BT-146) is missing', `${field}.netPrice`);
  } else if (decimal(line.netPrice).lt('0')) {
    violations.report('BR-27', `The item net price ${line.netPrice} is negative`, `${field}.netPrice`);
  }
  if (line.grossPrice !== undefined && decimal(line.grossPrice).lt('0')) {
    violations.report('BR-28', `The item gross price ${line.grossPrice} is negative`, `${field}.grossPrice`);
  }
  violations.require('BR-CO-04', line.vatCategory, 'The line VAT category (BT-151)', `${field}.vatCategory`);
  if (has(line.vatCategory) && !isVatCategoryCode(line.vatCategory)) {
    violations.report(
      'BR-CL-18',
      `The line VAT category "${line.vatCategory}" is not one of ${vatCategoryCodes.join(', ')}`,
      `${field}.vatCategory`,
    );
  }
  if (line.standardItemId !== undefined) {
    violations.require(
      'BR-64',
      line.standardItemId.scheme,
      'The scheme of the item standard identifier (BT-157)',
      `${field}.standardItemId.scheme`,
    );
  }
  violations.twoDecimals('BR-DEC-23', line.netAmount, 'The line net amount', `${field}.netAmount`);
  line.allowances.forEach((allowance, index) => {
    const path = `${field}.allowances[${index}]`;
    if (allowance.amount === undefined) {
      violations.report('BR-41', 'The line allowance amount (BT-136) is missing', `${path}.amount`);
    }
    requireReason('BR-42', allowance, 'line allowance', path, violations);
    violations.twoDecimals('BR-DEC-24', allowance.amount, 'The line allowance amount', `${path}.amount`);
    violations.twoDecimals(
      'BR-DEC-25',
      allowance.baseAmount,
      'The line allowance base amount',
      `${path}.baseAmount`,
    );
    checkPercentageArithmetic(allowance, path, violations);
  });
  line.charges.forEach((charge, index) => {
    const path = `${field}.charges[${index}]`;
    if (charge.amount === undefined) {
      violations.report('BR-43', 'The line charge amount (BT-141) is missing', `${path}.amount`);
    }
    requireReason('BR-44', charge, 'line charge', path, violations);
    violations.twoDecimals('BR-DEC-27', charge.amount, 'The line charge amount', `${path}.amount`);
    violations.twoDecimals(
      'BR-DEC-28',
      charge.baseAmount,
      'The line charge base amount',
      `${path}.baseAmount`,
    );
    checkPercentageArithmetic(charge, path, violations);
  });
  checkLineArithmetic(line, field, violations);
}

function requireReason(
  ruleId: string,
  allowanceCharge: InvoiceAllowanceCharge,
  what: string,
  field: string,
  violations: Violations,
): void {
  if (!has(allowanceCharge.reason) && !has(allowanceCharge.reasonCode)) {
    violations.report(ruleId, `The ${what} has neither a reason nor a reason code`, `${field}.reason`);
  }
}

/** PEPPOL-EN16931-R040: amount = base amount × percentage / 100, within 0.02. */
function checkPercentageArithmetic(
  allowanceCharge: InvoiceAllowanceCharge,
  field: string,
  violations: Violations,
): void {
  const { amount, baseAmount, percentage } = allowanceCharge;
  if (baseAmount === undefined || percentage === undefined) return;
  const expected = decimal(baseAmount).times(decimal(percentage)).div('100');
  const actual = amount === undefined ? toDecimal('0') : decimal(amount);
  if (!within(actual, expected, peppolSlack)) {
    violations.report(
      'PEPPOL-EN16931-R040',
      `The amount ${show(actual)} is not ${percentage} % of the base amount ${baseAmount} (${show(expected)})`,
      `${field}.amount`,
    );
  }
}

/**
 * PEPPOL-EN16931-R120 (quantity × net price ÷ base quantity + line charges − line allowances, within 0.02),
 * R121 (the base quantity is positive) and R046 (net price = gross price − price discount).
 */
function checkLineArithmetic(line: InvoiceLine, field: string, violations: Violations): void {
  const baseQuantity =
    line.priceBaseQuantity === undefined ? toDecimal('1') : decimal(line.priceBaseQuantity);
  if (baseQuantity.lte('0')) {
    violations.report(
      'PEPPOL-EN16931-R121',
      `The price base quantity ${show(baseQuantity)} is not above zero`,
      `${field}.priceBaseQuantity`,
    );
  }
  if (line.grossPrice !== undefined && line.priceDiscount !== undefined && line.netPrice !== undefined) {
    const expectedNetPrice = decimal(line.grossPrice).minus(decimal(line.priceDiscount));
    if (!decimal(line.netPrice).eq(expectedNetPrice)) {
      violations.report(
        'PEPPOL-EN16931-R046',
        `The net price ${line.netPrice} is not the gross price ${line.grossPrice} less the discount ${line.priceDiscount} (${show(expectedNetPrice)})`,
        `${field}.netPrice`,
      );
    }
  }
  if (
    line.quantity === undefined ||
    line.netPrice === undefined ||
    line.netAmount === undefined ||
    baseQuantity.lte('0')
  ) {
    return;
  }
  const charges = round2(sumOf(line.charges.map((charge) => charge.amount)));
  const allowances = round2(sumOf(line.allowances.map((allowance) => allowance.amount)));
  const expected = decimal(line.quantity)
    .times(decimal(line.netPrice))
    .div(baseQuantity)
    .plus(charges)
    .minus(allowances);
  if (!within(decimal(line.netAmount), expected, peppolSlack)) {
    const base = line.priceBaseQuantity === undefined ? '' : ` ÷ ${line.priceBaseQuantity}`;
    const adjustments =
      (charges.eq('0') ? '' : ` + charges ${show(charges)}`) +
      (allowances.eq('0') ? '' : ` − allowances ${show(allowances)}`);
    violations.report(
      'PEPPOL-EN16931-R120',
      `The line net amount ${line.netAmount} is not ${line.quantity} × ${line.netPrice}${base}${adjustments} = ${show(round2(expected))}`,
      `${field}.netAmount`,
    );
  }
}

function checkDocumentAllowancesAndCharges(invoice: Invoice, violations: Violations): void {
  const groups = [
    ['allowances', 'allowance', ['BR-31', 'BR-32', 'BR-33', 'BR-DEC-01', 'BR-DEC-02']],
    ['charges', 'charge', ['BR-36', 'BR-37', 'BR-38', 'BR-DEC-05', 'BR-DEC-06']],
  ] as const;
  for (const [key, what, [amountRule, categoryRule, reasonRule, amountDecimals, baseDecimals]] of groups) {
    invoice[key].forEach((allowanceCharge, index) => {
      const path = `${key}[${index}]`;
      if (allowanceCharge.amount === undefined) {
        violations.report(amountRule, `The document level ${what} amount is missing`, `${path}.amount`);
      }
      violations.require(
        categoryRule,
        allowanceCharge.vatCategory,
        `The VAT category of the document level ${what}`,
        `${path}.vatCategory`,
      );
      if (has(allowanceCharge.vatCategory) && !isVatCategoryCode(allowanceCharge.vatCategory)) {
        violations.report(
          'BR-CL-17',
          `The VAT category "${allowanceCharge.vatCategory}" of the document level ${what} is not one of ${vatCategoryCodes.join(', ')}`,
          `${path}.vatCategory`,
        );
      }
      requireReason(reasonRule, allowanceCharge, `document level ${what}`, path, violations);
      violations.twoDecimals(
        amountDecimals,
        allowanceCharge.amount,
        `The document level ${what} amount`,
        `${path}.amount`,
      );
      violations.twoDecimals(
        baseDecimals,
        allowanceCharge.baseAmount,
        `The document level ${what} base amount`,
        `${path}.baseAmount`,
      );
      checkPercentageArithmetic(allowanceCharge, path, violations);
    });
  }
}

function checkVatBreakdown(invoice: Invoice, violations: Violations): void {
  if (invoice.vatBreakdown.length === 0) {
    violations.report('BR-CO-18', 'The invoice has no VAT breakdown (BG-23)', 'vatBreakdown');
  }
  invoice.vatBreakdown.forEach((row, index) => {
    const path = `vatBreakdown[${index}]`;
    if (row.taxableAmount === undefined) {
      violations.report(
        'BR-45',
        'The VAT category taxable amount (BT-116) is missing',
        `${path}.taxableAmount`,
      );
    }
    if (row.taxAmount === undefined) {
      violations.report('BR-46', 'The VAT category tax amount (BT-117) is missing', `${path}.taxAmount`);
    }
    violations.require('BR-47', row.category, 'The VAT category code (BT-118)', `${path}.category`);
    if (has(row.category) && !isVatCategoryCode(row.category)) {
      violations.report(
        'BR-CL-17',
        `The VAT category "${row.category}" is not one of ${vatCategoryCodes.join(', ')}`,
        `${path}.category`,
      );
    }
    if (row.rate === undefined && row.category !== 'O') {
      violations.report('BR-48', 'The VAT category rate (BT-119) is missing', `${path}.rate`);
    }
    violations.twoDecimals(
      'BR-DEC-19',
      row.taxableAmount,
      'The VAT category taxable amount',
      `${path}.taxableAmount`,
    );
    violations.twoDecimals('BR-DEC-20', row.taxAmount, 'The VAT category tax amount', `${path}.taxAmount`);
    if (row.rate !== undefined && row.taxableAmount !== undefined && row.taxAmount !== undefined) {
      const expected = decimal(row.taxableAmount).times(decimal(row.rate)).div('100');
      if (!within(decimal(row.taxAmount), round2(expected), vatAmountSlack)) {
        violations.report(
          'BR-CO-17',
          `The VAT amount ${row.taxAmount} is not ${row.taxableAmount} × ${row.rate} % = ${show(round2(expected))}`,
          `${path}.taxAmount`,
        );
      }
    }
  });
}

/** A line, document level allowance (negative) or charge, as it counts towards a VAT category. */
interface TaxableItem {
  readonly category: string | undefined;
  readonly rate: DecimalString | undefined;
  readonly amount: Big;
  readonly field: string;
  readonly kind: 'line' | 'allowance' | 'charge';
}

function taxableItems(invoice: Invoice): TaxableItem[] {
  const zero = toDecimal('0');
  return [
    ...invoice.lines.map(
      (line, index): TaxableItem => ({
        category: line.vatCategory,
        rate: line.vatRate,
        amount: line.netAmount === undefined ? zero : decimal(line.netAmount),
        field: `lines[${index}]`,
        kind: 'line',
      }),
    ),
    ...invoice.allowances.map(
      (allowance, index): TaxableItem => ({
        category: allowance.vatCategory,
        rate: allowance.vatRate,
        amount: allowance.amount === undefined ? zero : decimal(allowance.amount).times('-1'),
        field: `allowances[${index}]`,
        kind: 'allowance',
      }),
    ),
    ...invoice.charges.map(
      (charge, index): TaxableItem => ({
        category: charge.vatCategory,
        rate: charge.vatRate,
        amount: charge.amount === undefined ? zero : decimal(charge.amount),
        field: `charges[${index}]`,
        kind: 'charge',
      }),
    ),
  ];
}

const rateRuleNumber = { line: '05', allowance: '06', charge: '07' } as const;

/** The rate rules per category (BR-S-05 and kin), the breakdown presence (-01) and arithmetic (-08, -09). */
function checkVatCategories(invoice: Invoice, violations: Violations): void {
  const items = taxableItems(invoice);
  for (const category of vatCategoryCodes) {
    const prefix = vatCategoryRulePrefix(category);
    const { rateRule, description } = vatCategories[category];
    const used = items.filter((item) => item.category === category);
    const rows = invoice.vatBreakdown
      .map((row, index) => ({ row, index }))
      .filter(({ row }) => row.category === category);

    for (const item of used) {
      const ruleId = `${prefix}-${rateRuleNumber[item.kind]}`;
      const problem = rateProblem(category, rateRule, item.rate);
      if (problem !== undefined) {
        violations.report(ruleId, `The ${item.kind} VAT rate ${problem}`, `${item.field}.vatRate`);
      }
    }

    const ratedPerRow = rateRule !== 'zero';
    if (ratedPerRow ? used.length > 0 !== rows.length > 0 : used.length > 0 && rows.length !== 1) {
      const expectation = ratedPerRow ? 'at least one' : 'exactly one';
      const message =
        used.length > 0
          ? `Category ${category} (${description}) is used but the VAT breakdown has ${rows.length} ${category} row(s), expected ${expectation}`
          : `The VAT breakdown has a ${category} row but no line, allowance or charge is in category ${category}`;
      violations.report(`${prefix}-01`, message, 'vatBreakdown');
    }

    for (const { row, index } of rows) {
      const path = `vatBreakdown[${index}]`;
      const counted = ratedPerRow ? used.filter((item) => sameRate(item.rate, row.rate)) : used;
      const expectedTaxable = counted.reduce((total, item) => total.plus(item.amount), toDecimal('0'));
      if (row.taxableAmount !== undefined && !decimal(row.taxableAmount).eq(expectedTaxable)) {
        const rate = ratedPerRow && row.rate !== undefined ? ` at ${row.rate} %` : '';
        violations.report(
          `${prefix}-08`,
          `The ${category} taxable amount${rate} ${row.taxableAmount} is not the sum of its lines, charges and allowances ${show(expectedTaxable)}`,
          `${path}.taxableAmount`,
        );
      }
      if (row.taxAmount === undefined) continue;
      if (rateRule === 'zero') {
        if (!decimal(row.taxAmount).eq('0')) {
          violations.report(
            `${prefix}-09`,
            `The ${category} VAT amount is ${row.taxAmount}, not 0`,
            `${path}.taxAmount`,
          );
        }
      } else if (row.rate !== undefined && row.taxableAmount !== undefined) {
        const expected = decimal(row.taxableAmount).times(decimal(row.rate)).div('100');
        if (!within(decimal(row.taxAmount), round2(expected), vatAmountSlack)) {
          violations.report(
            `${prefix}-09`,
            `The ${category} VAT amount ${row.taxAmount} is not ${row.taxableAmount} × ${row.rate} % = ${show(round2(expected))}`,
            `${path}.taxAmount`,
          );
        }
      }
    }
  }
}

function rateProblem(
  category: VatCategoryCode,
  rateRule: 'positive' | 'zero' | 'zero_or_positive',
  rate: DecimalString | undefined,
): string | undefined {
  if (category === 'O')
    return rate === undefined ? undefined : `${rate} % is given for a category O item, which has none`;
  if (rate === undefined) return `is missing for category ${category}`;
  const value = decimal(rate);
  if (rateRule === 'positive' && value.lte('0')) return `${rate} % must be above 0 for category ${category}`;
  if (rateRule === 'zero' && !value.eq('0')) return `${rate} % must be 0 for category ${category}`;
  if (rateRule === 'zero_or_positive' && value.lt('0'))
    return `${rate} % must not be negative for category ${category}`;
  return undefined;
}

function sameRate(a: DecimalString | undefined, b: DecimalString | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return decimal(a).eq(decimal(b));
}

function checkTotals(invoice: Invoice, violations: Violations): void {
  const { totals, lines, allowances, charges, vatBreakdown } = invoice;
  const required = [
    ['BR-12', 'lineNetTotal', 'The sum of line net amounts (BT-106)'],
    ['BR-13', 'taxExclusiveTotal', 'The total without VAT (BT-109)'],
    ['BR-14', 'taxInclusiveTotal', 'The total with VAT (BT-112)'],
    ['BR-15', 'payableAmount', 'The amount due for payment (BT-115)'],
  ] as const;
  for (const [ruleId, key, what] of required) {
    if (totals[key] === undefined) violations.report(ruleId, `${what} is missing`, `totals.${key}`);
  }
  const decimalRules = [
    ['BR-DEC-09', 'lineNetTotal'],
    ['BR-DEC-10', 'allowanceTotal'],
    ['BR-DEC-11', 'chargeTotal'],
    ['BR-DEC-12', 'taxExclusiveTotal'],
    ['BR-DEC-13', 'vatTotal'],
    ['BR-DEC-14', 'taxInclusiveTotal'],
    ['BR-DEC-15', 'vatTotalInAccountingCurrency'],
    ['BR-DEC-16', 'prepaidAmount'],
    ['BR-DEC-17', 'roundingAmount'],
    ['BR-DEC-18', 'payableAmount'],
  ] as const;
  for (const [ruleId, key] of decimalRules) {
    violations.twoDecimals(ruleId, totals[key], `The total ${key}`, `totals.${key}`);
  }

  const lineSum = round2(sumOf(lines.map((line) => line.netAmount)));
  if (totals.lineNetTotal === undefined || !decimal(totals.lineNetTotal).eq(lineSum)) {
    violations.report(
      'BR-CO-10',
      `The sum of line net amounts (BT-106) is ${totals.lineNetTotal ?? 'missing'} but the lines add up to ${show(lineSum)}`,
      'totals.lineNetTotal',
    );
  }
  for (const [ruleId, list, key, what] of [
    ['BR-CO-11', allowances, 'allowanceTotal', 'allowances'],
    ['BR-CO-12', charges, 'chargeTotal', 'charges'],
  ] as const) {
    const total = totals[key];
    const listSum = round2(sumOf(list.map((item) => item.amount)));
    const consistent = total === undefined ? list.length === 0 : decimal(total).eq(listSum);
    if (!consistent) {
      violations.report(
        ruleId,
        `The total of document level ${what} is ${total ?? 'missing'} but the ${what} add up to ${show(listSum)}`,
        `totals.${key}`,
      );
    }
  }
  if (totals.lineNetTotal !== undefined && totals.taxExclusiveTotal !== undefined) {
    const expected = round2(
      decimal(totals.lineNetTotal)
        .minus(totals.allowanceTotal === undefined ? '0' : decimal(totals.allowanceTotal))
        .plus(totals.chargeTotal === undefined ? '0' : decimal(totals.chargeTotal)),
    );
    if (!decimal(totals.taxExclusiveTotal).eq(expected)) {
      violations.report(
        'BR-CO-13',
        `The total without VAT (BT-109) ${totals.taxExclusiveTotal} is not line total − allowances + charges = ${show(expected)}`,
        'totals.taxExclusiveTotal',
      );
    }
  } else if (totals.taxExclusiveTotal !== undefined || totals.lineNetTotal !== undefined) {
    violations.report(
      'BR-CO-13',
      'The total without VAT (BT-109) cannot be checked: the sum of line net amounts (BT-106) or the total without VAT is missing',
      'totals.taxExclusiveTotal',
    );
  }
  if (totals.vatTotal !== undefined) {
    const breakdownSum = round2(sumOf(vatBreakdown.map((row) => row.taxAmount)));
    if (!decimal(totals.vatTotal).eq(breakdownSum)) {
      violations.report(
        'BR-CO-14',
        `The VAT total (BT-110) ${totals.vatTotal} is not the sum of the VAT breakdown ${show(breakdownSum)}`,
        'totals.vatTotal',
      );
    }
  }
  checkGrossTotal(invoice, violations);
  if (totals.payableAmount !== undefined && totals.taxInclusiveTotal !== undefined) {
    const expected = round2(
      decimal(totals.taxInclusiveTotal)
        .minus(totals.prepaidAmount === undefined ? '0' : decimal(totals.prepaidAmount))
        .plus(totals.roundingAmount === undefined ? '0' : decimal(totals.roundingAmount)),
    );
    if (!decimal(totals.payableAmount).eq(expected)) {
      violations.report(
        'BR-CO-16',
        `The amount due (BT-115) ${totals.payableAmount} is not total with VAT − paid + rounding = ${show(expected)}`,
        'totals.payableAmount',
      );
    }
  } else if (totals.payableAmount !== undefined || totals.taxInclusiveTotal !== undefined) {
    violations.report(
      'BR-CO-16',
      'The amount due (BT-115) cannot be checked: it or the total with VAT (BT-112) is missing',
      'totals.payableAmount',
    );
  }
}

/** BR-CO-15, for an invoice whose currency is known (the VAT total is the one in that currency). */
function checkGrossTotal(invoice: Invoice, violations: Violations): void {
  const { taxExclusiveTotal, taxInclusiveTotal, vatTotal } = invoice.totals;
  if (!has(invoice.currency)) return;
  if (taxExclusiveTotal === undefined || taxInclusiveTotal === undefined) {
    violations.report(
      'BR-CO-15',
      'The total with VAT (BT-112) cannot be checked: it or the total without VAT (BT-109) is missing',
      'totals.taxInclusiveTotal',
    );
    return;
  }
  const vat = vatTotal === undefined ? toDecimal('0') : decimal(vatTotal);
  const expected = round2(decimal(taxExclusiveTotal).plus(vat));
  if (!decimal(taxInclusiveTotal).eq(expected)) {
    violations.report(
      'BR-CO-15',
      `The total with VAT (BT-112) ${taxInclusiveTotal} is not ${taxExclusiveTotal} + VAT ${vatTotal ?? 'missing'} = ${show(expected)}`,
      'totals.taxInclusiveTotal',
    );
  }
}

function checkPayment(invoice: Invoice, violations: Violations): void {
  invoice.paymentMeans.forEach((means, index) => {
    const path = `paymentMeans[${index}]`;
    violations.require('BR-49', means.typeCode, 'The payment means type code (BT-81)', `${path}.typeCode`);
    means.creditTransfers.forEach((account, accountIndex) => {
      violations.require(
        'BR-50',
        account.accountId,
        'The payment account identifier (BT-84)',
        `${path}.creditTransfers[${accountIndex}].accountId`,
      );
    });
    const isCreditTransfer =
      means.typeCode !== undefined && creditTransferCodes.includes(means.typeCode.trim());
    if (isCreditTransfer && !means.creditTransfers.some((account) => has(account.accountId))) {
      violations.report(
        'BR-61',
        `Payment means ${means.typeCode} is a credit transfer but gives no account to pay into (BT-84)`,
        `${path}.creditTransfers`,
      );
    }
  });
  // A positive amount on a credit note is owed to the buyer: no due date is needed for it.
  const { payableAmount } = invoice.totals;
  if (invoice.kind === 'invoice' && payableAmount !== undefined && decimal(payableAmount).gt('0')) {
    if (!has(invoice.dueDate) && !has(invoice.paymentTerms)) {
      violations.report(
        'BR-CO-25',
        `${payableAmount} is due but the invoice gives neither a due date (BT-9) nor payment terms (BT-20)`,
        'dueDate',
      );
    }
  }
}

function checkPeppolReferences(invoice: Invoice, violations: Violations): void {
  if (invoice.buyerReference === undefined && invoice.purchaseOrderReference === undefined) {
    violations.report(
      'PEPPOL-EN16931-R003',
      'The invoice gives neither a buyer reference (BT-10) nor a purchase order reference (BT-13)',
      'buyerReference',
    );
  }
}
