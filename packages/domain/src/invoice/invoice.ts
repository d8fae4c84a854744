// The canonical supplier invoice: one model that UBL 2.1, UN/CEFACT CII, Factur-X and invoices keyed in
// by hand all map to, named after the EN 16931 semantic model (BT-… business terms, BG-… groups).
//
// It holds the invoice as received: a term the document does not carry is undefined, an element that is
// present but empty is '' (some rules test presence, PEPPOL-EN16931-R003 for one). Mandatory terms are
// therefore optional here; `validateInvoice` checks them and, when every rule holds, hands back a
// `ValidInvoice` whose mandatory terms are typed as present.
//
// Amounts, quantities, prices and rates are exact decimals (`DecimalString`), never JavaScript numbers.
// Every amount is in the invoice currency (BT-5), except the VAT total in accounting currency (BT-111).
// A credit note keeps the signs it was written with: a credit of 100 is 100 on a credit note.
import type { Brand } from '../brand.js';
import { type DecimalInput, formatDecimal, toDecimal } from '../money/decimal.js';

/**
 * An exact decimal in plain notation, without trailing zeros: "1325", "-8.79", "0.125". Made by
 * {@link toDecimalString}, so holding one proves the value is a decimal and not a binary float.
 */
export type DecimalString = Brand<string, 'DecimalString'>;

/** The canonical form of a decimal string or big.js value; throws `invalid_decimal` naming `field`. */
export function toDecimalString(value: DecimalInput, field = 'value'): DecimalString {
  return formatDecimal(toDecimal(value, field)) as DecimalString;
}

/** Invoice or credit note: the UBL root element, or for CII and keyed-in invoices the type code. */
export type InvoiceDocumentKind = 'invoice' | 'credit_note';

/**
 * UNTDID 1001 codes that EN 16931 (code list for BT-3) classes as credit notes: 381 commercial credit
 * note and its kin. Every other code is an invoice, including 384 (corrected invoice) and 389
 * (self-billed invoice, the German "Gutschrift").
 */
export const creditNoteTypeCodes: readonly string[] = [
  '81',
  '83',
  '261',
  '262',
  '296',
  '308',
  '381',
  '396',
  '420',
  '458',
  '532',
];

export function documentKindOfTypeCode(typeCode: string | undefined): InvoiceDocumentKind {
  return typeCode !== undefined && creditNoteTypeCodes.includes(typeCode.trim()) ? 'credit_note' : 'invoice';
}

/** An identifier and the scheme it is issued under (ISO 6523 ICD, e.g. 0002 SIREN, 0009 SIRET, 0088 GLN). */
export interface SchemedIdentifier {
  readonly id: string;
  readonly scheme?: string;
}

/** An electronic address (BT-34, BT-49) with its scheme (EAS code list, e.g. 0225 French SIREN, 0009 SIRET, 9957 French VAT). */
export interface ElectronicAddress {
  readonly value: string;
  readonly scheme?: string;
}

/** BG-5, BG-8, BG-12. */
export interface InvoicePostalAddress {
  readonly lines: readonly string[];
  readonly city?: string;
  readonly postalCode?: string;
  readonly countrySubdivision?: string;
  /** ISO 3166-1 alpha-2 (BT-40, BT-55). */
  readonly countryCode?: string;
}

export interface InvoiceContact {
  readonly name?: string;
  readonly telephone?: string;
  readonly email?: string;
}

/** The seller (BG-4) or the buyer (BG-7). */
export interface InvoiceParty {
  /** Legal name (BT-27, BT-44). */
  readonly name?: string;
  /** Trading name (BT-28, BT-45). */
  readonly tradingName?: string;
  /** Seller or buyer identifiers (BT-29, BT-46), e.g. a SIRET with scheme 0009. */
  readonly identifiers: readonly SchemedIdentifier[];
  /** Legal registration identifier (BT-30, BT-47), e.g. a SIREN with scheme 0002. */
  readonly legalRegistration?: SchemedIdentifier;
  /** VAT identifier (BT-31, BT-48), with its country prefix. */
  readonly vatNumber?: string;
  /** Seller tax registration identifier (BT-32), e.g. a German Steuernummer. */
  readonly taxRegistration?: string;
  readonly electronicAddress?: ElectronicAddress;
  readonly postalAddress?: InvoicePostalAddress;
  readonly contact?: InvoiceContact;
}

