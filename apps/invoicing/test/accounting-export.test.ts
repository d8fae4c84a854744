// The accounting export read back as CSV: every entry balances, every figure is where the ledger
// expects it.
import { isDomainError, money } from '@procura/domain';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import {
  buildJournalEntries,
  type InvoiceToPost,
  journalCsvColumns,
  writeJournalCsv,
} from '../src/payment-files/index.js';

const eur = (amount: string) => money(amount, 'EUR');

/** Paper and toner for two cost centres, a 10.00 allowance, VAT at 20 % and 5.5 %. */
function invoice(overrides: Partial<InvoiceToPost> = {}): InvoiceToPost {
  return {
    invoiceId: 'inv-1',
    documentNumber: 'F2026-0042',
    documentType: 'invoice',
    entryDate: '2026-03-02',
    supplierName: 'Bureau Plus SARL',
    payableAccount: '401000',
    supplierAccount: 'F-BUREAUPLUS',
    currency: 'EUR',
    expenseLines: [
      { glAccount: '606400', amount: eur('490.00'), costCentre: 'CC-FIN', label: 'Ramettes A4' },
      { glAccount: '606400', amount: eur('120.00'), costCentre: 'CC-RH' },
      { glAccount: '606100', amount: eur('40.00'), costCentre: 'CC-RH' },
      { glAccount: '609800', amount: eur('-10.00'), label: 'Remise' },
    ],
    vatLines: [
      { glAccount: '445660', rate: '20', amount: eur('120.00') },
      { glAccount: '445662', rate: '5.5', amount: eur('2.20') },
    ],
    totalAmount: eur('762.20'),
    ...overrides,
  };
}

const parseCsv = (csv: string) => parse(csv, { columns: true }) as Record<string, string>[];

function refusal(action: () => unknown) {
  try {
    action();
  } catch (error) {
    if (isDomainError(error)) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

describe('buildJournalEntries and writeJournalCsv', () => {
  const rows = parseCsv(writeJournalCsv(buildJournalEntries([invoice()], { journalCode: 'HA' })));

  it('writes the header and one row per expense line, VAT rate and the payable', () => {
    expect(Object.keys(rows[0] ?? {})).toEqual([...journalCsvColumns]);
    expect(
      rows.map((row) => [row.account, row.auxiliary_account, row.debit, row.credit, row.cost_centre]),
    ).toEqual([
      ['606400', '', '490.00', '', 'CC-FIN'],
      ['606400', '', '120.00', '', 'CC-RH'],
      ['606100', '', '40.00', '', 'CC-RH'],
      ['609800', '', '', '10.00', ''],
      ['445660', '', '120.00', '', ''],
      ['445662', '', '2.20', '', ''],
      ['401000', 'F-BUREAUPLUS', '', '762.20', ''],
    ]);
  });

  it('carries the journal, date, invoice, document and currency on every row', () => {
    for (const row of rows)
      expect(row).toMatchObject({
        journal_code: 'HA',
        entry_date: '2026-03-02',
        invoice_id: 'inv-1',
        document_number: 'F2026-0042',
        document_type: 'invoice',
        currency: 'EUR',
      });
  });

  it('labels lines with their own label, or the supplier and invoice number, VAT with its rate', () => {
    expect(rows.map((row) => row.label)).toEqual([
      'Ramettes A4',
      'Bureau Plus SARL F2026-0042',
      'Bureau Plus SARL F2026-0042',
      'Remise',
      'Bureau Plus SARL F2026-0042 VAT 20 %',
      'Bureau Plus SARL F2026-0042 VAT 5.5 %',
      'Bureau Plus SARL F2026-0042',
    ]);
  });

  it('balances: debits equal credits, read back from the file', () => {
    const total = (column: 'debit' | 'credit') =>
      rows.reduce((sum, row) => (row[column] ? sum.add(eur(row[column] ?? '0')) : sum), eur('0'));
    expect(total('debit')).toEqual(eur('772.20'));
    expect(total('credit')).toEqual(eur('772.20'));
  });

  it('turns a credit note over: expenses and VAT credited, the supplier debited', () => {
    const lines = buildJournalEntries(
      [
        invoice({
          documentType: 'credit_note',
          documentNumber: 'AV-7',
          expenseLines: [{ glAccount: '606400', amount: eur('100.00') }],
          vatLines: [{ glAccount: '445660', rate: '20', amount: eur('20.00') }],
          totalAmount: eur('120.00'),
        }),
      ],
      { journalCode: 'HA' },
    );
    expect(
      lines.map((line) => [line.account, line.debit?.toDecimalString(), line.credit?.toDecimalString()]),
    ).toEqual([
      ['606400', undefined, '100.00'],
      ['445660', undefined, '20.00'],
      ['401000', '120.00', undefined],
    ]);
  });

  it('writes CRLF line ends, quotes cells with commas or quotes, and defuses formulas', () => {
    const csv = writeJournalCsv(
      buildJournalEntries(
        [
          invoice({
            supplierName: 'Dupont, "Fils" & Cie',
            expenseLines: [{ glAccount: '606400', amount: eur('100.00'), label: '=HYPERLINK("x")' }],
            vatLines: [],
            totalAmount: eur('100.00'),
          }),
        ],
        { journalCode: 'HA' },
      ),
    );
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.split('\r\n')).toHaveLength(4);
    const [expense, payable] = parseCsv(csv);
    expect(expense?.label).toBe(`'=HYPERLINK("x")`);
    expect(payable?.label).toBe('Dupont, "Fils" & Cie F2026-0042');
  });

  it('exports several invoices one after the other, each balanced', () => {
    const lines = buildJournalEntries(
      [invoice(), invoice({ invoiceId: 'inv-2', documentNumber: 'F2026-0043' })],
      {
        journalCode: 'HA',
      },
    );
    expect(lines).toHaveLength(14);
    expect(lines.filter((line) => line.invoiceId === 'inv-2')).toHaveLength(7);
  });
});

describe('buildJournalEntries refusals', () => {
  it('refuses an entry that does not balance, with journal_entry_unbalanced and both sides', () => {
    const error = refusal(() =>
      buildJournalEntries([invoice({ totalAmount: eur('762.21') })], { journalCode: 'HA' }),
    );
    expect(error.code).toBe('journal_entry_unbalanced');
    expect(error.details).toEqual({
      invoiceId: 'inv-1',
      documentNumber: 'F2026-0042',
      debit: '772.20',
      credit: '772.21',
    });
  });

  it('refuses amounts that are not rounded to cents, naming each', () => {
    const error = refusal(() =>
      buildJournalEntries(
        [invoice({ vatLines: [{ glAccount: '445660', rate: '20', amount: eur('122.195') }] })],
        { journalCode: 'HA' },
      ),
    );
    expect(error.code).toBe('invalid_amount');
    expect(error.details).toEqual([
      { field: 'invoices[0].vatLines[0].amount', reason: 'must be rounded to 2 decimals' },
    ]);
  });

  it('refuses an amount in another currency than the invoice’s', () => {
    const error = refusal(() =>
      buildJournalEntries([invoice({ totalAmount: money('762.20', 'USD') })], { journalCode: 'HA' }),
    );
    expect(error.code).toBe('currency_mismatch');
  });
});
