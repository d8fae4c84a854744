// UN/CEFACT Cross Industry Invoice D16B (EN 16931 CII binding, and the Factur-X / ZUGFeRD profiles from
// MINIMUM to EXTENDED, XRechnung CII) to the canonical invoice.
import {
  documentKindOfTypeCode,
  type Invoice,
  type InvoiceAllowanceCharge,
  type InvoiceLine,
  type InvoiceParty,
  type InvoicePayee,
  type InvoicePaymentMeans,
  type InvoiceRuleViolation,
  type SchemedIdentifier,
} from '@procura/domain';
import type { SyntaxReading } from '../ubl/ubl-invoice.js';
import { descendants, find, findAll, textAt, type XmlElement, type XmlStep } from '../xml/xml-element.js';
import { cefactDateOf, decimalOf, syntaxViolation } from '../xml/xml-values.js';

export const ciiNamespaces = {
  rsm: 'urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100',
  ram: 'urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100',
  udt: 'urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100',
} as const;

/** ZUGFeRD 1.0 (2014): CrossIndustryDocument, an older syntax than D16B CII. */
export const zugferd1Namespace = 'urn:ferd:CrossIndustryDocument:invoice:1p0';

const rsm = (name: string): XmlStep => [ciiNamespaces.rsm, name];
const ram = (name: string): XmlStep => [ciiNamespaces.ram, name];
const udt = (name: string): XmlStep => [ciiNamespaces.udt, name];

export function isCiiInvoice(root: XmlElement): boolean {
  return root.namespace === ciiNamespaces.rsm && root.name === 'CrossIndustryInvoice';
}

function schemedIdentifier(element: XmlElement | undefined): SchemedIdentifier | undefined {
  if (element === undefined) return undefined;
  const scheme = element.attributes.get('schemeID');
  return scheme === undefined ? { id: element.text } : { id: element.text, scheme };
}

const dateAt = (from: XmlElement | undefined, ...steps: XmlStep[]) =>
  cefactDateOf(find(from, ...steps, udt('DateTimeString')));

/** ID (BT-29 without scheme) and GlobalID (BT-29 with scheme) of a trade party. */
function partyIdentifiers(element: XmlElement | undefined): SchemedIdentifier[] {
  return [...findAll(element, ram('ID')), ...findAll(element, ram('GlobalID'))].map(
    (identifier) => schemedIdentifier(identifier) as SchemedIdentifier,
  );
}

function party(element: XmlElement | undefined): InvoiceParty {
  const legalOrganization = find(element, ram('SpecifiedLegalOrganization'));
  const address = find(element, ram('PostalTradeAddress'));
  const electronicAddress = find(element, ram('URIUniversalCommunication'), ram('URIID'));
  const taxRegistrations = findAll(element, ram('SpecifiedTaxRegistration'), ram('ID'));
  const contact = find(element, ram('DefinedTradeContact'));
  return {
    name: textAt(element, ram('Name')),
    tradingName: textAt(legalOrganization, ram('TradingBusinessName')),
    identifiers: partyIdentifiers(element),
    legalRegistration: schemedIdentifier(find(legalOrganization, ram('ID'))),
    vatNumber: taxRegistrations.find((registration) => registration.attributes.get('schemeID') === 'VA')
      ?.text,
    taxRegistration: taxRegistrations.find((registration) => registration.attributes.get('schemeID') === 'FC')
      ?.text,
    electronicAddress:
      electronicAddress === undefined
        ? undefined
        : { value: electronicAddress.text, scheme: electronicAddress.attributes.get('schemeID') },
    postalAddress:
      address === undefined
        ? undefined
        : {
            lines: [ram('LineOne'), ram('LineTwo'), ram('LineThree')]
              .map((step) => textAt(address, step))
              .filter((line): line is string => line !== undefined && line !== ''),
            city: textAt(address, ram('CityName')),
            postalCode: textAt(address, ram('PostcodeCode')),
            countrySubdivision: textAt(address, ram('CountrySubDivisionName')),
            countryCode: textAt(address, ram('CountryID')),
          },
    contact:
      contact === undefined
        ? undefined
        : {
            name: textAt(contact, ram('PersonName')),
            telephone: textAt(contact, ram('TelephoneUniversalCommunication'), ram('CompleteNumber')),
            email: textAt(contact, ram('EmailURIUniversalCommunication'), ram('URIID')),
          },
  };
}