/** BG-10: whoever receives the payment when it is not the seller (a factor, a group's treasury). */
export interface InvoicePayee {
  readonly name?: string;
  readonly identifiers: readonly SchemedIdentifier[];
  readonly legalRegistration?: SchemedIdentifier;
}

/** BG-3: an invoice this one corrects or credits. */
export interface PrecedingInvoiceReference {
  readonly number?: string;
  readonly issueDate?: string;
}

/** BG-17: an account to pay into by credit transfer. */
export interface InvoiceCreditTransfer {
  /** BT-84: an IBAN for SEPA, or another account number, as written (spaces included). */
  readonly accountId?: string;
  readonly accountName?: string;
  /** BT-86: the BIC of the account's bank. */
  readonly bic?: string;
}

/** BG-16. */
export interface InvoicePaymentMeans {
  /** BT-81, UNTDID 4461: 30 credit transfer, 58 SEPA credit transfer, 49 direct debit, 59 SEPA direct debit, 48 card... */
  readonly typeCode?: string;
  /** BT-83: the reference to quote with the payment. */
  readonly remittanceInformation?: string;
  readonly creditTransfers: readonly InvoiceCreditTransfer[];
}

/**
 * A document level allowance (BG-20) or charge (BG-21), or an invoice line allowance (BG-27) or charge
 * (BG-28). Line level ones carry no VAT category: they share their line's.
 */
export interface InvoiceAllowanceCharge {
  readonly amount?: DecimalString;
  readonly baseAmount?: DecimalString;
  /** Percentage of the base amount. */
  readonly percentage?: DecimalString;
  /** Document level only: BT-95 / BT-102 and the rate BT-96 / BT-103. */
  readonly vatCategory?: string;
  readonly vatRate?: DecimalString;
  readonly reason?: string;
  readonly reasonCode?: string;
}

/** One row of the VAT breakdown (BG-23). */
export interface InvoiceVatBreakdown {
  /** BT-118, UNCL5305. */
  readonly category?: string;
  /** BT-119; absent for category O (not subject to VAT). */
  readonly rate?: DecimalString;
  /** BT-116. */
  readonly taxableAmount?: DecimalString;
  /** BT-117. */
  readonly taxAmount?: DecimalString;
  readonly exemptionReason?: string;
  readonly exemptionReasonCode?: string;
}

/** BG-22. */
export interface InvoiceTotals {
  /** BT-106: sum of the invoice line net amounts. */
  readonly lineNetTotal?: DecimalString;
  /** BT-107: sum of the document level allowances. */
  readonly allowanceTotal?: DecimalString;
  /** BT-108: sum of the document level charges. */
  readonly chargeTotal?: DecimalString;
  /** BT-109. */
  readonly taxExclusiveTotal?: DecimalString;
  /** BT-110: VAT total in the invoice currency. */
  readonly vatTotal?: DecimalString;
  /** BT-111: VAT total in the VAT accounting currency (BT-6). */
  readonly vatTotalInAccountingCurrency?: DecimalString;
  /** BT-112. */
  readonly taxInclusiveTotal?: DecimalString;
  /** BT-113: paid amount (deposits, partial payments). */
  readonly prepaidAmount?: DecimalString;
  /** BT-114. */
  readonly roundingAmount?: DecimalString;
  /** BT-115: amount due for payment. */
  readonly payableAmount?: DecimalString;
}

