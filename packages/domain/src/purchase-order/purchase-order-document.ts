import { calendarDate, companyTimeZone, isCalendarDate } from '../calendar/index.js';
import { isUnitOfMeasureCode, type UnitOfMeasureCode, unitsOfMeasure } from '../catalog/units.js';
import { DomainError, type FieldIssue, isDomainError } from '../errors/index.js';
import { isCountryCode, validateEuVatNumber, validateSiren, validateSiret } from '../identifiers/index.js';
import { type CurrencyCode, isCurrencyCode } from '../money/currency.js';
import { decimalProblem, formatDecimal, parseDecimal } from '../money/decimal.js';
import { lineNetAmount } from '../money/line-amount.js';
import { type Money, money } from '../money/money.js';
import { computeVatBreakdown, type VatBreakdown } from '../tax/vat-breakdown.js';
import { isVatCategoryCode, type VatCategoryCode } from '../tax/vat-category.js';
import { assertVatRateAllowed, parseVatRate, type VatRate } from '../tax/vat-rate.js';
import { type AnnexSubject, isPurchaseOrderLineFlag, type PurchaseOrderLineFlag } from './annex-rule.js';
import { type PaymentTerms, paymentTermsIssues } from './payment-terms.js';
import { parsePurchaseOrderNumber } from './purchase-order-number.js';
import {
  type DocumentLanguage,
  generalPurchasingTermsCode,
  isDocumentLanguage,
  type TermsVersion,
} from './terms-document.js';

export interface PostalAddress {
  readonly line1: string;
  readonly line2?: string | null | undefined;
  readonly postalCode: string;
  readonly city: string;
  /** ISO 3166 alpha-2. */
  readonly country: string;
}

/** Where goods go or invoices are addressed: a name (a site, a department) and its address. */
export interface Addressee {
  readonly name: string;
  readonly address: PostalAddress;
}

/**
 * The buying entity, as its letterhead and the legal mentions of a French company's documents
 * (Code de commerce, art. R123-237) present it: name, legal form and share capital, registry
 * (RCS) and SIREN, SIRET of the establishment, VAT number.
 */
export interface BuyingEntity extends Addressee {
  readonly legalForm?: string | null | undefined;
  readonly shareCapital?: Money | null | undefined;
  /** The city of the trade and companies register: "Paris" prints "RCS Paris 732 829 320". */
  readonly rcsCity?: string | null | undefined;
  readonly siren?: string | null | undefined;
  readonly siret?: string | null | undefined;
  readonly vatNumber?: string | null | undefined;
}

export interface SupplierParty extends Addressee {
  /** The language of the supplier: the order and its terms are printed in it. */
  readonly language: DocumentLanguage;
  readonly vatNumber?: string | null | undefined;
  /** The supplier's account number in the buyer's books. */
  readonly supplierNumber?: string | null | undefined;
}

export interface BuyerContact {
  readonly name: string;
  readonly email: string;
  readonly phone?: string | null | undefined;
}

/** Where and how the supplier sends its invoice. */
export interface InvoicingInstructions {
  /** The buyer's electronic invoicing address (a routing identifier such as `0009:73282932000074`). */
  readonly eInvoicingAddress: string;
  /** The platform that receives them for the buyer, when named. */
  readonly platform?: string | null | undefined;
}

export interface PurchaseOrderLineInput {
  readonly reference: string;
  readonly description: string;
  /** A plain decimal string greater than zero. */
  readonly quantity: string;
  /** A UN/ECE Recommendation 20 code: `C62`, `HUR`, `XBX`... */
  readonly unit: string;
  /** The item net price in the order's currency, a plain decimal string. */
  readonly unitPrice: string;
  /** How many units the price is for ("100" for a price per hundred); 1 when absent. */
  readonly priceBaseQuantity?: string | undefined;
  readonly vatCategory: string;
  readonly vatRate: string;
  /** The UNSPSC commodity code, which annex rules look at. */
  readonly category?: string | null | undefined;
  readonly flags?: readonly PurchaseOrderLineFlag[] | undefined;
}

