// Reads a supplier's catalog file into text cells for the domain's row rules: CSV (UTF-8, or
// Windows-1252 when the upload says so; `;`, `,` or tab delimited) or XLSX (the first worksheet).
// Anything else is refused before a single row is read.
import {
  formatDecimal,
  type ImportProblem,
  type ImportSheet,
  maxImportRows,
  parseDecimal,
} from '@procura/domain';
import { HttpProblem } from '@procura/http';
import { CsvError, parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { zipArchiveProblem } from './xlsx-zip.js';

export type ImportFileFormat = 'csv' | 'xlsx';

export const xlsxContentType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** Content types a CSV upload may arrive with (Windows labels .csv files as Excel's). */
const csvContentTypes = new Set([
  'text/csv',
  'text/plain',
  'application/csv',
  'application/vnd.ms-excel',
  'application/octet-stream',
]);
const csvCharsets = new Map([
  ['utf-8', 'utf-8'],
  ['utf8', 'utf-8'],
  ['windows-1252', 'windows-1252'],
  ['cp1252', 'windows-1252'],
  // Browsers and the WHATWG encoding standard read Latin-1 labels as Windows-1252.
  ['iso-8859-1', 'windows-1252'],
  ['latin1', 'windows-1252'],
]);

/** Most rows reported for bad bytes: past that, one more row says how many there are. */
const maxEncodingProblems = 200;

export type ReadImportFile =
  | { format: ImportFileFormat; sheet: ImportSheet; problems?: undefined }
  | { format: ImportFileFormat; problems: ImportProblem[]; sheet?: undefined };

function unsupported(detail: string): HttpProblem {
  return new HttpProblem(
    415,
    'unsupported_file_type',
    `${detail} A catalog must be a CSV file (UTF-8, ; or , separated) or an Excel workbook (.xlsx).`,
  );
}

function tooManyRows(rows: number): HttpProblem {
  return new HttpProblem(
    413,
    'too_many_rows',
    `The file has ${rows} item rows; one import takes at most ${maxImportRows}. Split the catalog into several price lists.`,
  );
}

/** Parses a Content-Type header into its media type and charset (lower case). */
export function parseContentType(header: string | undefined): { type: string; charset?: string } {
  const [type = '', ...parameters] = (header ?? '').split(';').map((part) => part.trim().toLowerCase());
  const charset = parameters
    .map((p) => /^charset\s*=\s*"?([^"]+)"?$/.exec(p)?.[1])
    .find((c) => c !== undefined);
  return charset === undefined ? { type } : { type, charset };
}

export async function readImportFile(
  bytes: Buffer,
  contentType: string | undefined,
): Promise<ReadImportFile> {
  const { type, charset } = parseContentType(contentType);
  const isZip = bytes.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
  if (isZip) {
    const archive = zipArchiveProblem(bytes);
    if (archive?.kind === 'too_large')
      throw new HttpProblem(413, 'workbook_too_large', `The workbook is refused: ${archive.reason}.`);
    if (archive)
      throw unsupported(`The file is a ZIP archive but not a readable Excel workbook: ${archive.reason}.`);
    return { format: 'xlsx', sheet: await readXlsx(bytes) };
  }
  if (bytes.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0])))
    throw unsupported('This is an old Excel 97-2003 (.xls) file: save it as .xlsx or CSV.');
  if (type === xlsxContentType) throw unsupported('The file is labelled XLSX but is not an Excel workbook.');
  if (type !== '' && !csvContentTypes.has(type)) throw unsupported(`A ${type} file cannot be imported.`);
  if (bytes.subarray(0, 65_536).includes(0)) throw unsupported('The file is binary, not text.');
  const encoding = csvCharsets.get(charset ?? 'utf-8');
  if (!encoding) throw unsupported(`The character set ${charset} is not supported (UTF-8 or Windows-1252).`);
  return readCsv(bytes, encoding);
}

function detectDelimiter(firstLine: string): string {
  const counts = new Map<string, number>([
    [';', 0],
    [',', 0],
    ['\t', 0],
  ]);
  let quoted = false;
  for (const char of firstLine) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && counts.has(char)) counts.set(char, (counts.get(char) ?? 0) + 1);
  }
  let best = ',';
  for (const [delimiter, count] of counts) if (count > (counts.get(best) ?? 0)) best = delimiter;
  return best;
}

