import { money } from '../money/index.js';
import type { PurchaseOrderInput, PurchaseOrderLineInput, TermsVersion } from '../purchase-order/index.js';

/** A version of a terms document, with short texts. */
export function termsVersion(code: string, version: number, effectiveOn: string): TermsVersion {
  return {
    code,
    version,
    effectiveOn,
    title: { fr: `${code} version ${version}`, en: `${code} version ${version}` },
    text: { fr: `Texte de ${code} v${version}.`, en: `Text of ${code} v${version}.` },
  };
}

export function orderLine(overrides: Partial<PurchaseOrderLineInput> = {}): PurchaseOrderLineInput {
  return {
    reference: 'PAP-A4-80',
    description: 'Ramette papier A4 80 g, 500 feuilles',
    quantity: '10',
    unit: 'RM',
    unitPrice: '4.90',
    vatCategory: 'S',
    vatRate: '20',
    category: '14111507',
    ...overrides,
  };
}

/** An order of Altiva SAS to a French office supplier; each field can be replaced. */
export function orderInput(overrides: Partial<PurchaseOrderInput> = {}): PurchaseOrderInput {
  return {
    number: 'PO-2026-000123',
    revision: 1,
    issuedAt: new Date('2026-11-23T09:30:00Z'),
    currency: 'EUR',
    buyer: {
      name: 'Altiva SAS',
      legalForm: 'SAS',
      address: { line1: '12 rue de la Paix', postalCode: '75002', city: 'Paris', country: 'FR' },
      shareCapital: money('1500000', 'EUR'),
      rcsCity: 'Paris',
      siren: '732829320',
      siret: '73282932000074',
      vatNumber: 'FR44732829320',
    },
    buyerContact: { name: 'Sophie Garnier', email: 'sophie.garnier@altiva.example' },
    supplier: {
      name: 'Lemaire Bureau Distribution',
      language: 'fr',
      address: { line1: '8 quai de la Fosse', postalCode: '44000', city: 'Nantes', country: 'FR' },
    },
    deliveryAddress: {
      name: 'Altiva SAS — Siège',
      address: { line1: '12 rue de la Paix', postalCode: '75002', city: 'Paris', country: 'FR' },
    },
    invoicingAddress: {
      name: 'Altiva SAS — Comptabilité fournisseurs',
      address: { line1: '12 rue de la Paix', postalCode: '75002', city: 'Paris', country: 'FR' },
    },
    deliveryDate: '2026-12-04',
    paymentTerms: { basis: 'end_of_month', days: 45 },
    invoicing: { eInvoicingAddress: '0009:73282932000074' },
    lines: [orderLine()],
    ...overrides,
  };
}
