import { describe, expect, it } from 'vitest';
import {
  formatPercentChange,
  importErrorRows,
  uploadContentType,
  xlsxContentType,
} from './catalog-imports.js';

describe('catalog import page logic', () => {
  it('uploads an .xlsx as XLSX whatever the browser says, and a CSV in the chosen encoding', () => {
    expect(uploadContentType({ name: 'Tarif.XLSX', type: '' }, 'utf-8')).toBe(xlsxContentType);
    expect(uploadContentType({ name: 'tarif', type: xlsxContentType }, 'utf-8')).toBe(xlsxContentType);
    expect(uploadContentType({ name: 'tarif.csv', type: 'application/vnd.ms-excel' }, 'windows-1252')).toBe(
      'text/csv; charset=windows-1252',
    );
    expect(uploadContentType({ name: 'tarif.csv', type: 'text/csv' }, 'utf-8')).toBe(
      'text/csv; charset=utf-8',
    );
  });

  it('turns the error report into rows sorted by row, from structured errors or the field text', () => {
    expect(
      importErrorRows([
        { field: 'row 7, vat_rate', reason: 'not French', row: 7, column: 'vat_rate' } as never,
        { field: 'row 3, unit_price', reason: 'negative' },
        { field: 'row 1, unit', reason: 'missing' },
        { field: 'query.supplier', reason: 'must be a UUID' },
      ]),
    ).toEqual([
      { row: null, column: 'query.supplier', reason: 'must be a UUID' },
      { row: 1, column: 'unit', reason: 'missing' },
      { row: 3, column: 'unit_price', reason: 'negative' },
      { row: 7, column: 'vat_rate', reason: 'not French' },
    ]);
  });

  it('shows a price change with its sign and one decimal, French style or English', () => {
    expect(formatPercentChange('5.1', 'fr').replace(/\s/g, ' ')).toBe('+5,1 %');
    expect(formatPercentChange('-12.5', 'en')).toBe('-12.5%');
    expect(formatPercentChange('0.0', 'en')).toBe('0.0%');
    expect(formatPercentChange(null, 'fr')).toBe('—');
  });
});
