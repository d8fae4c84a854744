// A supplier's catalog file, row by row: what each column must hold, every problem named by its
// row, column and reason, and what confirming the file would change. Parsing the bytes (CSV, XLSX)
// is the catalog service's job; these rules see cells as text.
import type Big from 'big.js';
import {
  decimalPlaces,
  decimalProblem,
  divideRounded,
  formatDecimal,
  parseDecimal,
} from '../money/decimal.js';
import type { SupplierStatus } from '../supplier/supplier-lifecycle.js';
import { isValidVatRate, parseVatRate } from '../tax/vat-rate.js';
import { type PriceListState, type PriceTier, priceTierProblems } from './pricing.js';
import { isUnitOfMeasureCode } from './units.js';

/** Most quantity tiers a row may give (`tier1_…` to `tier5_…`). */
export const maxImportTiers = 5;
/** Most item rows in one file. */
export const maxImportRows = 50_000;
/** Decimals the database keeps for prices and quantities (numeric(19, 4)). */
export const maxPriceDecimals = 4;

const tierColumns = Array.from({ length: maxImportTiers }, (_, i) => [
  `tier${i + 1}_quantity`,
  `tier${i + 1}_price`,
]).flat();

/** The columns of an import file, in the order of the template. */
export const catalogImportColumns = [
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
  'image_url',
  'preferred',
  ...tierColumns,
] as const;

export const requiredCatalogImportColumns = [
  'supplier_sku',
  'name_fr',
  'category',
  'unit',
  'unit_price',
  'vat_rate',
] as const;

/** French VAT rates an item sold by a French supplier may carry (CGI art. 278 and following). */
export const frenchItemVatRates = ['0', '2.1', '5.5', '10', '20'] as const;

export type ImportProblemCode =
  | 'invalid_encoding'
  | 'unreadable_file'
  | 'no_rows'
  | 'missing_column'
  | 'unknown_column'
  | 'duplicate_column'
  | 'extra_cells'
  | 'missing_value'
  | 'too_long'
  | 'invalid_text'
  | 'invalid_price'
  | 'too_many_decimals'
  | 'invalid_quantity'
  | 'unknown_category'
  | 'unknown_unit'
  | 'invalid_vat_rate'
  | 'currency_mismatch'
  | 'duplicate_sku'
  | 'incomplete_tier'
  | 'incoherent_tiers'
  | 'invalid_lead_time'
  | 'invalid_image_url'
  | 'invalid_boolean';

/**
 * One thing wrong with the file. Rows are numbered as a spreadsheet shows them: the header is
 * row 1, the first item row 2. `column` is a column name of the template (or the header's text).
 */
export interface ImportProblem {
  row: number;
  column: string;
  code: ImportProblemCode;
  reason: string;
}

/** The file as text cells: the header row, then each non-header row with its spreadsheet number. */
export interface ImportSheet {
  header: readonly string[];
  rows: readonly { rowNumber: number; cells: readonly string[] }[];
}

export interface ImportContext {
  /** ISO 3166 country of the supplier: a French supplier's VAT rates must be French rates. */
  supplierCountry: string;
  /** The price list's currency: a row may repeat it, not contradict it. */
  currency: string;
  /** The UNSPSC categories the catalog knows, among those the file mentions. */
  knownCategoryCodes: ReadonlySet<string>;
}

/** A valid row, ready to write: decimals as canonical strings ("4.9"), defaults filled in. */
export interface ImportedItem {
  rowNumber: number;
  supplierSku: string;
  nameFr: string;
  nameEn: string;
  descriptionFr: string;
  descriptionEn: string;
  categoryCode: string;
  unitCode: string;
  unitPrice: string;
  currency: string;
  vatRate: string;
  minOrderQuantity: string;
  leadTimeDays: number;
  imageUrl: string | null;
  preferred: boolean;
  tiers: PriceTier[];
}

export interface ImportValidation {
  items: ImportedItem[];
  problems: ImportProblem[];
}