function payee(element: XmlElement | undefined): InvoicePayee | undefined {
  if (element === undefined) return undefined;
  return {
    name: textAt(element, ram('Name')),
    identifiers: partyIdentifiers(element),
    legalRegistration: schemedIdentifier(find(element, ram('SpecifiedLegalOrganization'), ram('ID'))),
  };
}

/** udt:Indicator is an xs:boolean: "true" or "1" is a charge, "false" or "0" an allowance. */
const isCharge = (element: XmlElement) =>
  ['true', '1'].includes(textAt(element, ram('ChargeIndicator'), udt('Indicator')) ?? '');

function allowanceCharge(element: XmlElement, withVat: boolean): InvoiceAllowanceCharge {
  const tax = find(element, ram('CategoryTradeTax'));
  return {
    amount: decimalOf(find(element, ram('ActualAmount'))),
    baseAmount: decimalOf(find(element, ram('BasisAmount'))),
    percentage: decimalOf(find(element, ram('CalculationPercent'))),
    ...(withVat
      ? {
          vatCategory: textAt(tax, ram('CategoryCode')),
          vatRate: decimalOf(find(tax, ram('RateApplicablePercent'))),
        }
      : {}),
    reason: textAt(element, ram('Reason')),
    reasonCode: textAt(element, ram('ReasonCode')),
  };
}

function line(element: XmlElement): InvoiceLine {
  const product = find(element, ram('SpecifiedTradeProduct'));
  const agreement = find(element, ram('SpecifiedLineTradeAgreement'));
  const order = find(agreement, ram('BuyerOrderReferencedDocument'));
  const grossPrice = find(agreement, ram('GrossPriceProductTradePrice'));
  const netPrice = find(agreement, ram('NetPriceProductTradePrice'));
  const baseQuantity = find(netPrice, ram('BasisQuantity'));
  const quantity = find(element, ram('SpecifiedLineTradeDelivery'), ram('BilledQuantity'));
  const settlement = find(element, ram('SpecifiedLineTradeSettlement'));
  const tax = find(settlement, ram('ApplicableTradeTax'));
  const allowanceCharges = findAll(settlement, ram('SpecifiedTradeAllowanceCharge'));
  return {
    id: textAt(element, ram('AssociatedDocumentLineDocument'), ram('LineID')),
    orderReference: textAt(order, ram('IssuerAssignedID')),
    orderLineId: textAt(order, ram('LineID')),
    quantity: decimalOf(quantity),
    unitCode: quantity?.attributes.get('unitCode'),
    netAmount: decimalOf(
      find(settlement, ram('SpecifiedTradeSettlementLineMonetarySummation'), ram('LineTotalAmount')),
    ),
    netPrice: decimalOf(find(netPrice, ram('ChargeAmount'))),
    priceDiscount: decimalOf(find(grossPrice, ram('AppliedTradeAllowanceCharge'), ram('ActualAmount'))),
    grossPrice: decimalOf(find(grossPrice, ram('ChargeAmount'))),
    priceBaseQuantity: decimalOf(baseQuantity),
    priceBaseQuantityUnitCode: baseQuantity?.attributes.get('unitCode'),
    allowances: allowanceCharges
      .filter((candidate) => !isCharge(candidate))
      .map((found) => allowanceCharge(found, false)),
    charges: allowanceCharges.filter(isCharge).map((found) => allowanceCharge(found, false)),
    vatCategory: textAt(tax, ram('CategoryCode')),
    vatRate: decimalOf(find(tax, ram('RateApplicablePercent'))),
    itemName: textAt(product, ram('Name')),
    itemDescription: textAt(product, ram('Description')),
    sellerItemId: textAt(product, ram('SellerAssignedID')),
    buyerItemId: textAt(product, ram('BuyerAssignedID')),
    standardItemId: schemedIdentifier(find(product, ram('GlobalID'))),
  };
}

