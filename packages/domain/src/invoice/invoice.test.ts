import { describe, expect, it } from 'vitest';
import { thrownBy } from '../testing/thrown-by.js';
import { documentKindOfTypeCode, emptyInvoice, toDecimalString } from './invoice.js';

describe('toDecimalString', () => {
  it('keeps the exact value in plain notation, without trailing zeros: "25.0" → "25", "-8.790" → "-8.79"', () => {
    expect(toDecimalString('25.0')).toBe('25');
    expect(toDecimalString('-8.790')).toBe('-8.79');
    expect(toDecimalString('0.0000001')).toBe('0.0000001');
  });

  it('refuses anything that is not a plain decimal with invalid_decimal, naming the field', () => {
    const error = thrownBy(() => toDecimalString('1e3', 'lines[0].quantity'));

    expect(error.code).toBe('invalid_decimal');
    expect(error.details).toEqual([
      { field: 'lines[0].quantity', reason: expect.stringContaining('exponent') },
    ]);
  });
});

describe('documentKindOfTypeCode', () => {
  it.each(['381', '396', '261', ' 381 '])('classes %j as a credit note', (code) => {
    expect(documentKindOfTypeCode(code)).toBe('credit_note');
  });

  it.each(['380', '384', '389', '326', undefined])(
    'classes %j as an invoice, self-billed 389 and corrected 384 included',
    (code) => {
      expect(documentKindOfTypeCode(code)).toBe('invoice');
    },
  );
});

describe('emptyInvoice', () => {
  it('starts with no party identifier, line, breakdown or total', () => {
    expect(emptyInvoice('credit_note')).toEqual({
      kind: 'credit_note',
      precedingInvoices: [],
      seller: { identifiers: [] },
      buyer: { identifiers: [] },
      paymentMeans: [],
      allowances: [],
      charges: [],
      vatBreakdown: [],
      totals: {},
      lines: [],
    });
  });
});