function readCsv(bytes: Buffer, encoding: string): ReadImportFile {
  const body = bytes.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf])) ? bytes.subarray(3) : bytes;
  const firstLineEnd = body.indexOf(0x0a);
  const firstLine = body.subarray(0, firstLineEnd === -1 ? body.length : firstLineEnd).toString('latin1');
  const delimiter = detectDelimiter(firstLine);
  let text: string;
  try {
    text = new TextDecoder(encoding, { fatal: true }).decode(body);
  } catch {
    return { format: 'csv', problems: encodingProblems(body, delimiter, notUtf8) };
  }
  // Every byte sequence is some Windows-1252 text, so a UTF-8 file declared Windows-1252 would be
  // read without error as "CrÃ¨me": refused instead, the same way as the opposite mistake.
  if (encoding === 'windows-1252' && isUtf8WithNonAscii(body))
    return { format: 'csv', problems: encodingProblems(body, delimiter, utf8DeclaredWindows1252) };
  let records: string[][];
  try {
    records = parse(text, { delimiter, relax_column_count: true, skip_empty_lines: false });
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const row = (error as CsvError & { lines?: number }).lines ?? 1;
    return {
      format: 'csv',
      problems: [
        { row, column: '', code: 'unreadable_file', reason: `the CSV cannot be read: ${error.message}` },
      ],
    };
  }
  const [header = [], ...rows] = records;
  if (rows.length > maxImportRows) throw tooManyRows(rows.length);
  return {
    format: 'csv',
    sheet: { header, rows: rows.map((cells, index) => ({ rowNumber: index + 2, cells })) },
  };
}

/** Length of the valid UTF-8 sequence at `i`, or 0 when the bytes there are not UTF-8. */
function utf8SequenceLength(bytes: Buffer, i: number): number {
  const first = bytes[i] ?? 0;
  const continuation = (k: number, min = 0x80, max = 0xbf) => {
    const byte = bytes[i + k];
    return byte !== undefined && byte >= min && byte <= max;
  };
  if (first < 0x80) return 1;
  if (first >= 0xc2 && first <= 0xdf) return continuation(1) ? 2 : 0;
  if (first >= 0xe0 && first <= 0xef) {
    const min = first === 0xe0 ? 0xa0 : 0x80;
    const max = first === 0xed ? 0x9f : 0xbf;
    return continuation(1, min, max) && continuation(2) ? 3 : 0;
  }
  if (first >= 0xf0 && first <= 0xf4) {
    const min = first === 0xf0 ? 0x90 : 0x80;
    const max = first === 0xf4 ? 0x8f : 0xbf;
    return continuation(1, min, max) && continuation(2) && continuation(3) ? 4 : 0;
  }
  return 0;
}