/** BG-25. */
export interface InvoiceLine {
  /** BT-126. */
  readonly id?: string;
  /**
   * The buyer's order this line belongs to, when given per line: the French CIUS lets one invoice cover
   * several orders that way (CII line BuyerOrderReferencedDocument/IssuerAssignedID, UBL
   * OrderLineReference/OrderReference/ID).
   */
  readonly orderReference?: string;
  /** BT-132: the line of the buyer's order. */
  readonly orderLineId?: string;
  /** BT-129: may be negative (a return on an invoice). */
  readonly quantity?: DecimalString;
  /** BT-130, UN/ECE Recommendation 20 (C62 unit, HUR hour, KGM kilogram...). */
  readonly unitCode?: string;
  /** BT-131: quantity × net price ÷ base quantity + line charges − line allowances, 2 decimals. */
  readonly netAmount?: DecimalString;
  /** BT-146: item net price, after any price discount. */
  readonly netPrice?: DecimalString;
  /** BT-147: price discount. */
  readonly priceDiscount?: DecimalString;
  /** BT-148: item gross price. */
  readonly grossPrice?: DecimalString;
  /** BT-149: the quantity the price is for (price per 100 sheets); 1 when absent. */
  readonly priceBaseQuantity?: DecimalString;
  readonly priceBaseQuantityUnitCode?: string;
  readonly allowances: readonly InvoiceAllowanceCharge[];
  readonly charges: readonly InvoiceAllowanceCharge[];
  /** BT-151. */
  readonly vatCategory?: string;
  /** BT-152; absent for category O. */
  readonly vatRate?: DecimalString;
  /** BT-153. */
  readonly itemName?: string;
  readonly itemDescription?: string;
  /** BT-155: the seller's item identifier (catalog reference). */
  readonly sellerItemId?: string;
  readonly buyerItemId?: string;
  /** BT-157, e.g. a GTIN with scheme 0160. */
  readonly standardItemId?: SchemedIdentifier;
}

/** BG-0: the invoice or credit note. */
export interface Invoice {
  readonly kind: InvoiceDocumentKind;
  /** BT-24: the specification the document claims (EN 16931, a CIUS, a Factur-X profile). */
  readonly specificationId?: string;
  /** BT-23. */
  readonly businessProcessId?: string;
  /** BT-1. */
  readonly number?: string;
  /** BT-2, ISO 8601 date (2026-01-31). */
  readonly issueDate?: string;
  /** BT-3, UNTDID 1001: 380 invoice, 381 credit note, 384 corrected invoice, 389 self-billed invoice... */
  readonly typeCode?: string;
  /** BT-5, ISO 4217. */
  readonly currency?: string;
  /** BT-6: the currency VAT is accounted in, when not the invoice currency. */
  readonly vatAccountingCurrency?: string;
  /** BT-9. */
  readonly dueDate?: string;
  /** BT-10: the buyer's reference (the French service code, the German Leitweg-ID...). */
  readonly buyerReference?: string;
  /** BT-13: the buyer's purchase order, for the whole invoice. */
  readonly purchaseOrderReference?: string;
  /** BT-14: the seller's own order reference. */
  readonly salesOrderReference?: string;
  /** BT-72. */
  readonly deliveryDate?: string;
  readonly precedingInvoices: readonly PrecedingInvoiceReference[];
  readonly seller: InvoiceParty;
  readonly buyer: InvoiceParty;
  readonly payee?: InvoicePayee;
  /** BT-20, as text; several terms are joined by line breaks. */
  readonly paymentTerms?: string;
  readonly paymentMeans: readonly InvoicePaymentMeans[];
  readonly allowances: readonly InvoiceAllowanceCharge[];
  readonly charges: readonly InvoiceAllowanceCharge[];
  readonly vatBreakdown: readonly InvoiceVatBreakdown[];
  readonly totals: InvoiceTotals;
  readonly lines: readonly InvoiceLine[];
}

/** An invoice with no party, line or total: a starting point for parsers and tests. */
export function emptyInvoice(kind: InvoiceDocumentKind = 'invoice'): Invoice {
  return {
    kind,
    precedingInvoices: [],
    seller: { identifiers: [] },
    buyer: { identifiers: [] },
    paymentMeans: [],
    allowances: [],
    charges: [],
    vatBreakdown: [],
    totals: {},
    lines: [],
  };
}
