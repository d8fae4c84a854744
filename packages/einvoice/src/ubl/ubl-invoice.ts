// UBL 2.1 Invoice and CreditNote (EN 16931 UBL binding: Peppol BIS Billing 3.0, the French CIUS,
// XRechnung) to the canonical invoice.
import {
  type Invoice,
  type InvoiceAllowanceCharge,
  type InvoiceLine,
  type InvoiceParty,
  type InvoicePaymentMeans,
  type InvoicePostalAddress,
  type InvoiceRuleSeverity,
  type InvoiceRuleViolation,
  type InvoiceVatBreakdown,
  isPeppolInvoice,
  type SchemedIdentifier,
} from '@procura/domain';
import { descendants, find, findAll, textAt, type XmlElement, type XmlStep } from '../xml/xml-element.js';
import { decimalOf, syntaxViolation, xsDateOf } from '../xml/xml-values.js';

export const ublNamespaces = {
  invoice: 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2',
  creditNote: 'urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2',
  cac: 'urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2',
  cbc: 'urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2',
} as const;

const cac = (name: string): XmlStep => [ublNamespaces.cac, name];
const cbc = (name: string): XmlStep => [ublNamespaces.cbc, name];

export function isUblInvoice(root: XmlElement): boolean {
  return (
    (root.namespace === ublNamespaces.invoice && root.name === 'Invoice') ||
    (root.namespace === ublNamespaces.creditNote && root.name === 'CreditNote')
  );
}

/** Present → an identifier with its schemeID; an empty ID stays '' so that rules see it was given. */
function schemedIdentifier(element: XmlElement | undefined): SchemedIdentifier | undefined {
  if (element === undefined) return undefined;
  const scheme = element.attributes.get('schemeID');
  return scheme === undefined ? { id: element.text } : { id: element.text, scheme };
}

function postalAddress(address: XmlElement | undefined): InvoicePostalAddress | undefined {
  if (address === undefined) return undefined;
  const lines = [
    textAt(address, cbc('StreetName')),
    textAt(address, cbc('AdditionalStreetName')),
    ...findAll(address, cac('AddressLine'), cbc('Line')).map((line) => line.text),
  ].filter((line): line is string => line !== undefined && line !== '');
  return {
    lines,
    city: textAt(address, cbc('CityName')),
    postalCode: textAt(address, cbc('PostalZone')),
    countrySubdivision: textAt(address, cbc('CountrySubentity')),
    countryCode: textAt(address, cac('Country'), cbc('IdentificationCode')),
  };
}

const isVatScheme = (taxScheme: XmlElement) =>
  textAt(taxScheme, cac('TaxScheme'), cbc('ID'))?.toUpperCase() === 'VAT';

function party(partyElement: XmlElement | undefined): InvoiceParty {
  const endpoint = find(partyElement, cbc('EndpointID'));
  const taxSchemes = findAll(partyElement, cac('PartyTaxScheme'));
  const contact = find(partyElement, cac('Contact'));
  return {
    name: textAt(partyElement, cac('PartyLegalEntity'), cbc('RegistrationName')),
    tradingName: textAt(partyElement, cac('PartyName'), cbc('Name')),
    identifiers: findAll(partyElement, cac('PartyIdentification'), cbc('ID')).map(
      (identifier) => schemedIdentifier(identifier) as SchemedIdentifier,
    ),
    legalRegistration: schemedIdentifier(find(partyElement, cac('PartyLegalEntity'), cbc('CompanyID'))),
    vatNumber: textAt(taxSchemes.find(isVatScheme), cbc('CompanyID')),
    taxRegistration: textAt(
      taxSchemes.find((taxScheme) => !isVatScheme(taxScheme)),
      cbc('CompanyID'),
    ),
    electronicAddress:
      endpoint === undefined
        ? undefined
        : { value: endpoint.text, scheme: endpoint.attributes.get('schemeID') },
    postalAddress: postalAddress(find(partyElement, cac('PostalAddress'))),
    contact:
      contact === undefined
        ? undefined
        : {
            name: textAt(contact, cbc('Name')),
            telephone: textAt(contact, cbc('Telephone')),
            email: textAt(contact, cbc('ElectronicMail')),
          },
  };
}

