import { describe, expect, it } from 'vitest';
import {
  catalogImportTargetProblem,
  type ExistingCatalogItem,
  type ImportContext,
  type ImportSheet,
  previewCatalogImport,
  priceChangePercent,
  validateCatalogImport,
} from './catalog-import.js';
import { isUnitOfMeasureCode, unitsOfMeasure } from './units.js';

const context: ImportContext = {
  supplierCountry: 'FR',
  currency: 'EUR',
  knownCategoryCodes: new Set(['14111507', '44121701']),
};

const header = ['supplier_sku', 'name_fr', 'category', 'unit', 'unit_price', 'vat_rate'];
const good = ['LB1', 'Ramette A4', '14111507', 'RM', '4.90', '20'];

/** A sheet with the header above and the given rows, numbered from 2 as a spreadsheet shows them. */
function sheet(rows: string[][], columns: string[] = header): ImportSheet {
  return { header: columns, rows: rows.map((cells, i) => ({ rowNumber: i + 2, cells })) };
}

/** The problems as [row, column, code] triples, easy to compare. */
function problemsOf(input: ImportSheet, ctx: ImportContext = context) {
  return validateCatalogImport(input, ctx).problems.map((p) => [p.row, p.column, p.code]);
}

let skuCount = 0;
/** The good row with one cell changed, under a SKU of its own. */
function withCell(column: string, value: string, columns = header): string[] {
  const row = [...good, ...Array(Math.max(0, columns.length - good.length)).fill('')];
  skuCount += 1;
  row[0] = `SKU-${skuCount}`;
  row[columns.indexOf(column)] = value;
  return row;
}