function paymentMeans(element: XmlElement): InvoicePaymentMeans {
  const accounts = findAll(element, ram('PayeePartyCreditorFinancialAccount'));
  const bic = textAt(element, ram('PayeeSpecifiedCreditorFinancialInstitution'), ram('BICID'));
  return {
    typeCode: textAt(element, ram('TypeCode')),
    creditTransfers: accounts.map((account) => ({
      accountId: textAt(account, ram('IBANID')) ?? textAt(account, ram('ProprietaryID')),
      accountName: textAt(account, ram('AccountName')),
      bic,
    })),
  };
}

/**
 * The TaxTotalAmount in the invoice currency (BT-110) and in the VAT accounting currency (BT-111); one
 * without currencyID counts as the invoice currency. BR-CO-15 requires exactly one in the invoice currency.
 */
function vatTotals(
  summation: XmlElement | undefined,
  currency: string | undefined,
  accountingCurrency: string | undefined,
) {
  const amounts = findAll(summation, ram('TaxTotalAmount'));
  const amountsIn = (wanted: string | undefined) =>
    amounts.filter((amount) => {
      const amountCurrency = amount.attributes.get('currencyID');
      return amountCurrency === wanted || (amountCurrency === undefined && wanted === currency);
    });
  const inCurrency = amountsIn(currency);
  const violations: InvoiceRuleViolation[] = [];
  const second = inCurrency[1];
  if (second !== undefined) {
    violations.push(
      syntaxViolation(
        'BR-CO-15',
        `The invoice total VAT amount (BT-110) is given ${inCurrency.length} times in ${currency} (${inCurrency.map((amount) => amount.text).join(', ')}): it must be given once`,
        second,
      ),
    );
  }
  const inAccountingCurrency =
    accountingCurrency === undefined || accountingCurrency === currency ? [] : amountsIn(accountingCurrency);
  return {
    vatTotal: decimalOf(inCurrency[0]),
    vatTotalInAccountingCurrency: decimalOf(inAccountingCurrency[0]),
    violations,
  };
}

/**
 * CII-DT-031: in the EN 16931 CII binding only TaxTotalAmount carries a currencyID; every other amount is
 * in the invoice currency, and a currencyID on it is refused.
 */
function currencyOnAmounts(root: XmlElement): InvoiceRuleViolation[] {
  const violations: InvoiceRuleViolation[] = [];
  for (const element of descendants(root)) {
    if (
      element.namespace === ciiNamespaces.ram &&
      element.name.endsWith('Amount') &&
      element.name !== 'TaxTotalAmount' &&
      element.attributes.has('currencyID')
    ) {
      violations.push(
        syntaxViolation(
          'CII-DT-031',
          `The amount ${element.text} carries currencyID="${element.attributes.get('currencyID')}": only the VAT totals may`,
          element,
        ),
      );
    }
  }
  return violations;
}

