import { describe, expect, it } from 'vitest';
import {
  compareLine,
  type InvoiceStatus,
  invoiceActionsFor,
  invoiceContentType,
  invoicesQuery,
  transfersOf,
} from './invoices.js';

const eur = (amount: string) => ({ amount, currency: 'EUR' });

describe('a line beside its order line', () => {
  it('puts the price variance beside the ordered price, with its impact', () => {
    const compared = compareLine({
      match: {
        status: 'price_variance',
        mode: 'three_way',
        quantities: { ordered: '10', received: '10', invoiced: '10' },
        findings: [
          {
            reason: 'price_variance',
            measure: 'unit_price',
            expected: '4.90',
            actual: '5.10',
            difference: '0.20',
            allowed: '0',
            impact: eur('2.00'),
          },
        ],
      },
    });
    expect(compared).toEqual({
      price: { ordered: '4.90', invoiced: '5.10', impact: eur('2.00') },
      quantity: null,
      others: [],
    });
  });

  it('keeps the first quantity finding, and lists differences that are not figures apart', () => {
    const compared = compareLine({
      match: {
        status: 'vat_mismatch',
        mode: 'three_way',
        quantities: { ordered: '10', received: '4', invoiced: '6' },
        findings: [
          { reason: 'vat_mismatch', expected: 'S 20', actual: 'S 10' },
          {
            reason: 'quantity_over_received',
            measure: 'quantity',
            expected: '4',
            actual: '6',
            impact: eur('9.80'),
          },
          { reason: 'quantity_over_ordered', measure: 'quantity', expected: '10', actual: '12' },
        ],
      },
    });
    expect(compared.price).toBeNull();
    expect(compared.quantity).toEqual({
      reason: 'quantity_over_received',
      expected: '4',
      actual: '6',
      impact: eur('9.80'),
    });
    expect(compared.others).toEqual([{ reason: 'vat_mismatch', expected: 'S 20', actual: 'S 10' }]);
  });
});

describe('the upload', () => {
  it('sends each kind of file with the type the intake reads', () => {
    expect(invoiceContentType({ name: 'F-2026-001.PDF', type: '' })).toBe('application/pdf');
    expect(invoiceContentType({ name: 'ubl.xml', type: 'text/xml' })).toBe('application/xml');
    expect(invoiceContentType({ name: 'saisie.json', type: '' })).toBe('application/json');
    expect(invoiceContentType({ name: 'facture', type: '' })).toBe('application/octet-stream');
  });

  it('asks for one status, or all', () => {
    expect(invoicesQuery({ status: '' })).toBe('/api/v1/invoices?limit=200');
    expect(invoicesQuery({ status: 'on_hold' })).toBe('/api/v1/invoices?limit=200&status=on_hold');
  });
});

describe('a payment run', () => {
  const document = (
    number: string,
    endToEndId: string,
    amount: string,
    kind: 'invoice' | 'credit_note' = 'invoice',
  ) => ({
    invoiceId: number,
    number,
    kind,
    supplierName: endToEndId === 'E1' ? 'Lemaire' : 'Numéria',
    dueDate: '2026-12-01',
    amount,
    endToEndId,
    paidOn: null,
  });

  it('shows one transfer per supplier, its credit notes netted', () => {
    expect(
      transfersOf({
        invoices: [
          document('F-1', 'E1', '1200.00'),
          document('AV-1', 'E1', '-200.50', 'credit_note'),
          document('F-9', 'E2', '0.99'),
          document('F-2', 'E1', '10.05'),
        ],
      }).map((t) => [t.supplierName, t.amount, t.documents.map((d) => d.number)]),
    ).toEqual([
      ['Lemaire', '1009.55', ['F-1', 'AV-1', 'F-2']],
      ['Numéria', '0.99', ['F-9']],
    ]);
  });
});

describe('what an accountant may do with an invoice', () => {
  const invoice = (status: InvoiceStatus, reasons: string[]) => ({
    status,
    match: {
      status: reasons.length > 0 ? ('exception' as const) : ('matched' as const),
      reasons,
      owner: null,
    },
  });

  it('accepts a variance or asks a credit note only on a received invoice in exception', () => {
    expect(invoiceActionsFor(invoice('received', ['price_variance']))).toEqual([
      'accept-variance',
      'request-credit-note',
      'hold',
      'refuse',
    ]);
    // Awaiting a receipt is no variance to accept: the requester receives, or the supplier credits.
    expect(invoiceActionsFor(invoice('received', ['awaiting_receipt']))).toEqual([
      'request-credit-note',
      'hold',
      'refuse',
    ]);
  });

  it('lets accounts payable decide that a possible duplicate is not one', () => {
    expect(invoiceActionsFor(invoice('received', ['possible_duplicate']))).toEqual([
      'clear-duplicate',
      'request-credit-note',
      'hold',
      'refuse',
    ]);
  });

  it('releases a held invoice, holds or refuses an approved one, and leaves final ones alone', () => {
    expect(invoiceActionsFor(invoice('on_hold', ['price_variance']))).toEqual(['release', 'refuse']);
    expect(invoiceActionsFor(invoice('approved', []))).toEqual(['hold', 'refuse']);
    for (const status of ['paid', 'refused', 'rejected'] as const)
      expect(invoiceActionsFor(invoice(status, []))).toEqual([]);
  });
});