/** Everything a purchase order says, except the terms it carries. */
export interface PurchaseOrderInput {
  readonly number: string;
  /** 1 for the order as first issued, 2, 3... for each change order. */
  readonly revision: number;
  readonly issuedAt: Date;
  readonly currency: string;
  readonly buyer: BuyingEntity;
  readonly buyerContact: BuyerContact;
  readonly supplier: SupplierParty;
  readonly deliveryAddress: Addressee;
  readonly invoicingAddress: Addressee;
  /** The calendar day the goods or services are due. */
  readonly deliveryDate: string;
  readonly paymentTerms: PaymentTerms;
  readonly invoicing: InvoicingInstructions;
  readonly lines: readonly PurchaseOrderLineInput[];
}

/** The exact versions an order carries: recorded when it is issued, reused whenever it is rendered. */
export interface PurchaseOrderTerms {
  readonly generalTerms: TermsVersion;
  readonly annexes: readonly TermsVersion[];
}

export interface PurchaseOrderDocumentLine {
  /** 1, 2, 3... in the order of the input. */
  readonly position: number;
  readonly reference: string;
  readonly description: string;
  /** The quantity in its shortest form: "12", "2.5". */
  readonly quantity: string;
  readonly unit: UnitOfMeasureCode;
  /** The unit's name in the supplier's language. */
  readonly unitLabel: string;
  readonly unitPrice: Money;
  readonly priceBaseQuantity: string;
  readonly vatCategory: VatCategoryCode;
  readonly vatRate: VatRate;
  /** Quantity × unit price ÷ base quantity, rounded to 2 decimals (EN 16931). */
  readonly netAmount: Money;
}

/** What the purchase order PDF is rendered from: no rendering decision is left to compute. */
export interface PurchaseOrderDocument {
  readonly number: string;
  readonly revision: number;
  readonly issuedAt: Date;
  /** The day of issue in the company's time zone. */
  readonly issueDate: string;
  readonly language: DocumentLanguage;
  readonly currency: CurrencyCode;
  readonly buyer: BuyingEntity;
  readonly buyerContact: BuyerContact;
  readonly supplier: SupplierParty;
  readonly deliveryAddress: Addressee;
  readonly invoicingAddress: Addressee;
  readonly deliveryDate: string;
  readonly paymentTerms: PaymentTerms;
  readonly invoicing: InvoicingInstructions;
  readonly lines: readonly PurchaseOrderDocumentLine[];
  /** Net, VAT and gross per VAT category and rate, and the totals, from the rounded line amounts. */
  readonly vatBreakdown: VatBreakdown;
  readonly terms: PurchaseOrderTerms;
}

/** Runs `check`, turning a DomainError into field issues under `field`. */
function collect<T>(issues: FieldIssue[], field: string, check: () => T): T | undefined {
  try {
    return check();
  } catch (error) {
    if (!isDomainError(error)) throw error;
    const details = Array.isArray(error.details) ? (error.details as FieldIssue[]) : [];
    if (details.length === 0) issues.push({ field, reason: error.message });
    for (const detail of details) issues.push({ field, reason: detail.reason });
    return undefined;
  }
}

function required(issues: FieldIssue[], field: string, value: string | null | undefined): void {
  if (value === null || value === undefined || value.trim() === '')
    issues.push({ field, reason: 'is required' });
}

function addresseeIssues(issues: FieldIssue[], field: string, addressee: Addressee): void {
  required(issues, `${field}.name`, addressee.name);
  required(issues, `${field}.address.line1`, addressee.address.line1);
  required(issues, `${field}.address.postalCode`, addressee.address.postalCode);
  required(issues, `${field}.address.city`, addressee.address.city);
  if (!isCountryCode(addressee.address.country))
    issues.push({ field: `${field}.address.country`, reason: 'must be an ISO 3166 country code' });
}

function buyerIssues(issues: FieldIssue[], buyer: BuyingEntity): void {
  addresseeIssues(issues, 'buyer', buyer);
  for (const [field, value, validate] of [
    ['siren', buyer.siren, validateSiren],
    ['siret', buyer.siret, validateSiret],
    ['vatNumber', buyer.vatNumber, validateEuVatNumber],
  ] as const) {
    if (!value) continue;
    const result = validate(value);
    if (!result.ok) issues.push({ field: `buyer.${field}`, reason: result.reason });
  }
  if (
    buyer.siren &&
    buyer.siret &&
    !buyer.siret.replace(/\s/g, '').startsWith(buyer.siren.replace(/\s/g, ''))
  )
    issues.push({ field: 'buyer.siret', reason: 'must start with the SIREN' });
  if (buyer.rcsCity && !buyer.siren)
    issues.push({ field: 'buyer.siren', reason: 'is required with the RCS registration' });
}

