// The accounting export: each approved invoice as a journal entry, in CSV for the general ledger.
//
// An invoice debits each of its expense lines (its line net amounts, and its document level
// allowances and charges, on the GL account each was coded to) and the deductible VAT of each rate,
// and credits the supplier's payable with the tax inclusive amount (BT-112). A credit note is the
// mirror image. A negative amount changes side rather than going negative, so debit and credit
// are never below zero. Each entry must balance to the cent, or nothing is exported.
//
// The CSV (RFC 4180, comma separated, CRLF, UTF-8, header row) has one row per journal line, the
// amounts with 2 decimals and a dot. A text cell that a spreadsheet would read as a formula
// (starting with = + - @, a tab or a carriage return) is prefixed with an apostrophe.
import {
  type CurrencyCode,
  DomainError,
  decimalPlaces,
  type FieldIssue,
  type Money,
  sum,
} from '@procura/domain';

export interface ExpenseLine {
  /** The expense (or fixed asset) account the line was coded to, e.g. "606400". */
  readonly glAccount: string;
  /** Net amount, 2 decimals: a line (BT-131), or a document allowance (negative) or charge. */
  readonly amount: Money;
  readonly costCentre?: string | null;
  readonly label?: string | null;
}

export interface VatLine {
  /** The deductible VAT account for the rate, e.g. "445660". */
  readonly glAccount: string;
  readonly rate: string;
  readonly amount: Money;
}

export interface InvoiceToPost {
  readonly invoiceId: string;
  /** The supplier's number (BT-1). */
  readonly documentNumber: string;
  readonly documentType: 'invoice' | 'credit_note';
  /** The accounting date, YYYY-MM-DD. */
  readonly entryDate: string;
  readonly supplierName: string;
  /** The general ledger payables account, e.g. "401000". */
  readonly payableAccount: string;
  /** The supplier's sub-ledger account, e.g. "F-BUREAUPLUS". */
  readonly supplierAccount: string;
  readonly currency: CurrencyCode;
  readonly expenseLines: readonly ExpenseLine[];
  readonly vatLines: readonly VatLine[];
  /** BT-112: the tax inclusive amount owed to the supplier (or owed back, for a credit note). */
  readonly totalAmount: Money;
}

export interface JournalLine {
  readonly journalCode: string;
  readonly entryDate: string;
  readonly invoiceId: string;
  readonly documentNumber: string;
  readonly documentType: InvoiceToPost['documentType'];
  readonly account: string;
  /** The supplier's sub-ledger account, on the payable line only. */
  readonly auxiliaryAccount: string | null;
  readonly label: string;
  /** Exactly one of debit and credit is set, and never negative. */
  readonly debit: Money | null;
  readonly credit: Money | null;
  readonly currency: CurrencyCode;
  readonly costCentre: string | null;
}

export interface JournalOptions {
  /** The purchase journal, e.g. "HA" (achats). */
  readonly journalCode: string;
}

function assertCents(amount: Money, field: string, issues: FieldIssue[]): void {
  if (decimalPlaces(amount.amount) > 2) issues.push({ field, reason: 'must be rounded to 2 decimals' });
}

/** The journal lines of each invoice, in order: expenses, VAT, then the payable. */
export function buildJournalEntries(
  invoices: readonly InvoiceToPost[],
  options: JournalOptions,
): JournalLine[] {
  return invoices.flatMap((invoice, index) => journalEntryOf(invoice, index, options));
}

function journalEntryOf(invoice: InvoiceToPost, index: number, options: JournalOptions): JournalLine[] {
  const issues: FieldIssue[] = [];
  const field = `invoices[${index}]`;
  invoice.expenseLines.forEach((line, i) => {
    assertCents(line.amount, `${field}.expenseLines[${i}].amount`, issues);
  });
  invoice.vatLines.forEach((line, i) => {
    assertCents(line.amount, `${field}.vatLines[${i}].amount`, issues);
  });
  assertCents(invoice.totalAmount, `${field}.totalAmount`, issues);
  if (issues.length > 0)
    throw new DomainError(
      'invalid_amount',
      `Invoice ${invoice.documentNumber} has amounts that are not in cents`,
      issues,
    );

  // Debit side for an invoice; a credit note turns every line over.
  const debitSign = invoice.documentType === 'credit_note' ? -1 : 1;
  const base = {
    journalCode: options.journalCode,
    entryDate: invoice.entryDate,
    invoiceId: invoice.invoiceId,
    documentNumber: invoice.documentNumber,
    documentType: invoice.documentType,
    currency: invoice.currency,
  };
  const label = `${invoice.supplierName} ${invoice.documentNumber}`;
  const line = (
    account: string,
    amount: Money,
    sign: 1 | -1,
    extra: { auxiliaryAccount?: string; costCentre?: string | null; label?: string | null },
  ): JournalLine => {
    const debit = (amount.isNegative() ? -sign : sign) * debitSign > 0;
    const absolute = amount.isNegative() ? amount.negate() : amount;
    return {
      ...base,
      account,
      auxiliaryAccount: extra.auxiliaryAccount ?? null,
      label: extra.label ?? label,
      debit: debit ? absolute : null,
      credit: debit ? null : absolute,
      costCentre: extra.costCentre ?? null,
    };
  };

  const lines = [
    ...invoice.expenseLines.map((expense) =>
      line(expense.glAccount, expense.amount, 1, { costCentre: expense.costCentre, label: expense.label }),
    ),
    ...invoice.vatLines.map((vat) =>
      line(vat.glAccount, vat.amount, 1, { label: `${label} VAT ${vat.rate} %` }),
    ),
    line(invoice.payableAccount, invoice.totalAmount, -1, { auxiliaryAccount: invoice.supplierAccount }),
  ];
  const debits = sum(
    lines.flatMap((journalLine) => (journalLine.debit ? [journalLine.debit] : [])),
    invoice.currency,
  );
  const credits = sum(
    lines.flatMap((journalLine) => (journalLine.credit ? [journalLine.credit] : [])),
    invoice.currency,
  );
  if (!debits.equals(credits))
    throw new DomainError(
      'journal_entry_unbalanced',
      `The entry of ${invoice.documentNumber} does not balance: debits ${debits.toString()}, credits ${credits.toString()}`,
      {
        invoiceId: invoice.invoiceId,
        documentNumber: invoice.documentNumber,
        debit: debits.toDecimalString(2),
        credit: credits.toDecimalString(2),
      },
    );
  return lines;
}

export const journalCsvColumns = [
  'journal_code',
  'entry_date',
  'invoice_id',
  'document_number',
  'document_type',
  'account',
  'auxiliary_account',
  'label',
  'debit',
  'credit',
  'currency',
  'cost_centre',
] as const;

/** Quotes a cell when it needs it, and defuses one a spreadsheet would run as a formula. */
function textCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]|^\s|\s$/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

const amountCell = (amount: Money | null) => (amount === null ? '' : amount.toDecimalString(2));

/** The journal lines as CSV, header first, every line ending with CRLF. */
export function writeJournalCsv(lines: readonly JournalLine[]): string {
  const rows = lines.map((line) =>
    [
      textCell(line.journalCode),
      line.entryDate,
      textCell(line.invoiceId),
      textCell(line.documentNumber),
      line.documentType,
      textCell(line.account),
      textCell(line.auxiliaryAccount ?? ''),
      textCell(line.label),
      amountCell(line.debit),
      amountCell(line.credit),
      line.currency,
      textCell(line.costCentre ?? ''),
    ].join(','),
  );
  return [journalCsvColumns.join(','), ...rows].map((row) => `${row}\r\n`).join('');
}