const textLimits = { supplier_sku: 64, name: 300, description: 4000, image_url: 2000 } as const;
// Control characters other than tab and line breaks have no place in a catalog text.
// biome-ignore lint/suspicious/noControlCharactersInRegex: that is the point of this pattern
const controlCharacters = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const trueWords = new Set(['true', 'yes', 'oui', 'vrai', '1', 'x', 'y', 'o']);
const falseWords = new Set(['false', 'no', 'non', 'faux', '0', 'n', '']);

/**
 * A decimal as people type it: surrounding spaces ignored and a decimal comma accepted ("4,90"
 * is 4.90, the French way). Thousands separators are refused rather than guessed.
 */
export function normaliseDecimalCell(raw: string): string {
  const value = raw.trim();
  return /^-?\d+,\d+$/.test(value) ? value.replace(',', '.') : value;
}

/** Why `raw` is not a price (positive, at most 4 decimals), with its problem code; undefined when it is one. */
function priceProblem(raw: string): { code: ImportProblemCode; reason: string } | undefined {
  const value = normaliseDecimalCell(raw);
  if (value === '') return { code: 'missing_value', reason: 'is required' };
  if (decimalProblem(value) !== undefined)
    return {
      code: 'invalid_price',
      reason: `"${raw}" is not a decimal amount such as 4.90 or 4,90 (no currency sign or thousands separator)`,
    };
  const amount = parseDecimal(value);
  if (amount.lt('0'))
    return { code: 'invalid_price', reason: `${value} is negative: a price must be positive` };
  if (amount.eq('0')) return { code: 'invalid_price', reason: 'must be greater than 0' };
  if (decimalPlaces(amount) > maxPriceDecimals)
    return { code: 'too_many_decimals', reason: `${value} has more than ${maxPriceDecimals} decimals` };
  return undefined;
}

function quantityProblem(raw: string): string | undefined {
  const value = normaliseDecimalCell(raw);
  if (decimalProblem(value) !== undefined) return `"${raw}" is not a decimal quantity such as 10 or 2,5`;
  const quantity = parseDecimal(value);
  if (quantity.lte('0')) return `${value} is not positive: a quantity must be greater than 0`;
  if (decimalPlaces(quantity) > maxPriceDecimals)
    return `${value} has more than ${maxPriceDecimals} decimals`;
  return undefined;
}

const canonical = (value: Big) => formatDecimal(value);

/**
 * Checks every row of a catalog file and returns the valid items and every problem found, each
 * naming its row, column and reason. The file is importable only when `problems` is empty.
 */