function priceLines(input: PurchaseOrderInput, currency: CurrencyCode | undefined, issues: FieldIssue[]) {
  if (input.lines.length === 0) issues.push({ field: 'lines', reason: 'must hold at least one line' });
  const lines: PurchaseOrderDocumentLine[] = [];
  input.lines.forEach((line, index) => {
    const at = (name: string) => `lines[${index}].${name}`;
    const lineIssues: FieldIssue[] = [];
    required(lineIssues, at('reference'), line.reference);
    required(lineIssues, at('description'), line.description);
    const quantityProblem = decimalProblem(line.quantity);
    if (quantityProblem) lineIssues.push({ field: at('quantity'), reason: quantityProblem });
    else if (parseDecimal(line.quantity).lte('0'))
      lineIssues.push({ field: at('quantity'), reason: 'must be greater than zero' });
    if (!isUnitOfMeasureCode(line.unit))
      lineIssues.push({
        field: at('unit'),
        reason: 'must be a UN/ECE Recommendation 20 unit code Procura knows',
      });
    if (!isVatCategoryCode(line.vatCategory))
      lineIssues.push({ field: at('vatCategory'), reason: 'must be a UNCL5305 VAT category code' });
    const vatRate = collect(lineIssues, at('vatRate'), () => parseVatRate(line.vatRate));
    if (vatRate !== undefined && isVatCategoryCode(line.vatCategory))
      collect(lineIssues, at('vatRate'), () =>
        assertVatRateAllowed(line.vatCategory as VatCategoryCode, vatRate),
      );
    line.flags?.forEach((flag, flagIndex) => {
      if (!isPurchaseOrderLineFlag(flag))
        lineIssues.push({ field: at(`flags[${flagIndex}]`), reason: 'is not a line flag' });
    });
    if (line.category && !/^\d{8}$/.test(line.category))
      lineIssues.push({ field: at('category'), reason: 'must be an 8-digit UNSPSC commodity code' });
    const netAmount =
      currency === undefined
        ? undefined
        : collect(lineIssues, at('unitPrice'), () =>
            lineNetAmount(line.quantity, money(line.unitPrice, currency), line.priceBaseQuantity ?? '1'),
          );
    issues.push(...lineIssues);
    if (lineIssues.length > 0 || netAmount === undefined || vatRate === undefined || currency === undefined)
      return;
    const unit = line.unit as UnitOfMeasureCode;
    lines.push({
      position: index + 1,
      reference: line.reference,
      description: line.description,
      quantity: formatDecimal(parseDecimal(line.quantity)),
      unit,
      unitLabel: unitsOfMeasure[unit][input.supplier.language] ?? unitsOfMeasure[unit].en,
      unitPrice: money(line.unitPrice, currency),
      priceBaseQuantity: formatDecimal(parseDecimal(line.priceBaseQuantity ?? '1')),
      vatCategory: line.vatCategory as VatCategoryCode,
      vatRate,
      netAmount,
    });
  });
  return lines;
}

function termsIssues(issues: FieldIssue[], terms: PurchaseOrderTerms, issueDate: string): void {
  const { generalTerms, annexes } = terms;
  if (generalTerms.code !== generalPurchasingTermsCode)
    issues.push({ field: 'terms.generalTerms.code', reason: `must be ${generalPurchasingTermsCode}` });
  [generalTerms, ...annexes].forEach((version, index) => {
    const field = index === 0 ? 'terms.generalTerms' : `terms.annexes[${index - 1}]`;
    if (version.effectiveOn > issueDate)
      issues.push({
        field: `${field}.effectiveOn`,
        reason: `was not in force on ${issueDate}, the day of issue`,
      });
  });
  annexes.forEach((annex, index) => {
    if (
      annex.code === generalPurchasingTermsCode ||
      annexes.findIndex((other) => other.code === annex.code) !== index
    )
      issues.push({ field: `terms.annexes[${index}].code`, reason: 'must be another annex, once' });
  });
}