describe('catalog import row validation', () => {
  it('accepts a valid row, filling defaults: English name from French, minimum 1, lead time 0', () => {
    const { items, problems } = validateCatalogImport(sheet([good]), context);
    expect(problems).toEqual([]);
    expect(items).toEqual([
      {
        rowNumber: 2,
        supplierSku: 'LB1',
        nameFr: 'Ramette A4',
        nameEn: 'Ramette A4',
        descriptionFr: '',
        descriptionEn: '',
        categoryCode: '14111507',
        unitCode: 'RM',
        unitPrice: '4.9',
        currency: 'EUR',
        vatRate: '20',
        minOrderQuantity: '1',
        leadTimeDays: 0,
        imageUrl: null,
        preferred: false,
        tiers: [],
      },
    ]);
  });

  it('reads a decimal comma as French buyers type it: "4,90" is 4.90 and "5,5" a VAT rate of 5.5', () => {
    const { items, problems } = validateCatalogImport(
      sheet([['LB1', 'Ramette', '14111507', 'RM', '4,90', '5,5']]),
      context,
    );
    expect(problems).toEqual([]);
    expect(items[0]).toMatchObject({ unitPrice: '4.9', vatRate: '5.5' });
  });

  it('names each missing required column on row 1, and an unknown column', () => {
    const problems = problemsOf(sheet([['LB1', 'x']], ['supplier_sku', 'nom']));
    expect(problems).toEqual([
      [1, 'nom', 'unknown_column'],
      [1, 'name_fr', 'missing_column'],
      [1, 'category', 'missing_column'],
      [1, 'unit', 'missing_column'],
      [1, 'unit_price', 'missing_column'],
      [1, 'vat_rate', 'missing_column'],
    ]);
  });

  it('refuses prices that are not positive decimals with at most 4 decimals, with the reason', () => {
    const result = validateCatalogImport(
      sheet([
        withCell('unit_price', 'abc'),
        withCell('unit_price', '-4.90'),
        withCell('unit_price', '0'),
        withCell('unit_price', '4.12345'),
        withCell('unit_price', '1 234,50'),
        withCell('unit_price', ''),
        withCell('unit_price', '4.1234'),
      ]),
      context,
    );
    expect(result.problems.map((p) => [p.row, p.column, p.code])).toEqual([
      [2, 'unit_price', 'invalid_price'],
      [3, 'unit_price', 'invalid_price'],
      [4, 'unit_price', 'invalid_price'],
      [5, 'unit_price', 'too_many_decimals'],
      [6, 'unit_price', 'invalid_price'],
      [7, 'unit_price', 'missing_value'],
    ]);
    expect(result.problems[1]?.reason).toContain('negative');
    expect(result.problems[2]?.reason).toBe('must be greater than 0');
    expect(result.problems[3]?.reason).toBe('4.12345 has more than 4 decimals');
    expect(result.items.map((i) => i.unitPrice)).toEqual(['4.1234']);
  });

  it('refuses a UNSPSC category the catalog does not know, and one that is not 8 digits', () => {
    const result = validateCatalogImport(
      sheet([withCell('category', '99999999'), withCell('category', '1411')]),
      context,
    );
    expect(result.problems).toEqual([
      {
        row: 2,
        column: 'category',
        code: 'unknown_category',
        reason: 'UNSPSC 99999999 is not a category of the catalog',
      },
      {
        row: 3,
        column: 'category',
        code: 'unknown_category',
        reason: '"1411" is not an 8-digit UNSPSC code',
      },
    ]);
  });

  it('refuses a unit that is not an accepted UN/ECE Rec 20 code, and reads "xbx" as XBX', () => {
    const result = validateCatalogImport(
      sheet([withCell('unit', 'carton'), withCell('unit', 'xbx')]),
      context,
    );
    expect(result.problems.map((p) => [p.row, p.column, p.code])).toEqual([[2, 'unit', 'unknown_unit']]);
    expect(result.problems[0]?.reason).toContain('"carton" is not a UN/ECE Rec 20 unit code');
    expect(result.items[0]?.unitCode).toBe('XBX');
  });

  it('keeps a table of Rec 20 units named in French and English, with the demo catalog’s units', () => {
    for (const code of ['C62', 'H87', 'XBX', 'XPK', 'RM', 'HUR', 'DAY', 'MON', 'ANN', 'E48', 'IE', 'SET'])
      expect(isUnitOfMeasureCode(code)).toBe(true);
    expect(unitsOfMeasure.XBX).toEqual({ fr: 'boîte', en: 'box' });
    expect(isUnitOfMeasureCode('PCE')).toBe(false);
  });

  it('accepts only French VAT rates (0, 2.1, 5.5, 10, 20) from a French supplier', () => {
    const rows = ['0', '2.1', '5,5', '10', '20', '19.6', '7', 'twenty', '20 %'].map((v) =>
      withCell('vat_rate', v),
    );
    const result = validateCatalogImport(sheet(rows), context);
    expect(result.problems.map((p) => [p.row, p.column, p.code])).toEqual([
      [7, 'vat_rate', 'invalid_vat_rate'],
      [8, 'vat_rate', 'invalid_vat_rate'],
      [9, 'vat_rate', 'invalid_vat_rate'],
    ]);
    expect(result.problems[0]?.reason).toBe('19.6 % is not a French VAT rate (0, 2.1, 5.5, 10, 20)');
  });

  it('accepts another valid rate from a supplier outside France', () => {
    expect(problemsOf(sheet([withCell('vat_rate', '19')]), { ...context, supplierCountry: 'DE' })).toEqual(
      [],
    );
  });

  it('names every repeated SKU with the row it first appeared on', () => {
    const result = validateCatalogImport(sheet([good, ['LB1', ...good.slice(1, 5), '10'], good]), context);
    expect(result.problems).toEqual([
      {
        row: 3,
        column: 'supplier_sku',
        code: 'duplicate_sku',
        reason: 'LB1 is already on row 2: a SKU may appear once',
      },
      {
        row: 4,
        column: 'supplier_sku',
        code: 'duplicate_sku',
        reason: 'LB1 is already on row 2: a SKU may appear once',
      },
    ]);
  });

  it('refuses a minimum order quantity that is not positive', () => {
    const columns = [...header, 'min_order_quantity'];
    expect(
      problemsOf(
        sheet(
          [withCell('min_order_quantity', '0', columns), withCell('min_order_quantity', '-5', columns)],
          columns,
        ),
      ),
    ).toEqual([
      [2, 'min_order_quantity', 'invalid_quantity'],
      [3, 'min_order_quantity', 'invalid_quantity'],
    ]);
  });

  it('refuses tiers that do not rise in quantity and fall in price, naming the tier column', () => {
    const columns = [
      ...header,
      'min_order_quantity',
      'tier1_quantity',
      'tier1_price',
      'tier2_quantity',
      'tier2_price',
    ];
    const row = (...tiers: string[]) => [`T${tiers.join('-')}`, ...good.slice(1), '5', ...tiers];
    const result = validateCatalogImport(
      sheet(
        [
          row('50', '4.50', '100', '4.20'), // coherent
          row('50', '5.00', '', ''), // dearer than the base price
          row('50', '4.50', '40', '4.20'), // quantity goes down
          row('50', '', '', ''), // half a tier
          row('3', '4.50', '', ''), // below the minimum order quantity
        ],
        columns,
      ),
      context,
    );
    expect(result.problems.map((p) => [p.row, p.column, p.code])).toEqual([
      [3, 'tier1_price', 'incoherent_tiers'],
      [4, 'tier1_price', 'incoherent_tiers'],
      [5, 'tier1_price', 'incomplete_tier'],
      [6, 'tier1_quantity', 'incoherent_tiers'],
    ]);
    expect(result.problems[0]?.reason).toBe('the tier from 50 must cost less than 4.90');
    expect(result.items[0]?.tiers).toEqual([
      { minQuantity: '50', unitPrice: '4.5' },
      { minQuantity: '100', unitPrice: '4.2' },
    ]);
  });

  it('refuses a currency other than the price list’s, a bad image address, lead time and yes/no', () => {
    const columns = [...header, 'currency', 'image_url', 'lead_time_days', 'preferred'];
    const row = (currency: string, image: string, lead: string, preferred: string) => [
      `SKU-${currency}`,
      ...good.slice(1),
      currency,
      image,
      lead,
      preferred,
    ];
    const result = validateCatalogImport(
      sheet(
        [
          row('USD', 'http://img.example/a.png', '-1', 'peut-être'),
          row('eur', 'https://img.example/a.png', '3', 'oui'),
        ],
        columns,
      ),
      context,
    );
    expect(result.problems.map((p) => [p.row, p.column, p.code])).toEqual([
      [2, 'currency', 'currency_mismatch'],
      [2, 'lead_time_days', 'invalid_lead_time'],
      [2, 'image_url', 'invalid_image_url'],
      [2, 'preferred', 'invalid_boolean'],
    ]);
    expect(result.items[0]).toMatchObject({
      currency: 'EUR',
      imageUrl: 'https://img.example/a.png',
      leadTimeDays: 3,
      preferred: true,
    });
  });

  it('reports every problem of every row, not just the first', () => {
    const result = validateCatalogImport(
      sheet([
        ['', '', '123', 'zz', '-1', '33'],
        ['LB2', 'Stylo', '14111507', 'H87', '1.5', '20'],
      ]),
      context,
    );
    expect(result.problems.map((p) => [p.row, p.column, p.code])).toEqual([
      [2, 'supplier_sku', 'missing_value'],
      [2, 'name_fr', 'missing_value'],
      [2, 'category', 'unknown_category'],
      [2, 'unit', 'unknown_unit'],
      [2, 'unit_price', 'invalid_price'],
      [2, 'vat_rate', 'invalid_vat_rate'],
    ]);
    expect(result.items.map((i) => i.supplierSku)).toEqual(['LB2']);
  });

  it('skips blank rows but keeps the spreadsheet numbering, and refuses a file without items', () => {
    const result = validateCatalogImport(sheet([['', '', '', '', '', ''], withCell('unit', '??')]), context);
    expect(result.problems.map((p) => p.row)).toEqual([3]);
    expect(problemsOf(sheet([]))).toEqual([[2, '', 'no_rows']]);
  });
});