export function validateCatalogImport(sheet: ImportSheet, context: ImportContext): ImportValidation {
  const problems: ImportProblem[] = [];
  const header = sheet.header.map((name) => name.trim().toLowerCase());
  const columnIndex = new Map<string, number>();
  const known = new Set<string>(catalogImportColumns);
  header.forEach((name, index) => {
    if (name === '') return;
    if (!known.has(name))
      problems.push({
        row: 1,
        column: sheet.header[index] ?? name,
        code: 'unknown_column',
        reason: `"${sheet.header[index]}" is not a column of the template (${catalogImportColumns.slice(0, 14).join(', ')}, tier1_quantity, tier1_price…)`,
      });
    else if (columnIndex.has(name))
      problems.push({
        row: 1,
        column: name,
        code: 'duplicate_column',
        reason: 'appears twice in the header row',
      });
    else columnIndex.set(name, index);
  });
  for (const column of requiredCatalogImportColumns)
    if (!columnIndex.has(column))
      problems.push({ row: 1, column, code: 'missing_column', reason: 'this required column is missing' });
  const missingColumns = new Set(requiredCatalogImportColumns.filter((c) => !columnIndex.has(c)));

  const items: ImportedItem[] = [];
  const firstRowOfSku = new Map<string, number>();
  let rowsSeen = 0;
  for (const { rowNumber, cells } of sheet.rows) {
    if (cells.every((cell) => cell.trim() === '')) continue;
    rowsSeen += 1;
    const rowProblems: ImportProblem[] = [];
    const problem = (column: string, code: ImportProblemCode, reason: string) =>
      rowProblems.push({ row: rowNumber, column, code, reason });
    const cell = (column: string): string => {
      const index = columnIndex.get(column);
      return index === undefined ? '' : (cells[index] ?? '').trim();
    };
    if (cells.slice(header.length).some((c) => c.trim() !== ''))
      problem(`column ${header.length + 1}`, 'extra_cells', 'the row has more cells than the header row');

    const text = (column: string, limit: number, required: boolean): string => {
      const value = cell(column);
      if (value === '' && required && !missingColumns.has(column as never))
        problem(column, 'missing_value', 'is required');
      else if (value.length > limit)
        problem(column, 'too_long', `has ${value.length} characters, at most ${limit}`);
      else if (controlCharacters.test(value)) problem(column, 'invalid_text', 'contains control characters');
      return value;
    };

    const supplierSku = text('supplier_sku', textLimits.supplier_sku, true);
    if (supplierSku !== '') {
      const first = firstRowOfSku.get(supplierSku);
      if (first !== undefined)
        problem(
          'supplier_sku',
          'duplicate_sku',
          `${supplierSku} is already on row ${first}: a SKU may appear once`,
        );
      else firstRowOfSku.set(supplierSku, rowNumber);
    }
    const nameFr = text('name_fr', textLimits.name, true);
    const nameEn = text('name_en', textLimits.name, false) || nameFr;
    const descriptionFr = text('description_fr', textLimits.description, false);
    const descriptionEn = text('description_en', textLimits.description, false);

    const categoryCode = cell('category');
    if (!missingColumns.has('category')) {
      if (categoryCode === '') problem('category', 'missing_value', 'is required');
      else if (!/^\d{8}$/.test(categoryCode))
        problem('category', 'unknown_category', `"${categoryCode}" is not an 8-digit UNSPSC code`);
      else if (!context.knownCategoryCodes.has(categoryCode))
        problem('category', 'unknown_category', `UNSPSC ${categoryCode} is not a category of the catalog`);
    }

    const unitCode = cell('unit').toUpperCase();
    if (!missingColumns.has('unit')) {
      if (unitCode === '') problem('unit', 'missing_value', 'is required');
      else if (!isUnitOfMeasureCode(unitCode))
        problem(
          'unit',
          'unknown_unit',
          `"${cell('unit')}" is not a UN/ECE Rec 20 unit code Procura accepts (C62, H87, XBX…)`,
        );
    }

    let unitPrice = '';
    if (!missingColumns.has('unit_price')) {
      const issue = priceProblem(cell('unit_price'));
      if (issue) problem('unit_price', issue.code, issue.reason);
      else unitPrice = canonical(parseDecimal(normaliseDecimalCell(cell('unit_price'))));
    }

    const currency = cell('currency').toUpperCase() || context.currency;
    if (currency !== context.currency)
      problem(
        'currency',
        'currency_mismatch',
        `${currency} differs from the price list's currency ${context.currency}`,
      );

    let vatRate = '';
    if (!missingColumns.has('vat_rate')) {
      const raw = normaliseDecimalCell(cell('vat_rate').replace(/\s*%$/, ''));
      if (raw === '') problem('vat_rate', 'missing_value', 'is required');
      else if (!isValidVatRate(raw))
        problem(
          'vat_rate',
          'invalid_vat_rate',
          `"${cell('vat_rate')}" is not a VAT rate in percent such as 20 or 5,5`,
        );
      else {
        vatRate = parseVatRate(raw);
        if (context.supplierCountry === 'FR' && !(frenchItemVatRates as readonly string[]).includes(vatRate))
          problem(
            'vat_rate',
            'invalid_vat_rate',
            `${vatRate} % is not a French VAT rate (${frenchItemVatRates.join(', ')})`,
          );
      }
    }

    let minOrderQuantity = '1';
    let minOrderQuantityValid = true;
    if (cell('min_order_quantity') !== '') {
      const issue = quantityProblem(cell('min_order_quantity'));
      minOrderQuantityValid = issue === undefined;
      if (issue) problem('min_order_quantity', 'invalid_quantity', issue);
      else minOrderQuantity = canonical(parseDecimal(normaliseDecimalCell(cell('min_order_quantity'))));
    }

    let leadTimeDays = 0;
    const leadTime = cell('lead_time_days');
    if (leadTime !== '') {
      if (!/^\d{1,3}$/.test(leadTime) || Number(leadTime) > 365)
        problem(
          'lead_time_days',
          'invalid_lead_time',
          `"${leadTime}" is not a whole number of days from 0 to 365`,
        );
      else leadTimeDays = Number(leadTime);
    }

    const imageUrl = cell('image_url');
    if (imageUrl !== '' && !isHttpsUrl(imageUrl))
      problem('image_url', 'invalid_image_url', 'must be an https:// address');
    else if (imageUrl.length > textLimits.image_url)
      problem('image_url', 'too_long', `has ${imageUrl.length} characters, at most ${textLimits.image_url}`);

    const preferredWord = cell('preferred').toLowerCase();
    const preferred = trueWords.has(preferredWord);
    if (!preferred && !falseWords.has(preferredWord))
      problem(
        'preferred',
        'invalid_boolean',
        `"${cell('preferred')}" is neither yes nor no (oui/non, true/false, 1/0)`,
      );

    const tiers = tiersOf(cell, problem);
    if (unitPrice !== '' && minOrderQuantityValid && tiers.complete) {
      // priceTierProblems names the tier by its quantity: find its columns from that.
      const tierList = tiers.list.map((t) => t.tier);
      for (const reason of priceTierProblems({ unitPrice, minOrderQuantity, tiers: tierList })) {
        const from = /^the tier from (\S+) /.exec(reason)?.[1];
        const number = tiers.list.find((t) => t.tier.minQuantity === from)?.number ?? 1;
        problem(
          `tier${number}_${reason.includes('cost less') ? 'price' : 'quantity'}`,
          'incoherent_tiers',
          reason,
        );
      }
    }

    problems.push(...rowProblems);
    if (rowProblems.length === 0)
      items.push({
        rowNumber,
        supplierSku,
        nameFr,
        nameEn,
        descriptionFr,
        descriptionEn,
        categoryCode,
        unitCode,
        unitPrice,
        currency,
        vatRate,
        minOrderQuantity,
        leadTimeDays,
        imageUrl: imageUrl === '' ? null : imageUrl,
        preferred,
        tiers: tiers.list.map((t) => t.tier),
      });
  }
  if (rowsSeen === 0 && problems.length === 0)
    problems.push({
      row: 2,
      column: '',
      code: 'no_rows',
      reason: 'the file has no item rows under the header',
    });
  return { items, problems };
}