function allowanceCharge(element: XmlElement, withVat: boolean): InvoiceAllowanceCharge {
  const taxCategory = find(element, cac('TaxCategory'));
  return {
    amount: decimalOf(find(element, cbc('Amount'))),
    baseAmount: decimalOf(find(element, cbc('BaseAmount'))),
    percentage: decimalOf(find(element, cbc('MultiplierFactorNumeric'))),
    ...(withVat
      ? { vatCategory: textAt(taxCategory, cbc('ID')), vatRate: decimalOf(find(taxCategory, cbc('Percent'))) }
      : {}),
    reason: textAt(element, cbc('AllowanceChargeReason')),
    reasonCode: textAt(element, cbc('AllowanceChargeReasonCode')),
  };
}

/** xs:boolean: "true" or "1" is a charge, "false" or "0" an allowance. */
const isCharge = (element: XmlElement) =>
  ['true', '1'].includes(textAt(element, cbc('ChargeIndicator')) ?? '');

function line(element: XmlElement, creditNote: boolean): InvoiceLine {
  const quantity = find(element, cbc(creditNote ? 'CreditedQuantity' : 'InvoicedQuantity'));
  const price = find(element, cac('Price'));
  const priceAllowance = find(price, cac('AllowanceCharge'));
  const baseQuantity = find(price, cbc('BaseQuantity'));
  const item = find(element, cac('Item'));
  const taxCategory = find(item, cac('ClassifiedTaxCategory'));
  const allowanceCharges = findAll(element, cac('AllowanceCharge'));
  return {
    id: textAt(element, cbc('ID')),
    orderReference: textAt(element, cac('OrderLineReference'), cac('OrderReference'), cbc('ID')),
    orderLineId: textAt(element, cac('OrderLineReference'), cbc('LineID')),
    quantity: decimalOf(quantity),
    unitCode: quantity?.attributes.get('unitCode'),
    netAmount: decimalOf(find(element, cbc('LineExtensionAmount'))),
    netPrice: decimalOf(find(price, cbc('PriceAmount'))),
    priceDiscount: decimalOf(find(priceAllowance, cbc('Amount'))),
    grossPrice: decimalOf(find(priceAllowance, cbc('BaseAmount'))),
    priceBaseQuantity: decimalOf(baseQuantity),
    priceBaseQuantityUnitCode: baseQuantity?.attributes.get('unitCode'),
    allowances: allowanceCharges
      .filter((candidate) => !isCharge(candidate))
      .map((found) => allowanceCharge(found, false)),
    charges: allowanceCharges.filter(isCharge).map((found) => allowanceCharge(found, false)),
    vatCategory: textAt(taxCategory, cbc('ID')),
    vatRate: decimalOf(find(taxCategory, cbc('Percent'))),
    itemName: textAt(item, cbc('Name')),
    itemDescription: textAt(item, cbc('Description')),
    sellerItemId: textAt(item, cac('SellersItemIdentification'), cbc('ID')),
    buyerItemId: textAt(item, cac('BuyersItemIdentification'), cbc('ID')),
    standardItemId: schemedIdentifier(find(item, cac('StandardItemIdentification'), cbc('ID'))),
  };
}

function paymentMeans(element: XmlElement): InvoicePaymentMeans {
  return {
    typeCode: textAt(element, cbc('PaymentMeansCode')),
    remittanceInformation: textAt(element, cbc('PaymentID')),
    creditTransfers: findAll(element, cac('PayeeFinancialAccount')).map((account) => ({
      accountId: textAt(account, cbc('ID')),
      accountName: textAt(account, cbc('Name')),
      bic: textAt(account, cac('FinancialInstitutionBranch'), cbc('ID')),
    })),
  };
}

