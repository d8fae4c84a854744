import { demoCatalogItems } from './catalog-items.js';
import { demoPriceListOf } from './price-lists.js';
import { demoSupplierIds } from './suppliers.js';
import type { DemoCatalogItem } from './types.js';

// A supplier's catalog file to try the import page with: Lemaire's 2027 price update for its
// framework contract, as French Excel saves it (";" separated, decimal commas). Against the demo
// catalog it previews three price changes, two new items and one removed item, the rest unchanged.
// The same text is kept in samples/catalogue-lemaire-2027.csv (a test keeps them equal).

const columns = [
  'supplier_sku',
  'name_fr',
  'name_en',
  'description_fr',
  'description_en',
  'category',
  'unit',
  'unit_price',
  'currency',
  'vat_rate',
  'min_order_quantity',
  'lead_time_days',
  'preferred',
  'tier1_quantity',
  'tier1_price',
  'tier2_quantity',
  'tier2_price',
] as const;

const toCents = (price: string) => {
  const [units = '0', fraction = ''] = price.split('.');
  return Number(units) * 100 + Number(fraction.padEnd(2, '0').slice(0, 2));
};
const frenchPrice = (cents: number) => `${Math.floor(cents / 100)},${String(cents % 100).padStart(2, '0')}`;
const percentOff = (cents: number, percent: number) => Math.round((cents * (100 - percent)) / 100);

function csvCell(value: string): string {
  return /[;"\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** Percentage change of the first three items' prices in the sample file. */
const priceChanges = [5, -10, 2.5];

function sampleRow(item: DemoCatalogItem, cents: number, price = frenchPrice(cents)): string[] {
  const tier1 = percentOff(cents, 5);
  const tier2 = percentOff(cents, 10);
  const tiered = item.minOrderQuantity >= 5 && tier2 < tier1 && tier1 < cents;
  return [
    item.supplierSku,
    item.nameFr,
    item.nameEn,
    item.descriptionFr,
    item.descriptionEn,
    item.categoryCode,
    item.unitCode,
    price,
    item.currency,
    item.vatRate.replace(/\.?0+$/, '').replace('.', ','),
    String(item.minOrderQuantity),
    String(item.leadTimeDays),
    'non',
    tiered ? String(item.minOrderQuantity * 10) : '',
    tiered ? frenchPrice(tier1) : '',
    tiered ? String(item.minOrderQuantity * 50) : '',
    tiered ? frenchPrice(tier2) : '',
  ];
}

function buildSample(): string {
  const items = demoCatalogItems.filter((i) => i.supplierId === demoSupplierIds.lemaire);
  const kept = items.slice(0, -1); // the last item leaves the catalogue
  const rows = kept.map((item, index) => {
    const change = priceChanges[index];
    const cents = toCents(item.unitPrice);
    return change === undefined
      ? sampleRow(item, cents, item.unitPrice.replace('.', ','))
      : sampleRow(item, Math.round((cents * (100 + change)) / 100));
  });
  const [template] = items;
  if (!template) throw new Error('Lemaire has no demo item');
  rows.push(
    sampleRow(
      {
        ...template,
        supplierSku: 'LB990001',
        nameFr: 'Ramette de papier A4 recyclé 80 g/m²',
        nameEn: 'A4 recycled copy paper 80 g/m², ream',
        descriptionFr: 'Ramette de 500 feuilles A4 recyclées, 80 g/m², écolabel européen.',
        descriptionEn: 'Ream of 500 recycled A4 sheets, 80 g/m², EU Ecolabel.',
      },
      520,
    ),
    sampleRow(
      {
        ...template,
        supplierSku: 'LB990002',
        nameFr: 'Boîte d’archives dos 10 cm, carton recyclé',
        nameEn: 'Archive box, 10 cm spine, recycled board',
        descriptionFr: 'Boîte d’archives en carton recyclé, format 24 × 33 cm, dos de 10 cm.',
        descriptionEn: 'Recycled board archive box, 24 × 33 cm, 10 cm spine.',
        categoryCode: template.categoryCode,
        unitCode: 'H87',
        minOrderQuantity: 1,
      },
      185,
    ),
  );
  return `${[columns, ...rows].map((row) => row.map(csvCell).join(';')).join('\r\n')}\r\n`;
}

export const demoCatalogImportSample = {
  supplierId: demoSupplierIds.lemaire,
  priceListId: demoPriceListOf(demoSupplierIds.lemaire).id,
  fileName: 'catalogue-lemaire-2027.csv',
  csv: buildSample(),
  expected: { newItems: 2, priceChanges: priceChanges.length, removed: 1 },
} as const;