/** Maps a UN/CEFACT CrossIndustryInvoice (D16B) to the canonical invoice. */
export function readCiiInvoice(root: XmlElement): SyntaxReading {
  const context = find(root, rsm('ExchangedDocumentContext'));
  const document = find(root, rsm('ExchangedDocument'));
  const transaction = find(root, rsm('SupplyChainTradeTransaction'));
  const agreement = find(transaction, ram('ApplicableHeaderTradeAgreement'));
  const delivery = find(transaction, ram('ApplicableHeaderTradeDelivery'));
  const settlement = find(transaction, ram('ApplicableHeaderTradeSettlement'));
  const summation = find(settlement, ram('SpecifiedTradeSettlementHeaderMonetarySummation'));
  const typeCode = textAt(document, ram('TypeCode'));
  const currency = textAt(settlement, ram('InvoiceCurrencyCode'));
  const accountingCurrency = textAt(settlement, ram('TaxCurrencyCode'));
  const vat = vatTotals(summation, currency, accountingCurrency);
  const terms = findAll(settlement, ram('SpecifiedTradePaymentTerms'));
  const termTexts = terms.flatMap((term) =>
    findAll(term, ram('Description')).map((description) => description.text),
  );
  const documentAllowanceCharges = findAll(settlement, ram('SpecifiedTradeAllowanceCharge'));
  const remittance = textAt(settlement, ram('PaymentReference'));

  const invoice: Invoice = {
    kind: documentKindOfTypeCode(typeCode),
    specificationId: textAt(context, ram('GuidelineSpecifiedDocumentContextParameter'), ram('ID')),
    businessProcessId: textAt(context, ram('BusinessProcessSpecifiedDocumentContextParameter'), ram('ID')),
    number: textAt(document, ram('ID')),
    issueDate: dateAt(document, ram('IssueDateTime')),
    typeCode,
    currency,
    vatAccountingCurrency: accountingCurrency,
    dueDate: terms.map((term) => dateAt(term, ram('DueDateDateTime'))).find((date) => date !== undefined),
    buyerReference: textAt(agreement, ram('BuyerReference')),
    purchaseOrderReference: textAt(agreement, ram('BuyerOrderReferencedDocument'), ram('IssuerAssignedID')),
    salesOrderReference: textAt(agreement, ram('SellerOrderReferencedDocument'), ram('IssuerAssignedID')),
    deliveryDate: dateAt(delivery, ram('ActualDeliverySupplyChainEvent'), ram('OccurrenceDateTime')),
    precedingInvoices: findAll(settlement, ram('InvoiceReferencedDocument')).map((reference) => ({
      number: textAt(reference, ram('IssuerAssignedID')),
      issueDate: cefactDateOf(
        find(reference, ram('FormattedIssueDateTime'), [
          'urn:un:unece:uncefact:data:standard:QualifiedDataType:100',
          'DateTimeString',
        ]),
      ),
    })),
    seller: party(find(agreement, ram('SellerTradeParty'))),
    buyer: party(find(agreement, ram('BuyerTradeParty'))),
    payee: payee(find(settlement, ram('PayeeTradeParty'))),
    paymentTerms: termTexts.length === 0 ? undefined : termTexts.join('\n'),
    paymentMeans: findAll(settlement, ram('SpecifiedTradeSettlementPaymentMeans')).map((element) => ({
      ...paymentMeans(element),
      ...(remittance === undefined ? {} : { remittanceInformation: remittance }),
    })),
    allowances: documentAllowanceCharges
      .filter((element) => !isCharge(element))
      .map((element) => allowanceCharge(element, true)),
    charges: documentAllowanceCharges.filter(isCharge).map((element) => allowanceCharge(element, true)),
    vatBreakdown: findAll(settlement, ram('ApplicableTradeTax')).map((tax) => ({
      category: textAt(tax, ram('CategoryCode')),
      rate: decimalOf(find(tax, ram('RateApplicablePercent'))),
      taxableAmount: decimalOf(find(tax, ram('BasisAmount'))),
      taxAmount: decimalOf(find(tax, ram('CalculatedAmount'))),
      exemptionReason: textAt(tax, ram('ExemptionReason')),
      exemptionReasonCode: textAt(tax, ram('ExemptionReasonCode')),
    })),
    totals: {
      lineNetTotal: decimalOf(find(summation, ram('LineTotalAmount'))),
      allowanceTotal: decimalOf(find(summation, ram('AllowanceTotalAmount'))),
      chargeTotal: decimalOf(find(summation, ram('ChargeTotalAmount'))),
      taxExclusiveTotal: decimalOf(find(summation, ram('TaxBasisTotalAmount'))),
      vatTotal: vat.vatTotal,
      vatTotalInAccountingCurrency: vat.vatTotalInAccountingCurrency,
      taxInclusiveTotal: decimalOf(find(summation, ram('GrandTotalAmount'))),
      prepaidAmount: decimalOf(find(summation, ram('TotalPrepaidAmount'))),
      roundingAmount: decimalOf(find(summation, ram('RoundingAmount'))),
      payableAmount: decimalOf(find(summation, ram('DuePayableAmount'))),
    },
    lines: findAll(transaction, ram('IncludedSupplyChainTradeLineItem')).map(line),
  };
  return { invoice, syntaxViolations: [...vat.violations, ...currencyOnAmounts(root)] };
}
