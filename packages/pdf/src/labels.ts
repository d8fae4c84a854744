import type { DocumentLanguage } from '@procura/domain';

/** Every text the purchase order prints besides its data, in each document language. */
export interface PurchaseOrderLabels {
  readonly title: string;
  /** "Label : value" in French, "Label: value" in English. */
  readonly field: (label: string, value: string) => string;
  readonly number: string;
  readonly revision: (revision: number) => string;
  readonly issueDate: string;
  readonly buyerContact: string;
  readonly supplier: string;
  readonly supplierNumber: string;
  readonly vatNumber: string;
  readonly deliveryAddress: string;
  readonly invoicingAddress: string;
  readonly deliveryDate: string;
  readonly paymentTerms: string;
  readonly currency: string;
  readonly continued: string;
  readonly columns: {
    readonly position: string;
    readonly reference: string;
    readonly description: string;
    readonly quantity: string;
    readonly unit: string;
    readonly unitPrice: string;
    readonly vatRate: string;
    readonly netAmount: string;
  };
  readonly pricePer: (baseQuantity: string) => string;
  readonly vatBreakdown: { readonly rate: string; readonly taxable: string; readonly vat: string };
  readonly totalNet: string;
  readonly totalVat: string;
  readonly totalGross: string;
  readonly invoicingTitle: string;
  readonly quoteOrderNumber: (number: string) => string;
  readonly sendEInvoices: (address: string, platform: string | null) => string;
  readonly termsOverleaf: string;
  readonly page: (page: number, pages: number) => string;
  readonly version: (version: number, effectiveOn: string) => string;
  readonly backOfPage: (number: string, page: number, pages: number) => string;
  readonly annex: (position: number) => string;
  readonly shareCapital: (legalForm: string | null, capital: string) => string;
  readonly rcs: (city: string, siren: string) => string;
  readonly siret: string;
  readonly countries: Readonly<Record<string, string>>;
}

const fr: PurchaseOrderLabels = {
  title: 'BON DE COMMANDE',
  field: (label, value) => `${label}\u00a0: ${value}`,
  number: 'N°',
  revision: (revision) => `Révision ${revision}`,
  issueDate: 'Date',
  buyerContact: 'Acheteur',
  supplier: 'Fournisseur',
  supplierNumber: 'N° fournisseur',
  vatNumber: 'TVA',
  deliveryAddress: 'Adresse de livraison',
  invoicingAddress: 'Adresse de facturation',
  deliveryDate: 'Date de livraison',
  paymentTerms: 'Conditions de paiement',
  currency: 'Devise',
  continued: 'suite',
  columns: {
    position: 'N°',
    reference: 'Référence',
    description: 'Désignation',
    quantity: 'Qté',
    unit: 'Unité',
    unitPrice: 'PU HT',
    vatRate: 'TVA',
    netAmount: 'Montant HT',
  },
  pricePer: (baseQuantity) => `pour ${baseQuantity}`,
  vatBreakdown: { rate: 'Taux de TVA', taxable: 'Base HT', vat: 'Montant TVA' },
  totalNet: 'Total HT',
  totalVat: 'Total TVA',
  totalGross: 'Total TTC',
  invoicingTitle: 'Facturation',
  quoteOrderNumber: (number) => `Indiquez impérativement le numéro de commande ${number} sur votre facture.`,
  sendEInvoices: (address, platform) =>
    `Adressez vos factures électroniques (Factur-X, UBL ou CII) à l'adresse de facturation électronique ${address}${platform ? ` (plateforme ${platform})` : ''}.`,
  termsOverleaf: "Conditions générales d'achat au verso",
  page: (page, pages) => `Page ${page} sur ${pages}`,
  version: (version, effectiveOn) => `version ${version} du ${effectiveOn}`,
  backOfPage: (number, page, pages) => `Bon de commande ${number} — verso de la page ${page} sur ${pages}`,
  annex: (position) => `Annexe ${position}`,
  shareCapital: (legalForm, capital) => `${legalForm ?? 'Société'} au capital de ${capital}`,
  rcs: (city, siren) => `RCS ${city} ${siren}`,
  siret: 'SIRET',
  countries: {
    FR: 'France',
    GB: 'Royaume-Uni',
    DE: 'Allemagne',
    BE: 'Belgique',
    ES: 'Espagne',
    IT: 'Italie',
  },
};

const en: PurchaseOrderLabels = {
  title: 'PURCHASE ORDER',
  field: (label, value) => `${label}: ${value}`,
  number: 'No.',
  revision: (revision) => `Revision ${revision}`,
  issueDate: 'Date',
  buyerContact: 'Buyer',
  supplier: 'Supplier',
  supplierNumber: 'Supplier no.',
  vatNumber: 'VAT',
  deliveryAddress: 'Delivery address',
  invoicingAddress: 'Invoicing address',
  deliveryDate: 'Delivery date',
  paymentTerms: 'Payment terms',
  currency: 'Currency',
  continued: 'continued',
  columns: {
    position: 'No.',
    reference: 'Reference',
    description: 'Description',
    quantity: 'Qty',
    unit: 'Unit',
    unitPrice: 'Unit price',
    vatRate: 'VAT',
    netAmount: 'Net amount',
  },
  pricePer: (baseQuantity) => `per ${baseQuantity}`,
  vatBreakdown: { rate: 'VAT rate', taxable: 'Taxable amount', vat: 'VAT amount' },
  totalNet: 'Total net',
  totalVat: 'Total VAT',
  totalGross: 'Total including VAT',
  invoicingTitle: 'Invoicing',
  quoteOrderNumber: (number) => `Quote the purchase order number ${number} on your invoice.`,
  sendEInvoices: (address, platform) =>
    `Send your electronic invoices (Factur-X, UBL or CII) to the electronic invoicing address ${address}${platform ? ` (platform ${platform})` : ''}.`,
  termsOverleaf: 'General purchasing terms overleaf',
  page: (page, pages) => `Page ${page} of ${pages}`,
  version: (version, effectiveOn) => `version ${version} of ${effectiveOn}`,
  backOfPage: (number, page, pages) => `Purchase order ${number} — back of page ${page} of ${pages}`,
  annex: (position) => `Annex ${position}`,
  shareCapital: (legalForm, capital) => `${legalForm ?? 'Company'} with a share capital of ${capital}`,
  rcs: (city, siren) => `RCS ${city} ${siren}`,
  siret: 'SIRET',
  countries: { FR: 'France', GB: 'United Kingdom', DE: 'Germany', BE: 'Belgium', ES: 'Spain', IT: 'Italy' },
};

export const purchaseOrderLabels: Readonly<Record<DocumentLanguage, PurchaseOrderLabels>> = { fr, en };