function vatBreakdownRow(subtotal: XmlElement): InvoiceVatBreakdown {
  const category = find(subtotal, cac('TaxCategory'));
  return {
    category: textAt(category, cbc('ID')),
    rate: decimalOf(find(category, cbc('Percent'))),
    taxableAmount: decimalOf(find(subtotal, cbc('TaxableAmount'))),
    taxAmount: decimalOf(find(subtotal, cbc('TaxAmount'))),
    exemptionReason: textAt(category, cbc('TaxExemptionReason')),
    exemptionReasonCode: textAt(category, cbc('TaxExemptionReasonCode')),
  };
}

export interface SyntaxReading {
  readonly invoice: Invoice;
  readonly syntaxViolations: readonly InvoiceRuleViolation[];
}

/**
 * The VAT totals of a UBL document: the one in the invoice currency (BT-110), with the VAT breakdown,
 * and the one in the VAT accounting currency (BT-111). A TaxAmount without currencyID counts as the
 * invoice currency. Two in the invoice currency break BR-CO-15, which requires exactly one.
 */
function vatTotals(root: XmlElement, currency: string | undefined, accountingCurrency: string | undefined) {
  const violations: InvoiceRuleViolation[] = [];
  const taxTotals = findAll(root, cac('TaxTotal'));
  const amountIn = (wanted: string | undefined) =>
    taxTotals
      .map((taxTotal) => find(taxTotal, cbc('TaxAmount')))
      .filter((amount): amount is XmlElement => {
        if (amount === undefined) return false;
        const amountCurrency = amount.attributes.get('currencyID');
        return amountCurrency === wanted || (amountCurrency === undefined && wanted === currency);
      });
  const inCurrency = amountIn(currency);
  const [first, second] = inCurrency;
  if (second !== undefined && first !== undefined) {
    violations.push(
      syntaxViolation(
        'BR-CO-15',
        `The invoice total VAT amount (BT-110) is given ${inCurrency.length} times in ${currency} (${inCurrency.map((amount) => amount.text).join(', ')}): it must be given once`,
        second,
      ),
    );
  }
  const inAccountingCurrency =
    accountingCurrency === undefined || accountingCurrency === currency ? [] : amountIn(accountingCurrency);
  return {
    vatTotal: decimalOf(first),
    vatTotalInAccountingCurrency: decimalOf(inAccountingCurrency[0]),
    subtotals: taxTotals.flatMap((taxTotal) => findAll(taxTotal, cac('TaxSubtotal'))),
    violations,
  };
}

/**
 * PEPPOL-EN16931-R051: every amount is in the invoice currency, except the VAT total in accounting
 * currency. An amount in another currency would be paid in the wrong one. Fatal for a Peppol invoice, a
 * warning for others, as the other Peppol rules.
 */
function foreignCurrencyAmounts(
  root: XmlElement,
  currency: string | undefined,
  accountingCurrency: string | undefined,
  severity: InvoiceRuleSeverity,
): InvoiceRuleViolation[] {
  if (currency === undefined || currency === '') return [];
  const violations: InvoiceRuleViolation[] = [];
  for (const element of descendants(root)) {
    const amountCurrency = element.attributes.get('currencyID');
    if (amountCurrency === undefined || amountCurrency === currency) continue;
    const isAccountingVatTotal =
      amountCurrency === accountingCurrency &&
      element.name === 'TaxAmount' &&
      element.parent?.name === 'TaxTotal' &&
      element.parent.parent === root;
    if (!isAccountingVatTotal) {
      violations.push(
        syntaxViolation(
          'PEPPOL-EN16931-R051',
          `The amount ${element.text} is in ${amountCurrency}, not in the invoice currency ${currency}`,
          element,
          severity,
        ),
      );
    }
  }
  return violations;
}

