import { invoicePartyKeys, validateInvoice } from '@procura/domain';
import { describe, expect, it } from 'vitest';
import { defaultEInvoiceLimits } from '../limits.js';
import { ciiInvoiceXml } from '../testing/fixtures.js';
import { parseXmlText } from '../xml/safe-xml.js';
import { readCiiInvoice } from './cii-invoice.js';

const read = (xml: string) => readCiiInvoice(parseXmlText(xml, defaultEInvoiceLimits));

describe('readCiiInvoice', () => {
  const { invoice, syntaxViolations } = read(ciiInvoiceXml);

  it('reads the header, dates in format 102 as ISO dates', () => {
    expect(invoice).toMatchObject({
      kind: 'invoice',
      specificationId: 'urn:cen.eu:en16931:2017',
      number: 'F-2026-0042',
      typeCode: '380',
      issueDate: '2026-01-31',
      dueDate: '2026-03-02',
      deliveryDate: '2026-01-28',
      currency: 'EUR',
      buyerReference: 'SERVICE-ACHATS',
      purchaseOrderReference: 'PO-2026-000123',
      paymentTerms: '30 jours date de facture',
      precedingInvoices: [{ number: 'F-2026-0017', issueDate: '2026-01-10' }],
    });
  });

  it('reads the seller identifiers so that the supplier can be found by SIRET, SIREN or VAT number', () => {
    expect(invoice.seller).toMatchObject({
      name: 'Papeterie Martin SAS',
      identifiers: [{ id: '73282932000074', scheme: '0009' }],
      legalRegistration: { id: '732829320', scheme: '0002' },
      vatNumber: 'FR44732829320',
      electronicAddress: { value: '732829320', scheme: '0225' },
      postalAddress: { lines: ['12 rue des Écoles'], city: 'Lyon', postalCode: '69002', countryCode: 'FR' },
    });
    expect(invoicePartyKeys(invoice.seller)).toEqual({
      vatNumber: 'FR44732829320',
      siren: '732829320',
      siret: '73282932000074',
      electronicAddress: { value: '732829320', scheme: '0225' },
    });
  });

  it('reads the payee (a factor) and the account to pay, IBAN as written', () => {
    expect(invoice.payee).toEqual({
      name: 'Affacturage Crédit SA',
      identifiers: [],
      legalRegistration: { id: '552081317', scheme: '0002' },
    });
    expect(invoice.paymentMeans).toEqual([
      {
        typeCode: '58',
        remittanceInformation: 'F-2026-0042',
        creditTransfers: [
          { accountId: 'FR76 3000 6000 0112 3456 7890 189', accountName: undefined, bic: 'AGRIFRPP' },
        ],
      },
    ]);
  });

  it('keeps the buyer order of each line: one invoice covering two orders', () => {
    expect(invoice.lines.map((line) => [line.orderReference, line.orderLineId])).toEqual([
      ['PO-2026-000123', '10'],
      ['PO-2026-000123', '20'],
      ['PO-2026-000131', '1'],
      ['PO-2026-000131', '2'],
    ]);
  });

  it('reads lines, base quantity, line allowances, breakdown, document allowances and charges, totals', () => {
    expect(invoice.lines[1]).toMatchObject({
      quantity: '250',
      unitCode: 'H87',
      netPrice: '12.34',
      priceBaseQuantity: '100',
    });
    expect(invoice.lines[2]?.allowances).toMatchObject([{ amount: '10', reason: 'Remise' }]);
    expect(
      invoice.vatBreakdown.map((row) => [row.category, row.rate, row.taxableAmount, row.taxAmount]),
    ).toEqual([
      ['S', '20', '315.85', '63.17'],
      ['S', '5.5', '10', '0.55'],
    ]);
    expect(invoice.allowances).toMatchObject([{ amount: '5', vatCategory: 'S', vatRate: '20' }]);
    expect(invoice.charges).toMatchObject([{ amount: '15', reasonCode: 'DL' }]);
    expect(invoice.totals).toMatchObject({
      taxExclusiveTotal: '325.85',
      vatTotal: '63.72',
      payableAmount: '389.57',
    });
  });

  it('gives an invoice every EN 16931 rule holds for', () => {
    expect(syntaxViolations).toEqual([]);
    expect(validateInvoice(invoice).violations).toEqual([]);
  });

  it('classes TypeCode 381 as a credit note and self-billed 389 as an invoice', () => {
    const withType = (code: string) =>
      read(ciiInvoiceXml.replace('<ram:TypeCode>380</ram:TypeCode>', `<ram:TypeCode>${code}</ram:TypeCode>`))
        .invoice.kind;

    expect(withType('381')).toBe('credit_note');
    expect(withType('389')).toBe('invoice');
  });

  it('refuses a currencyID on an amount other than the VAT total (CII-DT-031), naming the element', () => {
    const xml = ciiInvoiceXml.replace('<ram:GrandTotalAmount>', '<ram:GrandTotalAmount currencyID="EUR">');

    expect(read(xml).syntaxViolations).toEqual([
      {
        ruleId: 'CII-DT-031',
        severity: 'fatal',
        message: 'The amount 389.57 carries currencyID="EUR": only the VAT totals may',
        field:
          '/rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement/ram:SpecifiedTradeSettlementHeaderMonetarySummation/ram:GrandTotalAmount',
      },
    ]);
  });

  it('reads the VAT total in the accounting currency and refuses two in the invoice currency (BR-CO-15)', () => {
    const inTwo = ciiInvoiceXml
      .replace(
        '<ram:InvoiceCurrencyCode>',
        '<ram:TaxCurrencyCode>GBP</ram:TaxCurrencyCode><ram:InvoiceCurrencyCode>',
      )
      .replace(
        '<ram:TaxTotalAmount currencyID="EUR">63.72</ram:TaxTotalAmount>',
        '<ram:TaxTotalAmount currencyID="EUR">63.72</ram:TaxTotalAmount><ram:TaxTotalAmount currencyID="GBP">54.71</ram:TaxTotalAmount>',
      );
    const twice = ciiInvoiceXml.replace(
      '<ram:TaxTotalAmount currencyID="EUR">63.72</ram:TaxTotalAmount>',
      '<ram:TaxTotalAmount currencyID="EUR">63.72</ram:TaxTotalAmount><ram:TaxTotalAmount>60.00</ram:TaxTotalAmount>',
    );

    expect(read(inTwo).invoice.totals).toMatchObject({
      vatTotal: '63.72',
      vatTotalInAccountingCurrency: '54.71',
    });
    expect(read(twice).syntaxViolations.map((violation) => violation.ruleId)).toEqual(['BR-CO-15']);
  });
});
