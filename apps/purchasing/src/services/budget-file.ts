// Reads a budget file into text cells for the domain's row rules: CSV in UTF-8 (with or without a
// byte order mark) or in Windows-1252 when the upload says so, separated by `;`, `,` or tabs.
import { HttpProblem } from '@procura/http';
import { CsvError, parse } from 'csv-parse/sync';

/** Largest budget file accepted (bytes); a larger upload gets 413 before it is read. */
export const maxBudgetFileBytes = 5 * 1024 * 1024;

/** Content types a CSV upload may arrive with (Windows labels .csv files as Excel's). */
const csvContentTypes = new Set([
  'text/csv',
  'text/plain',
  'application/csv',
  'application/vnd.ms-excel',
  'application/octet-stream',
]);
const charsets = new Map([
  ['utf-8', 'utf-8'],
  ['utf8', 'utf-8'],
  ['windows-1252', 'windows-1252'],
  ['cp1252', 'windows-1252'],
  ['iso-8859-1', 'windows-1252'],
  ['latin1', 'windows-1252'],
]);

function fileProblem(status: number, code: string, reason: string): HttpProblem {
  return new HttpProblem(status, code, `The budget file cannot be read: ${reason}.`, [
    { field: 'file', reason },
  ]);
}

/** The delimiter used most on the header row, outside quotes: `;` (French Excel), `,` or tab. */
function delimiterOf(firstLine: string): string {
  const counts = new Map([
    [';', 0],
    [',', 0],
    ['\t', 0],
  ]);
  let quoted = false;
  for (const char of firstLine) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && counts.has(char)) counts.set(char, (counts.get(char) ?? 0) + 1);
  }
  return [...counts].reduce((best, next) => (next[1] > best[1] ? next : best))[0];
}

/** The text encoding a CSV upload declares (UTF-8 unless told); another type of file is refused (415). */
export function csvEncodingOf(contentType: string | undefined): string {
  const [type = '', ...parameters] = (contentType ?? '').split(';').map((p) => p.trim().toLowerCase());
  if (type !== '' && !csvContentTypes.has(type))
    throw fileProblem(415, 'unsupported_file_type', `a ${type} file is not a CSV file`);
  const charset = parameters.map((p) => /^charset\s*=\s*"?([^"]+)"?$/.exec(p)?.[1]).find(Boolean) ?? 'utf-8';
  const encoding = charsets.get(charset);
  if (!encoding)
    throw fileProblem(
      415,
      'unsupported_charset',
      `the character set ${charset} is not UTF-8 or Windows-1252`,
    );
  return encoding;
}

/** The rows of a CSV budget file, header first; a file that is not readable CSV text is refused. */
export function readBudgetCsv(bytes: Buffer, contentType: string | undefined): string[][] {
  const encoding = csvEncodingOf(contentType);
  if (bytes.subarray(0, 65_536).includes(0))
    throw fileProblem(415, 'unsupported_file_type', 'it is binary, not text');
  const body = bytes.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf])) ? bytes.subarray(3) : bytes;
  let text: string;
  try {
    text = new TextDecoder(encoding, { fatal: true }).decode(body);
  } catch {
    throw fileProblem(
      400,
      'invalid_encoding',
      'it is not UTF-8: save it as "CSV UTF-8", or upload it declared as Windows-1252',
    );
  }
  try {
    return parse(text, {
      delimiter: delimiterOf(text.split('\n', 1)[0] ?? ''),
      relax_column_count: true,
      skip_empty_lines: false,
    });
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const line = (error as CsvError & { lines?: number }).lines;
    throw fileProblem(400, 'unreadable_file', `${error.message}${line ? ` (line ${line})` : ''}`);
  }
}
