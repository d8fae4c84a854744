import { money, type PurchaseOrderInput, type PurchaseOrderLineInput } from '@procura/domain';

const catalogue: readonly Omit<PurchaseOrderLineInput, 'quantity'>[] = [
  {
    reference: 'PAP-A4-80',
    description: 'Ramette papier A4 80 g, 500 feuilles, blanc',
    unit: 'RM',
    unitPrice: '4.90',
    vatCategory: 'S',
    vatRate: '20',
    category: '14111507',
  },
  {
    reference: 'STY-BIL-BL',
    description: 'Stylo bille rétractable, pointe moyenne, encre bleue',
    unit: 'XBX',
    unitPrice: '6.45',
    vatCategory: 'S',
    vatRate: '20',
    category: '44121704',
  },
  {
    reference: 'CLA-A4-80',
    description: 'Classeur à levier A4, dos 80 mm, carton recouvert polypropylène',
    unit: 'H87',
    unitPrice: '2.79',
    vatCategory: 'S',
    vatRate: '20',
    category: '44122003',
  },
  {
    reference: 'TON-HP-59A',
    description: 'Toner noir compatible HP 59A, 3 000 pages',
    unit: 'H87',
    unitPrice: '89.00',
    vatCategory: 'S',
    vatRate: '20',
    category: '44103103',
  },
  {
    reference: 'LAP-14-PRO',
    description: 'Ordinateur portable 14 pouces, 16 Go de mémoire, SSD 512 Go, garantie 3 ans sur site',
    unit: 'H87',
    unitPrice: '1129.00',
    vatCategory: 'S',
    vatRate: '20',
    category: '43211503',
  },
  {
    reference: 'ECR-27-QHD',
    description: 'Écran 27 pouces QHD, pied réglable en hauteur',
    unit: 'H87',
    unitPrice: '249.90',
    vatCategory: 'S',
    vatRate: '20',
    category: '43211902',
  },
  {
    reference: 'CAS-USB-DUO',
    description: 'Micro-casque USB binaural, réduction de bruit',
    unit: 'H87',
    unitPrice: '54.30',
    vatCategory: 'S',
    vatRate: '20',
    category: '43191609',
  },
  {
    reference: 'POST-IT-76',
    description: 'Notes repositionnables 76 × 76 mm, jaune, lot de 12 blocs',
    unit: 'XPK',
    unitPrice: '11.35',
    vatCategory: 'S',
    vatRate: '20',
    category: '14111530',
  },
  {
    reference: 'LIV-GUIDE',
    description: 'Guide pratique de la commande publique, édition 2026',
    unit: 'H87',
    unitPrice: '38.00',
    vatCategory: 'S',
    vatRate: '5.5',
    category: '55101509',
  },
  {
    reference: 'INST-POSTE',
    description: "Installation et configuration d'un poste de travail sur site, accès au domaine",
    unit: 'HUR',
    unitPrice: '75.00',
    vatCategory: 'S',
    vatRate: '20',
    category: '81111812',
    flags: ['on_site_work', 'system_access'],
  },
];

const quantities = ['25', '10', '40', '6', '4', '4', '8', '5', '2', '12.5'];

/**
 * An order of Altiva SAS with `lineCount` lines of office supplies, IT and on-site IT work (so the
 * standard rules add the confidentiality and security annexes), to a French supplier or, with
 * `language: 'en'`, to an English one.
 */
export function samplePurchaseOrder(lineCount = 20, language: 'fr' | 'en' = 'fr'): PurchaseOrderInput {
  const lines = Array.from({ length: lineCount }, (_, index): PurchaseOrderLineInput => {
    const item = catalogue[index % catalogue.length] as (typeof catalogue)[number];
    return {
      ...item,
      reference: `${item.reference}-${String(index + 1).padStart(2, '0')}`,
      quantity: quantities[index % quantities.length] ?? '1',
    };
  });
  const supplier =
    language === 'fr'
      ? {
          name: 'Lemaire Bureau Distribution',
          language,
          address: { line1: '8 quai de la Fosse', postalCode: '44000', city: 'Nantes', country: 'FR' },
          vatNumber: 'FR83404833048',
          supplierNumber: 'F-00042',
        }
      : {
          name: 'Northwind Office Supplies Ltd',
          language,
          address: { line1: '221 Deansgate', postalCode: 'M3 4EN', city: 'Manchester', country: 'GB' },
          vatNumber: 'GB980780684',
          supplierNumber: 'F-00117',
        };
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
    buyerContact: {
      name: 'Sophie Garnier',
      email: 'sophie.garnier@altiva.example',
      phone: '+33 1 44 55 66 77',
    },
    supplier,
    deliveryAddress: {
      name: 'Altiva SAS — Site de Nantes, quai 2',
      address: { line1: '3 boulevard Léon Bureau', postalCode: '44200', city: 'Nantes', country: 'FR' },
    },
    invoicingAddress: {
      name: 'Altiva SAS — Comptabilité fournisseurs',
      address: {
        line1: '12 rue de la Paix',
        line2: 'CS 40021',
        postalCode: '75002',
        city: 'Paris',
        country: 'FR',
      },
    },
    deliveryDate: '2026-12-04',
    paymentTerms: { basis: 'end_of_month', days: 45 },
    invoicing: { eInvoicingAddress: '0009:73282932000074', platform: 'Procura PDP' },
    lines,
  };
}
