import { describe, expect, it } from 'vitest';
import { money } from '../money/index.js';
import { thrownBy } from '../testing/thrown-by.js';
import {
  type PayableDocument,
  type PaymentRunRequest,
  type SupplierBankAccount,
  selectPaymentRun,
} from './payment-run.js';

const eur = (amount: string) => money(amount, 'EUR');

let sequence = 0;
function invoice(overrides: Partial<PayableDocument> = {}): PayableDocument {
  sequence += 1;
  return {
    invoiceId: `inv-${sequence}`,
    documentNumber: `F-${sequence}`,
    documentType: 'invoice',
    supplierId: 'bureau-plus',
    status: 'approved',
    dueDate: '2026-03-31',
    amountDue: eur('100.00'),
    debtorAccountId: 'altiva-bnp-eur',
    ...overrides,
  };
}
const creditNote = (overrides: Partial<PayableDocument> = {}) =>
  invoice({ documentType: 'credit_note', dueDate: null, ...overrides });

function account(supplierId: string, overrides: Partial<SupplierBankAccount> = {}): SupplierBankAccount {
  return {
    supplierId,
    accountHolder: `${supplierId} SAS`,
    iban: 'FR1420041010050500013M02606',
    bic: 'PSSTFRPPPAR',
    status: 'verified',
    ...overrides,
  };
}

function run(documents: PayableDocument[], overrides: Partial<PaymentRunRequest> = {}) {
  return selectPaymentRun({
    documents,
    bankAccounts: [account('bureau-plus'), account('atelier-durand', { accountHolder: 'Atelier Durand' })],
    dueBy: '2026-03-31',
    ...overrides,
  });
}