describe('catalog import preview', () => {
  const priceListId = 'pl-1';
  const existing = (sku: string, unitPrice: string, more: Partial<ExistingCatalogItem> = {}) => ({
    id: `id-${sku}`,
    supplierSku: sku,
    nameFr: sku,
    nameEn: sku,
    unitPrice,
    currency: 'EUR',
    active: true,
    priceListId,
    ...more,
  });
  const imported = (rows: [string, string][]) =>
    validateCatalogImport(
      sheet(rows.map(([sku, price]) => [sku, sku, '14111507', 'RM', price, '20'])),
      context,
    ).items;

  it('sorts the file into new items, price changes with their percentage, unchanged and removed', () => {
    const preview = previewCatalogImport(
      [
        existing('A', '4.9000'),
        existing('B', '10.0000'),
        existing('C', '2.0000'),
        existing('D', '7.0000'),
        existing('E', '1.0000', { active: false }),
        existing('F', '3.0000', { priceListId: 'another' }),
      ],
      imported([
        ['A', '5.15'],
        ['B', '10'],
        ['C', '1.75'],
        ['E', '1.10'],
        ['N', '8'],
      ]),
      priceListId,
    );
    expect(preview.newItems.map((i) => [i.supplierSku, i.reactivated])).toEqual([
      ['E', true],
      ['N', false],
    ]);
    expect(
      preview.priceChanges.map((c) => [c.supplierSku, c.oldPrice, c.unitPrice, c.changePercent]),
    ).toEqual([
      ['A', '4.9', '5.15', '5.1'],
      ['C', '2', '1.75', '-12.5'],
    ]);
    expect(preview.unchanged.map((i) => i.supplierSku)).toEqual(['B']);
    // F belongs to another price list of the supplier: importing this one leaves it alone.
    expect(preview.removed).toEqual([
      { itemId: 'id-D', supplierSku: 'D', name: { fr: 'D', en: 'D' }, unitPrice: '7' },
    ]);
  });

  it('rounds the percentage to one decimal, ties away from zero', () => {
    expect(priceChangePercent('3', '4')).toBe('33.3');
    expect(priceChangePercent('8', '8.01')).toBe('0.1');
    expect(priceChangePercent('1000', '1000.5')).toBe('0.1');
    expect(priceChangePercent('1000', '999.5')).toBe('-0.1');
    expect(priceChangePercent('4.90', '4.90')).toBe('0.0');
  });
});

describe('where a catalog import may go', () => {
  const target = { supplierName: 'Lemaire', priceListReference: 'AC-1' };

  it('refuses an archived supplier, whatever its price list', () => {
    expect(catalogImportTargetProblem({ ...target, supplierStatus: 'archived' }, 'in_force')).toBe(
      'Lemaire is archived: its catalog takes no more imports',
    );
  });

  it('refuses a price list that has expired, naming it', () => {
    expect(catalogImportTargetProblem({ ...target, supplierStatus: 'active' }, 'expired')).toContain(
      'price list AC-1 has expired',
    );
  });

  it('accepts a blocked supplier: its prices may be kept up to date while it cannot be ordered from', () => {
    expect(catalogImportTargetProblem({ ...target, supplierStatus: 'blocked' }, 'in_force')).toBeUndefined();
  });

  it('accepts a price list that starts later, and a supplier not approved yet', () => {
    expect(catalogImportTargetProblem({ ...target, supplierStatus: 'draft' }, 'upcoming')).toBeUndefined();
    expect(
      catalogImportTargetProblem({ ...target, supplierStatus: 'pending_approval' }, 'in_force'),
    ).toBeUndefined();
  });
});
