import { validateInvoice } from '@procura/domain';
import { describe, expect, it } from 'vitest';
import { defaultEInvoiceLimits } from '../limits.js';
import { ublCreditNoteXml, ublInvoiceXml } from '../testing/fixtures.js';
import { parseXmlText } from '../xml/safe-xml.js';
import { readUblInvoice } from './ubl-invoice.js';

const read = (xml: string) => readUblInvoice(parseXmlText(xml, defaultEInvoiceLimits));

describe('readUblInvoice', () => {
  const { invoice, syntaxViolations } = read(ublInvoiceXml);

  it('reads the header: number, dates, type, currency, references', () => {
    expect(invoice).toMatchObject({
      kind: 'invoice',
      specificationId: 'urn:cen.eu:en16931:2017',
      businessProcessId: 'A1',
      number: 'F-2026-0042',
      issueDate: '2026-01-31',
      dueDate: '2026-03-02',
      typeCode: '380',
      currency: 'EUR',
      buyerReference: 'SERVICE-ACHATS',
      purchaseOrderReference: 'PO-2026-000123',
      salesOrderReference: 'CDE-7781',
      deliveryDate: '2026-01-28',
      precedingInvoices: [{ number: 'F-2026-0017', issueDate: '2026-01-10' }],
      paymentTerms: '30 jours date de facture',
    });
  });

  it('reads the seller with its SIRET, SIREN, VAT number, electronic address and postal address', () => {
    expect(invoice.seller).toEqual({
      name: 'Papeterie Martin SAS',
      tradingName: 'Martin Bureau',
      identifiers: [{ id: '73282932000074', scheme: '0009' }],
      legalRegistration: { id: '732829320', scheme: '0002' },
      vatNumber: 'FR44732829320',
      taxRegistration: undefined,
      electronicAddress: { value: '732829320', scheme: '0225' },
      postalAddress: {
        lines: ['12 rue des Écoles'],
        city: 'Lyon',
        postalCode: '69002',
        countrySubdivision: undefined,
        countryCode: 'FR',
      },
      contact: { name: 'Claire Martin', telephone: undefined, email: 'factures@martin.example' },
    });
  });

  it('reads payment means with the IBAN and BIC to pay into', () => {
    expect(invoice.paymentMeans).toEqual([
      {
        typeCode: '58',
        remittanceInformation: 'F-2026-0042',
        creditTransfers: [
          { accountId: 'FR7630006000011234567890189', accountName: 'Papeterie Martin', bic: 'AGRIFRPP' },
        ],
      },
    ]);
  });

  it('keeps the order and order line of each line: one invoice over two orders', () => {
    expect(invoice.lines.map((line) => [line.id, line.orderReference, line.orderLineId])).toEqual([
      ['1', 'PO-2026-000123', '10'],
      ['2', 'PO-2026-000123', '20'],
      ['3', 'PO-2026-000131', '1'],
      ['4', 'PO-2026-000131', '2'],
    ]);
  });

  it('reads a line: quantity, unit, prices with base quantity and discount, allowance, VAT, item', () => {
    const [first, second, third] = invoice.lines;

    expect(first).toMatchObject({
      quantity: '10',
      unitCode: 'C62',
      netAmount: '125',
      netPrice: '12.5',
      grossPrice: '13',
      priceDiscount: '0.5',
      vatCategory: 'S',
      vatRate: '20',
      itemName: 'Ramette papier A4 80 g',
      sellerItemId: 'PAP-A4-80',
      standardItemId: { id: '3017620422003', scheme: '0160' },
    });
    expect(second).toMatchObject({ priceBaseQuantity: '100', priceBaseQuantityUnitCode: 'H87' });
    expect(third?.allowances).toEqual([
      { amount: '10', baseAmount: '160', percentage: '6.25', reason: 'Remise', reasonCode: undefined },
    ]);
    expect(third?.itemDescription).toBe('Installation <sur site>');
  });

  it('reads document level allowances and charges with their VAT, the breakdown and the totals', () => {
    expect(invoice.allowances).toMatchObject([
      { amount: '5', vatCategory: 'S', vatRate: '20', reason: 'Remise fidélité' },
    ]);
    expect(invoice.charges).toMatchObject([{ amount: '15', reasonCode: 'DL', reason: 'Livraison' }]);
    expect(invoice.vatBreakdown).toMatchObject([
      { category: 'S', rate: '20', taxableAmount: '315.85', taxAmount: '63.17' },
      { category: 'S', rate: '5.5', taxableAmount: '10', taxAmount: '0.55' },
    ]);
    expect(invoice.totals).toEqual({
      lineNetTotal: '315.85',
      allowanceTotal: '5',
      chargeTotal: '15',
      taxExclusiveTotal: '325.85',
      vatTotal: '63.72',
      vatTotalInAccountingCurrency: undefined,
      taxInclusiveTotal: '389.57',
      prepaidAmount: undefined,
      roundingAmount: undefined,
      payableAmount: '389.57',
    });
  });

  it('gives an invoice every EN 16931 rule holds for, with no syntax violation', () => {
    expect(syntaxViolations).toEqual([]);
    expect(validateInvoice(invoice).violations).toEqual([]);
  });

  it('reads a CreditNote whatever its prefix: kind, credited quantity, due date from the payment means', () => {
    const creditNote = read(ublCreditNoteXml).invoice;

    expect(creditNote).toMatchObject({
      kind: 'credit_note',
      typeCode: '381',
      dueDate: '2026-02-20',
      precedingInvoices: [{ number: 'F-2026-0042' }],
      totals: { payableAmount: '150' },
    });
    expect(creditNote.lines[0]).toMatchObject({ quantity: '10', unitCode: 'C62', netAmount: '125' });
    expect(validateInvoice(creditNote).violations).toEqual([]);
  });

  it('reads the VAT total in the accounting currency apart from the one in the invoice currency', () => {
    const xml = ublInvoiceXml
      .replace(
        '<cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>',
        '<cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode><cbc:TaxCurrencyCode>GBP</cbc:TaxCurrencyCode>',
      )
      .replace(
        '<cac:TaxTotal>',
        '<cac:TaxTotal><cbc:TaxAmount currencyID="GBP">54.71</cbc:TaxAmount></cac:TaxTotal><cac:TaxTotal>',
      );
    const { invoice: inTwoCurrencies, syntaxViolations: violations } = read(xml);

    expect(inTwoCurrencies.totals).toMatchObject({
      vatTotal: '63.72',
      vatTotalInAccountingCurrency: '54.71',
    });
    expect(violations).toEqual([]);
  });

  it('reports a VAT total given twice in the invoice currency under BR-CO-15', () => {
    const xml = ublInvoiceXml.replace(
      '<cac:TaxTotal>',
      '<cac:TaxTotal><cbc:TaxAmount currencyID="EUR">64.00</cbc:TaxAmount></cac:TaxTotal><cac:TaxTotal>',
    );

    expect(read(xml).syntaxViolations).toEqual([
      {
        ruleId: 'BR-CO-15',
        severity: 'fatal',
        message:
          'The invoice total VAT amount (BT-110) is given 2 times in EUR (64.00, 63.72): it must be given once',
        field: '/Invoice/cac:TaxTotal/cbc:TaxAmount',
      },
    ]);
  });

  it('flags an amount in another currency (PEPPOL-EN16931-R051), fatal on a Peppol invoice', () => {
    const xml = ublInvoiceXml.replace(
      '<cbc:Amount currencyID="EUR">15.00</cbc:Amount>',
      '<cbc:Amount currencyID="USD">15.00</cbc:Amount>',
    );
    const peppolXml = xml.replace(
      'urn:cen.eu:en16931:2017<',
      'urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0<',
    );

    expect(read(xml).syntaxViolations).toMatchObject([
      { ruleId: 'PEPPOL-EN16931-R051', severity: 'warning' },
    ]);
    expect(read(peppolXml).syntaxViolations).toMatchObject([
      { ruleId: 'PEPPOL-EN16931-R051', severity: 'fatal' },
    ]);
  });

  it('reads "0" and "1" as charge indicators the way xs:boolean does', () => {
    const xml = ublInvoiceXml
      .replace(
        '<cbc:ChargeIndicator>false</cbc:ChargeIndicator>\n    <cbc:AllowanceChargeReason>Remise fidélité',
        '<cbc:ChargeIndicator>0</cbc:ChargeIndicator>\n    <cbc:AllowanceChargeReason>Remise fidélité',
      )
      .replace(
        '<cbc:ChargeIndicator>true</cbc:ChargeIndicator>',
        '<cbc:ChargeIndicator>1</cbc:ChargeIndicator>',
      );
    const { invoice: read01 } = read(xml);

    expect([read01.allowances.length, read01.charges.length]).toEqual([1, 1]);
  });

  it('reads a fragment leniently: what is missing is undefined, for the rules to report', () => {
    const fragment = read(
      '<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"><cbc:BuyerReference/></Invoice>',
    ).invoice;

    expect(fragment).toMatchObject({ kind: 'invoice', number: undefined, buyerReference: '', lines: [] });
    expect(validateInvoice(fragment).violations.map((violation) => violation.ruleId)).toEqual(
      expect.arrayContaining(['BR-01', 'BR-02', 'BR-16']),
    );
  });
});