describe('selectPaymentRun', () => {
  it('pays an approved invoice due on the run date to the supplier’s verified account', () => {
    const due = invoice({ invoiceId: 'i1', documentNumber: 'F-2026-001' });
    expect(run([due])).toEqual({
      batches: [
        {
          debtorAccountId: 'altiva-bnp-eur',
          currency: 'EUR',
          total: eur('100.00'),
          payments: [
            {
              supplierId: 'bureau-plus',
              creditor: {
                accountHolder: 'bureau-plus SAS',
                iban: 'FR1420041010050500013M02606',
                bic: 'PSSTFRPPPAR',
              },
              amount: eur('100.00'),
              documents: [
                {
                  invoiceId: 'i1',
                  documentNumber: 'F-2026-001',
                  documentType: 'invoice',
                  amount: eur('100.00'),
                },
              ],
            },
          ],
        },
      ],
      excluded: [],
    });
  });

  it('leaves out an invoice due the day after the run date as not_due', () => {
    const later = invoice({ dueDate: '2026-04-01' });
    expect(run([later])).toEqual({
      batches: [],
      excluded: [
        {
          invoiceId: later.invoiceId,
          documentNumber: later.documentNumber,
          supplierId: 'bureau-plus',
          reason: 'not_due',
        },
      ],
    });
  });

  it('leaves out held, refused, rejected, paid and unapproved invoices, each with its reason', () => {
    const documents = [
      invoice({ status: 'on_hold' }),
      invoice({ status: 'refused' }),
      invoice({ status: 'rejected' }),
      invoice({ status: 'paid' }),
      invoice({ status: 'received' }),
      invoice({ dueDate: null }),
    ];
    const selection = run(documents);
    expect(selection.batches).toEqual([]);
    expect(selection.excluded.map((excluded) => excluded.reason)).toEqual([
      'on_hold',
      'refused',
      'rejected',
      'already_paid',
      'not_approved',
      'no_due_date',
    ]);
  });

  it('pays no supplier whose bank details are pending, rejected or superseded, nor one without any', () => {
    const selection = run(
      [
        invoice({ supplierId: 'pending-bank' }),
        invoice({ supplierId: 'rejected-bank' }),
        invoice({ supplierId: 'old-bank' }),
        invoice({ supplierId: 'no-bank' }),
      ],
      {
        bankAccounts: [
          account('pending-bank', { status: 'pending' }),
          account('rejected-bank', { status: 'rejected' }),
          account('old-bank', { status: 'superseded' }),
        ],
      },
    );
    expect(selection.batches).toEqual([]);
    expect(selection.excluded.map((excluded) => [excluded.supplierId, excluded.reason])).toEqual([
      ['pending-bank', 'bank_details_unverified'],
      ['rejected-bank', 'bank_details_unverified'],
      ['old-bank', 'bank_details_unverified'],
      ['no-bank', 'no_bank_account'],
    ]);
  });

  it('pays nothing, not even a credit note, to a blocked supplier with a verified account', () => {
    const selection = run(
      [
        invoice({ supplierId: 'atelier-durand', documentNumber: 'F-D' }),
        creditNote({ supplierId: 'atelier-durand', documentNumber: 'AV-D' }),
        invoice({ documentNumber: 'F-B' }),
      ],
      { blockedSupplierIds: ['atelier-durand'] },
    );
    expect(selection.batches.flatMap((batch) => batch.payments.map((p) => p.supplierId))).toEqual([
      'bureau-plus',
    ]);
    expect(selection.excluded.map((excluded) => [excluded.documentNumber, excluded.reason])).toEqual([
      ['F-D', 'supplier_blocked'],
      ['AV-D', 'supplier_blocked'],
    ]);
  });

  it('pays to the verified account when a new one awaits verification', () => {
    const selection = run([invoice()], {
      bankAccounts: [
        account('bureau-plus', { status: 'pending', iban: 'DE89370400440532013000' }),
        account('bureau-plus'),
      ],
    });
    expect(selection.batches[0]?.payments[0]?.creditor.iban).toBe('FR1420041010050500013M02606');
  });

  it('nets a supplier’s approved credit notes, whatever their due date, into one payment', () => {
    const documents = [
      invoice({ documentNumber: 'F-B', dueDate: '2026-03-15', amountDue: eur('300.00') }),
      creditNote({ documentNumber: 'AV-1', amountDue: eur('50.25') }),
      invoice({ documentNumber: 'F-A', dueDate: '2026-03-31', amountDue: eur('200.00') }),
      invoice({ documentNumber: 'F-0', dueDate: '2026-03-15', amountDue: eur('10.00') }),
    ];
    const [payment] = run(documents).batches[0]?.payments ?? [];
    expect(payment?.amount).toEqual(eur('459.75'));
    expect(
      payment?.documents.map((document) => [document.documentNumber, document.amount.toDecimalString()]),
    ).toEqual([
      ['F-0', '10.00'],
      ['F-B', '300.00'],
      ['F-A', '200.00'],
      ['AV-1', '-50.25'],
    ]);
  });

  it('holds back every document of a supplier whose credit notes equal or exceed its due invoices', () => {
    const selection = run([invoice({ amountDue: eur('80.00') }), creditNote({ amountDue: eur('80.00') })]);
    expect(selection.batches).toEqual([]);
    expect(selection.excluded.map((excluded) => excluded.reason)).toEqual([
      'credit_notes_exceed_invoices',
      'credit_notes_exceed_invoices',
    ]);
  });

  it('keeps a credit note for later when nothing of the supplier is due', () => {
    const selection = run([creditNote(), invoice({ dueDate: '2026-04-30' })]);
    expect(selection.excluded.map((excluded) => excluded.reason)).toEqual(['nothing_to_offset', 'not_due']);
  });

  it('does not offset a held credit note', () => {
    const selection = run([invoice(), creditNote({ status: 'on_hold' })]);
    expect(selection.batches[0]?.total).toEqual(eur('100.00'));
    expect(selection.excluded.map((excluded) => excluded.reason)).toEqual(['on_hold']);
  });

  it('groups per debtor account and currency, payments by creditor name, and totals each batch', () => {
    const selection = run([
      invoice({ supplierId: 'bureau-plus', amountDue: eur('10.00') }),
      invoice({ supplierId: 'atelier-durand', amountDue: eur('20.00') }),
      invoice({
        supplierId: 'bureau-plus',
        amountDue: money('30.00', 'USD'),
        debtorAccountId: 'altiva-bnp-usd',
      }),
      invoice({ supplierId: 'bureau-plus', amountDue: eur('40.00'), debtorAccountId: 'altiva-bnp-eur' }),
      invoice({ supplierId: 'bureau-plus', amountDue: eur('50.00'), debtorAccountId: 'altiva-ca-eur' }),
    ]);
    expect(
      selection.batches.map((batch) => ({
        account: batch.debtorAccountId,
        currency: batch.currency,
        total: batch.total.toString(),
        payments: batch.payments.map(
          (payment) => `${payment.creditor.accountHolder} ${payment.amount.toDecimalString()}`,
        ),
      })),
    ).toEqual([
      {
        account: 'altiva-bnp-eur',
        currency: 'EUR',
        total: '70.00 EUR',
        payments: ['Atelier Durand 20.00', 'bureau-plus SAS 50.00'],
      },
      { account: 'altiva-bnp-usd', currency: 'USD', total: '30.00 USD', payments: ['bureau-plus SAS 30.00'] },
      { account: 'altiva-ca-eur', currency: 'EUR', total: '50.00 EUR', payments: ['bureau-plus SAS 50.00'] },
    ]);
  });

  it('refuses a run date that is not a date, naming the field', () => {
    const error = thrownBy(() => run([invoice()], { dueBy: '31/03/2026' }));
    expect(error.code).toBe('validation_failed');
    expect(error.details).toEqual([{ field: 'dueBy', reason: 'must be a calendar date YYYY-MM-DD' }]);
  });
});