function tiersOf(
  cell: (column: string) => string,
  problem: (column: string, code: ImportProblemCode, reason: string) => void,
): { list: { tier: PriceTier; number: number }[]; complete: boolean } {
  const list: { tier: PriceTier; number: number }[] = [];
  let complete = true;
  for (let number = 1; number <= maxImportTiers; number++) {
    const quantityColumn = `tier${number}_quantity`;
    const priceColumn = `tier${number}_price`;
    const quantity = cell(quantityColumn);
    const price = cell(priceColumn);
    if (quantity === '' && price === '') continue;
    if (quantity === '' || price === '') {
      complete = false;
      problem(
        quantity === '' ? quantityColumn : priceColumn,
        'incomplete_tier',
        `tier ${number} needs both a quantity and a price`,
      );
      continue;
    }
    const quantityIssue = quantityProblem(quantity);
    const priceIssue = priceProblem(price);
    if (quantityIssue) problem(quantityColumn, 'invalid_quantity', quantityIssue);
    if (priceIssue) problem(priceColumn, priceIssue.code, priceIssue.reason);
    if (quantityIssue || priceIssue) {
      complete = false;
      continue;
    }
    list.push({
      number,
      tier: {
        minQuantity: canonical(parseDecimal(normaliseDecimalCell(quantity))),
        unitPrice: canonical(parseDecimal(normaliseDecimalCell(price))),
      },
    });
  }
  return { list, complete };
}

function isHttpsUrl(value: string): boolean {
  if (!value.startsWith('https://')) return false;
  try {
    return new URL(value).protocol === 'https:';
  } catch {
    return false;
  }
}

// What confirming a valid file would change.

