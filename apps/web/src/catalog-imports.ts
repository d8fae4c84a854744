// Catalog imports, page logic with no React: which content type to upload a file with, the error
// report as rows, and how a price change reads.
import { localeTag } from './format.js';
import type { FieldProblem } from './problems.js';

export const xlsxContentType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export type CsvEncoding = 'utf-8' | 'windows-1252';

/**
 * The Content-Type to send a file with: XLSX by its name or type, anything else as CSV in the
 * encoding the buyer chose (old Excel versions save "CSV (separator: semicolon)" in Windows-1252).
 */
export function uploadContentType(file: { name: string; type: string }, encoding: CsvEncoding): string {
  if (file.type === xlsxContentType || /\.xlsx$/i.test(file.name)) return xlsxContentType;
  return `text/csv; charset=${encoding}`;
}

export interface ImportErrorRow {
  row: number | null;
  column: string;
  reason: string;
}

/** The 422 answer's errors as table rows (row, column, reason), in file order. */
export function importErrorRows(errors: readonly FieldProblem[]): ImportErrorRow[] {
  return errors
    .map((error) => {
      const extra = error as FieldProblem & { row?: unknown; column?: unknown };
      if (typeof extra.row === 'number')
        return {
          row: extra.row,
          column: typeof extra.column === 'string' ? extra.column : '',
          reason: error.reason,
        };
      const parsed = /^row (\d+)(?:, (.+))?$/.exec(error.field);
      return parsed
        ? { row: Number(parsed[1]), column: parsed[2] ?? '', reason: error.reason }
        : { row: null, column: error.field, reason: error.reason };
    })
    .sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
}

/** "5.1" → "+5.1 %", "-12.5" → "−12.5 %" in the reader's language; null (currency changed) → "—". */
export function formatPercentChange(changePercent: string | null, language: string): string {
  if (changePercent === null) return '—';
  const value = Number(changePercent);
  const formatted = new Intl.NumberFormat(localeTag(language), {
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
    signDisplay: 'exceptZero',
  }).format(value);
  return language === 'en' ? `${formatted}%` : `${formatted} %`;
}