/**
 * Checks an order and computes what its document shows: each line's amount rounded to 2 decimals,
 * the VAT breakdown and totals summed from the rounded lines (EN 16931), the unit names and the
 * language of the supplier, with the terms versions the order carries. Throws `validation_failed`
 * naming every failing field.
 */
export function buildPurchaseOrderDocument(
  input: PurchaseOrderInput,
  terms: PurchaseOrderTerms,
  timeZone: string = companyTimeZone,
): PurchaseOrderDocument {
  const issues: FieldIssue[] = [];
  collect(issues, 'number', () => parsePurchaseOrderNumber(input.number));
  if (!Number.isInteger(input.revision) || input.revision < 1)
    issues.push({ field: 'revision', reason: 'must be a whole number from 1' });
  if (Number.isNaN(input.issuedAt.getTime()))
    issues.push({ field: 'issuedAt', reason: 'must be a valid instant' });
  const currency = isCurrencyCode(input.currency) ? input.currency : undefined;
  if (!currency) issues.push({ field: 'currency', reason: 'must be an ISO 4217 currency code' });
  buyerIssues(issues, input.buyer);
  required(issues, 'buyerContact.name', input.buyerContact.name);
  required(issues, 'buyerContact.email', input.buyerContact.email);
  addresseeIssues(issues, 'supplier', input.supplier);
  if (!isDocumentLanguage(input.supplier.language))
    issues.push({ field: 'supplier.language', reason: 'must be fr or en' });
  addresseeIssues(issues, 'deliveryAddress', input.deliveryAddress);
  addresseeIssues(issues, 'invoicingAddress', input.invoicingAddress);
  if (!isCalendarDate(input.deliveryDate))
    issues.push({ field: 'deliveryDate', reason: 'must be a date such as 2026-11-23' });
  issues.push(...paymentTermsIssues(input.paymentTerms, input.buyer.address.country));
  required(issues, 'invoicing.eInvoicingAddress', input.invoicing.eInvoicingAddress);
  const lines = priceLines(input, currency, issues);
  const issueDate = issues.some((issue) => issue.field === 'issuedAt')
    ? ''
    : calendarDate(input.issuedAt, timeZone);
  if (issueDate) termsIssues(issues, terms, issueDate);
  if (issues.length > 0 || !currency)
    throw new DomainError('validation_failed', `The purchase order ${input.number} is not valid.`, issues);
  return {
    number: input.number,
    revision: input.revision,
    issuedAt: input.issuedAt,
    issueDate,
    language: input.supplier.language,
    currency,
    buyer: input.buyer,
    buyerContact: input.buyerContact,
    supplier: input.supplier,
    deliveryAddress: input.deliveryAddress,
    invoicingAddress: input.invoicingAddress,
    deliveryDate: input.deliveryDate,
    paymentTerms: input.paymentTerms,
    invoicing: input.invoicing,
    lines,
    vatBreakdown: computeVatBreakdown(
      lines.map((line) => ({ netAmount: line.netAmount, category: line.vatCategory, rate: line.vatRate })),
      currency,
    ),
    terms,
  };
}

/**
 * What the annex rules look at in an order about to be issued: its lines' categories and flags,
 * the supplier's country and the net total of the rounded line amounts. Throws `validation_failed`
 * when a line cannot be priced.
 */
export function annexSubjectOf(input: PurchaseOrderInput): AnnexSubject {
  const issues: FieldIssue[] = [];
  const currency = isCurrencyCode(input.currency) ? input.currency : undefined;
  if (!currency) issues.push({ field: 'currency', reason: 'must be an ISO 4217 currency code' });
  const lines = priceLines(input, currency, issues);
  if (issues.length > 0 || !currency)
    throw new DomainError('validation_failed', `The purchase order ${input.number} is not valid.`, issues);
  const netAmount = lines.reduce((total, line) => total.add(line.netAmount), money('0', currency));
  return {
    issuedAt: input.issuedAt,
    supplierCountry: input.supplier.address.country,
    netAmount,
    lines: input.lines,
  };
}