/** An item the supplier already has in the catalog, as the preview compares it. */
export interface ExistingCatalogItem {
  id: string;
  supplierSku: string;
  nameFr: string;
  nameEn: string;
  unitPrice: string;
  currency: string;
  active: boolean;
  priceListId: string | null;
}

export interface PreviewItem {
  row: number;
  supplierSku: string;
  name: { fr: string; en: string };
  unitPrice: string;
}

export interface PreviewPriceChange extends PreviewItem {
  oldPrice: string;
  /** Change in percent, one decimal, signed ("-12.5"); null when the currency changes. */
  changePercent: string | null;
}

export interface PreviewRemoval {
  itemId: string;
  supplierSku: string;
  name: { fr: string; en: string };
  unitPrice: string;
}

export interface CatalogImportPreview {
  /** Items the catalog does not have, or has deactivated (`reactivated`). */
  newItems: (PreviewItem & { reactivated: boolean })[];
  priceChanges: PreviewPriceChange[];
  /** Same price (other columns may still change: names, descriptions, tiers…). */
  unchanged: PreviewItem[];
  /** Active items of the price list missing from the file: they will be deactivated, never deleted. */
  removed: PreviewRemoval[];
}

/** Percentage change from `before` to `after`, one decimal, ties away from zero: 4.90 → 5.15 is "5.1". */
export function priceChangePercent(before: string, after: string): string {
  const old = parseDecimal(before);
  return formatDecimal(divideRounded(parseDecimal(after).minus(old).times('100'), old, 1), 1);
}

/**
 * Compares a valid file with the supplier's items: new, price changes, unchanged, and the active
 * items of the price list that the file no longer lists.
 */
export function previewCatalogImport(
  existing: readonly ExistingCatalogItem[],
  imported: readonly ImportedItem[],
  priceListId: string,
): CatalogImportPreview {
  const bySku = new Map(existing.map((item) => [item.supplierSku, item]));
  const inFile = new Set(imported.map((item) => item.supplierSku));
  const preview: CatalogImportPreview = { newItems: [], priceChanges: [], unchanged: [], removed: [] };
  for (const item of imported) {
    const shown: PreviewItem = {
      row: item.rowNumber,
      supplierSku: item.supplierSku,
      name: { fr: item.nameFr, en: item.nameEn },
      unitPrice: item.unitPrice,
    };
    const current = bySku.get(item.supplierSku);
    if (!current?.active) preview.newItems.push({ ...shown, reactivated: current !== undefined });
    else if (current.currency !== item.currency)
      preview.priceChanges.push({
        ...shown,
        oldPrice: formatDecimal(parseDecimal(current.unitPrice)),
        changePercent: null,
      });
    else if (!parseDecimal(current.unitPrice).eq(parseDecimal(item.unitPrice)))
      preview.priceChanges.push({
        ...shown,
        oldPrice: formatDecimal(parseDecimal(current.unitPrice)),
        changePercent: priceChangePercent(current.unitPrice, item.unitPrice),
      });
    else preview.unchanged.push(shown);
  }
  for (const item of existing)
    if (item.active && item.priceListId === priceListId && !inFile.has(item.supplierSku))
      preview.removed.push({
        itemId: item.id,
        supplierSku: item.supplierSku,
        name: { fr: item.nameFr, en: item.nameEn },
        unitPrice: formatDecimal(parseDecimal(item.unitPrice)),
      });
  return preview;
}

/**
 * Why a supplier's price list may not take an import today, or undefined when it may. An archived
 * supplier's catalog is closed, and an expired price list can no longer be ordered from: importing
 * into either would only write prices nobody can use. A blocked supplier (and one not approved
 * yet) may still have its prices kept up to date: its items are held back from ordering by the
 * orderability condition, not by the import. An upcoming price list may be filled before it starts.
 */
export function catalogImportTargetProblem(
  target: { supplierName: string; supplierStatus: SupplierStatus; priceListReference: string },
  priceList: PriceListState,
): string | undefined {
  if (target.supplierStatus === 'archived')
    return `${target.supplierName} is archived: its catalog takes no more imports`;
  if (priceList === 'expired')
    return `price list ${target.priceListReference} has expired: extend its validity or import into a price list in force`;
  return undefined;
}
