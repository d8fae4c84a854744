import { type DecimalString, type Invoice, type InvoiceLine, toDecimalString } from '../invoice/index.js';

/** A decimal for test data: `d('12.50')`. */
export const d = (value: string): DecimalString => toDecimalString(value);

export function invoiceLine(overrides: Partial<InvoiceLine> = {}): InvoiceLine {
  return {
    id: '1',
    orderLineId: '10',
    quantity: d('10'),
    unitCode: 'C62',
    netAmount: d('125.00'),
    netPrice: d('12.50'),
    allowances: [],
    charges: [],
    vatCategory: 'S',
    vatRate: d('20'),
    itemName: 'Ramette papier A4 80 g',
    sellerItemId: 'PAP-A4-80',
    ...overrides,
  };
}

/**
 * A valid French supplier invoice (EN 16931): four lines, one priced per 100 and one with a line
 * allowance, a delivery charge and a document level discount, VAT at 20 % and 5.5 %.
 *
 * Lines 125.00 + 30.85 + 150.00 + 10.00 = 315.85; − 5.00 + 15.00 = 325.85 without VAT;
 * S 20 %: 315.85 → 63.17, S 5.5 %: 10.00 → 0.55; 389.57 with VAT, all due.
 */
export function sampleInvoice(): Invoice {
  return {
    kind: 'invoice',
    specificationId: 'urn:cen.eu:en16931:2017',
    number: 'F-2026-0042',
    issueDate: '2026-01-31',
    typeCode: '380',
    currency: 'EUR',
    dueDate: '2026-03-02',
    buyerReference: 'SERVICE-ACHATS',
    purchaseOrderReference: 'PO-2026-000123',
    precedingInvoices: [],
    seller: {
      name: 'Papeterie Martin SAS',
      identifiers: [{ id: '73282932000074', scheme: '0009' }],
      legalRegistration: { id: '732829320', scheme: '0002' },
      vatNumber: 'FR44732829320',
      electronicAddress: { value: '732829320', scheme: '0225' },
      postalAddress: { lines: ['12 rue des Écoles'], city: 'Lyon', postalCode: '69002', countryCode: 'FR' },
    },
    buyer: {
      name: 'Procura Démo SA',
      identifiers: [],
      vatNumber: 'FR83404833048',
      postalAddress: {
        lines: ['1 place de la Bourse'],
        city: 'Paris',
        postalCode: '75002',
        countryCode: 'FR',
      },
    },
    paymentTerms: '30 jours date de facture',
    paymentMeans: [
      {
        typeCode: '58',
        remittanceInformation: 'F-2026-0042',
        creditTransfers: [{ accountId: 'FR7630006000011234567890189', bic: 'AGRIFRPP' }],
      },
    ],
    allowances: [{ amount: d('5.00'), vatCategory: 'S', vatRate: d('20'), reason: 'Remise fidélité' }],
    charges: [
      { amount: d('15.00'), vatCategory: 'S', vatRate: d('20'), reason: 'Livraison', reasonCode: 'DL' },
    ],
    vatBreakdown: [
      { category: 'S', rate: d('20'), taxableAmount: d('315.85'), taxAmount: d('63.17') },
      { category: 'S', rate: d('5.5'), taxableAmount: d('10.00'), taxAmount: d('0.55') },
    ],
    totals: {
      lineNetTotal: d('315.85'),
      allowanceTotal: d('5.00'),
      chargeTotal: d('15.00'),
      taxExclusiveTotal: d('325.85'),
      vatTotal: d('63.72'),
      taxInclusiveTotal: d('389.57'),
      payableAmount: d('389.57'),
    },
    lines: [
      invoiceLine(),
      invoiceLine({
        id: '2',
        orderLineId: '20',
        quantity: d('250'),
        unitCode: 'H87',
        netAmount: d('30.85'),
        netPrice: d('12.34'),
        priceBaseQuantity: d('100'),
        itemName: 'Enveloppes C5',
        sellerItemId: 'ENV-C5',
      }),
      invoiceLine({
        id: '3',
        orderLineId: '30',
        quantity: d('2'),
        unitCode: 'HUR',
        netAmount: d('150.00'),
        netPrice: d('80.00'),
        allowances: [
          { amount: d('10.00'), baseAmount: d('160.00'), percentage: d('6.25'), reason: 'Remise' },
        ],
        itemName: 'Installation',
        sellerItemId: 'SRV-INST',
      }),
      invoiceLine({
        id: '4',
        orderLineId: '40',
        quantity: d('4'),
        netAmount: d('10.00'),
        netPrice: d('2.50'),
        vatRate: d('5.5'),
        itemName: 'Café en grains 250 g',
        sellerItemId: 'CAF-250',
      }),
    ],
  };
}
