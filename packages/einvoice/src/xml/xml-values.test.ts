import { type DomainError, isDomainError } from '@procura/domain';
import { describe, expect, it } from 'vitest';
import { defaultEInvoiceLimits } from '../limits.js';
import { parseXmlText } from './safe-xml.js';
import { cefactDateOf, decimalOf, xsDateOf } from './xml-values.js';

const element = (text: string, attributes = '') =>
  parseXmlText(`<Invoice><Amount${attributes}>${text}</Amount></Invoice>`, defaultEInvoiceLimits).children[0];

function refusal(action: () => unknown): DomainError {
  try {
    action();
  } catch (error) {
    if (isDomainError(error)) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('decimalOf', () => {
  it.each([
    ['1325', '1325'],
    ['1436.50', '1436.5'],
    ['-8.79', '-8.79'],
    ['+1', '1'],
    ['00000001023456789', '1023456789'],
    ['.5', '0.5'],
    ['5.', '5'],
    ['10.000000000000000000', '10'],
    ['-0.00', '0'],
  ])('reads the xs:decimal %j exactly as %j', (text, expected) => {
    expect(decimalOf(element(text))).toBe(expected);
  });

  it('gives undefined for an absent or empty element', () => {
    expect(decimalOf(undefined)).toBeUndefined();
    expect(decimalOf(element(''))).toBeUndefined();
  });

  it.each(['12,50', '1e3', 'NaN', '1 000', '-', '.'])(
    'refuses %j with einvoice_invalid_value naming the element',
    (text) => {
      const error = refusal(() => decimalOf(element(text)));

      expect(error.code).toBe('einvoice_invalid_value');
      expect(error.message).toContain('/Invoice/Amount');
      expect(error.details).toEqual([{ field: '/Invoice/Amount', reason: expect.any(String) }]);
    },
  );
});

describe('dates', () => {
  it('reads an xs:date, dropping a time zone', () => {
    expect(xsDateOf(element('2017-11-13'))).toBe('2017-11-13');
    expect(xsDateOf(element('2017-11-13+01:00'))).toBe('2017-11-13');
  });

  it('reads a UN/CEFACT format 102 date as ISO', () => {
    expect(cefactDateOf(element('20180305', ' format="102"'))).toBe('2018-03-05');
  });

  it('keeps an empty date empty, so that BR-03 reports it', () => {
    expect(xsDateOf(element(''))).toBe('');
  });

  it.each([
    [() => xsDateOf(element('2017-02-30')), 'not a calendar date'],
    [() => xsDateOf(element('13/11/2017')), 'not a date such as'],
    [() => cefactDateOf(element('201803', ' format="610"')), 'format 610'],
    [() => cefactDateOf(element('2018-03-05', ' format="102"')), 'format 102'],
  ])('refuses a date that is not one (%#)', (read, reason) => {
    const error = refusal(read);

    expect(error.code).toBe('einvoice_invalid_value');
    expect(error.message).toContain(reason);
  });
});