/** Maps a UBL 2.1 Invoice or CreditNote to the canonical invoice. */
export function readUblInvoice(root: XmlElement): SyntaxReading {
  const creditNote = root.name === 'CreditNote';
  const currency = textAt(root, cbc('DocumentCurrencyCode'));
  const accountingCurrency = textAt(root, cbc('TaxCurrencyCode'));
  const totals = find(root, cac('LegalMonetaryTotal'));
  const documentAllowanceCharges = findAll(root, cac('AllowanceCharge'));
  const payee = find(root, cac('PayeeParty'));
  const paymentTermNotes = findAll(root, cac('PaymentTerms'), cbc('Note')).map((note) => note.text);
  const vat = vatTotals(root, currency, accountingCurrency);
  const dueDate = creditNote
    ? find(root, cac('PaymentMeans'), cbc('PaymentDueDate'))
    : find(root, cbc('DueDate'));

  const invoice: Invoice = {
    kind: creditNote ? 'credit_note' : 'invoice',
    specificationId: textAt(root, cbc('CustomizationID')),
    businessProcessId: textAt(root, cbc('ProfileID')),
    number: textAt(root, cbc('ID')),
    issueDate: xsDateOf(find(root, cbc('IssueDate'))),
    typeCode: textAt(root, cbc(creditNote ? 'CreditNoteTypeCode' : 'InvoiceTypeCode')),
    currency,
    vatAccountingCurrency: accountingCurrency,
    dueDate: xsDateOf(dueDate),
    buyerReference: textAt(root, cbc('BuyerReference')),
    purchaseOrderReference: textAt(root, cac('OrderReference'), cbc('ID')),
    salesOrderReference: textAt(root, cac('OrderReference'), cbc('SalesOrderID')),
    deliveryDate: xsDateOf(find(root, cac('Delivery'), cbc('ActualDeliveryDate'))),
    precedingInvoices: findAll(root, cac('BillingReference'), cac('InvoiceDocumentReference')).map(
      (reference) => ({
        number: textAt(reference, cbc('ID')),
        issueDate: xsDateOf(find(reference, cbc('IssueDate'))),
      }),
    ),
    seller: party(find(root, cac('AccountingSupplierParty'), cac('Party'))),
    buyer: party(find(root, cac('AccountingCustomerParty'), cac('Party'))),
    payee:
      payee === undefined
        ? undefined
        : {
            name: textAt(payee, cac('PartyName'), cbc('Name')),
            identifiers: findAll(payee, cac('PartyIdentification'), cbc('ID')).map(
              (identifier) => schemedIdentifier(identifier) as SchemedIdentifier,
            ),
            legalRegistration: schemedIdentifier(find(payee, cac('PartyLegalEntity'), cbc('CompanyID'))),
          },
    paymentTerms: paymentTermNotes.length === 0 ? undefined : paymentTermNotes.join('\n'),
    paymentMeans: findAll(root, cac('PaymentMeans')).map(paymentMeans),
    allowances: documentAllowanceCharges
      .filter((element) => !isCharge(element))
      .map((element) => allowanceCharge(element, true)),
    charges: documentAllowanceCharges.filter(isCharge).map((element) => allowanceCharge(element, true)),
    vatBreakdown: vat.subtotals.map(vatBreakdownRow),
    totals: {
      lineNetTotal: decimalOf(find(totals, cbc('LineExtensionAmount'))),
      allowanceTotal: decimalOf(find(totals, cbc('AllowanceTotalAmount'))),
      chargeTotal: decimalOf(find(totals, cbc('ChargeTotalAmount'))),
      taxExclusiveTotal: decimalOf(find(totals, cbc('TaxExclusiveAmount'))),
      vatTotal: vat.vatTotal,
      vatTotalInAccountingCurrency: vat.vatTotalInAccountingCurrency,
      taxInclusiveTotal: decimalOf(find(totals, cbc('TaxInclusiveAmount'))),
      prepaidAmount: decimalOf(find(totals, cbc('PrepaidAmount'))),
      roundingAmount: decimalOf(find(totals, cbc('PayableRoundingAmount'))),
      payableAmount: decimalOf(find(totals, cbc('PayableAmount'))),
    },
    lines: findAll(root, cac(creditNote ? 'CreditNoteLine' : 'InvoiceLine')).map((element) =>
      line(element, creditNote),
    ),
  };
  return {
    invoice,
    syntaxViolations: [
      ...vat.violations,
      ...foreignCurrencyAmounts(
        root,
        currency,
        accountingCurrency,
        isPeppolInvoice(invoice) ? 'fatal' : 'warning',
      ),
    ],
  };
}