/** True when `bytes` are valid UTF-8 holding at least one character beyond ASCII. */
function isUtf8WithNonAscii(bytes: Buffer): boolean {
  if (!bytes.some((byte) => byte >= 0x80)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** What is wrong with the byte sequence at `i` (`length` bytes, 0 when not UTF-8), if anything. */
type EncodingOffence = (bytes: Buffer, i: number, length: number) => string | undefined;

const notUtf8: EncodingOffence = (bytes, i, length) =>
  length === 0
    ? `byte 0x${(bytes[i] ?? 0).toString(16).toUpperCase()} is not UTF-8: the file looks saved as Windows-1252 (Excel's "CSV (separator: semicolon)"); save it as "CSV UTF-8", or upload it declared as Windows-1252`
    : undefined;

const utf8DeclaredWindows1252: EncodingOffence = (bytes, i, length) => {
  if (length < 2) return undefined;
  const sequence = bytes.subarray(i, i + length);
  const asUtf8 = sequence.toString('utf8');
  const asWindows1252 = new TextDecoder('windows-1252').decode(sequence);
  return `the file was declared Windows-1252 but is UTF-8 ("${asUtf8}" would read "${asWindows1252}"): upload it as UTF-8`;
};

/** One problem per row holding an offending byte sequence, naming the column where the first one sits. */
function encodingProblems(bytes: Buffer, delimiter: string, offence: EncodingOffence): ImportProblem[] {
  const delimiterByte = delimiter.charCodeAt(0);
  const header: string[] = [];
  let headerCell: number[] = [];
  let row = 1;
  let column = 0;
  let quoted = false;
  let reportedRow = 0;
  const problems: ImportProblem[] = [];
  let badRows = 0;
  for (let i = 0; i < bytes.length; ) {
    const byte = bytes[i] ?? 0;
    const length = utf8SequenceLength(bytes, i);
    const reason = offence(bytes, i, length);
    if (reason !== undefined && reportedRow !== row) {
      reportedRow = row;
      badRows += 1;
      if (problems.length < maxEncodingProblems)
        problems.push({
          row,
          column: row === 1 ? `column ${column + 1}` : (header[column] ?? `column ${column + 1}`),
          code: 'invalid_encoding',
          reason,
        });
    }
    if (length === 0) {
      i += 1;
      continue;
    }
    if (byte === 0x22) quoted = !quoted;
    else if (!quoted && byte === delimiterByte) {
      if (row === 1) header.push(Buffer.from(headerCell).toString('utf8').trim().toLowerCase());
      headerCell = [];
      column += 1;
    } else if (!quoted && byte === 0x0a) {
      if (row === 1) header.push(Buffer.from(headerCell).toString('utf8').trim().toLowerCase());
      row += 1;
      column = 0;
    } else if (row === 1 && byte !== 0x0d) headerCell.push(...bytes.subarray(i, i + length));
    i += length;
  }
  if (badRows > problems.length)
    problems.push({
      row: reportedRow,
      column: '',
      code: 'invalid_encoding',
      reason: `${badRows - problems.length} more rows have the same encoding problem`,
    });
  return problems;
}

async function readXlsx(bytes: Buffer): Promise<ImportSheet> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  } catch {
    throw unsupported('The file is a ZIP archive but not a readable Excel workbook.');
  }
  const worksheet = workbook.worksheets[0];
  if (!worksheet) throw unsupported('The workbook has no worksheet.');
  if (worksheet.actualRowCount - 1 > maxImportRows) throw tooManyRows(worksheet.actualRowCount - 1);
  const headerRow = worksheet.getRow(1);
  const width = headerRow.cellCount;
  const header = Array.from({ length: width }, (_, i) => cellText(headerRow.getCell(i + 1)));
  const rows: { rowNumber: number; cells: string[] }[] = [];
  worksheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    if (rowNumber === 1) return;
    const count = Math.max(width, row.cellCount);
    rows.push({ rowNumber, cells: Array.from({ length: count }, (_, i) => cellText(row.getCell(i + 1))) });
  });
  return { header, rows };
}

/** A number as plain decimal text, never with an exponent. */
function numberText(value: number): string {
  const text = String(value);
  return /e/i.test(text) ? value.toFixed(20).replace(/\.?0+$/, '') : text;
}

/**
 * A cell as the text a person sees in it: numbers in plain notation (a cell formatted as a
 * percentage, holding 0.2, reads "20"), dates as ISO dates, formulas by their result.
 */
function cellText(cell: ExcelJS.Cell): string {
  const value = cell.value;
  const scalar = (v: unknown): string => {
    if (v === null || v === undefined) return '';
    if (typeof v === 'number') {
      if (cell.numFmt?.includes('%') && Number.isFinite(v)) {
        try {
          return formatDecimal(parseDecimal(numberText(v)).times('100'));
        } catch {
          return numberText(v);
        }
      }
      return numberText(v);
    }
    if (typeof v === 'string') return v;
    if (typeof v === 'boolean') return v ? 'true' : 'false';
    if (v instanceof Date) return v.toISOString().slice(0, 10);
    if (typeof v === 'object') {
      if ('richText' in v && Array.isArray(v.richText))
        return v.richText.map((r: { text: string }) => r.text).join('');
      if ('result' in v) return scalar(v.result);
      if ('text' in v && typeof v.text === 'string') return v.text;
      if ('error' in v) return String(v.error);
    }
    return String(v);
  };
  return scalar(value);
}
