import {
  type DecimalString,
  type InvoiceRuleSeverity,
  type InvoiceRuleViolation,
  isDomainError,
  toDecimalString,
} from '@procura/domain';
import { einvoiceError } from '../errors.js';
import { elementPath, type XmlElement } from './xml-element.js';

function invalidValue(element: XmlElement, value: string, reason: string) {
  const field = elementPath(element);
  return einvoiceError('einvoice_invalid_value', `${field} holds "${value.slice(0, 60)}", which ${reason}`, [
    { field, reason },
  ]);
}

// xs:decimal: an optional sign, digits with an optional point, at least one digit ("+1", "007", ".5", "5.").
const xsDecimal = /^([+-]?)(\d*)(?:\.(\d*))?$/;

/**
 * Reads an xs:decimal element as an exact decimal: undefined when the element is absent or empty.
 * Throws `einvoice_invalid_value`, naming the element, for anything else ("12,50", "1e3", "NaN").
 */
export function decimalOf(element: XmlElement | undefined): DecimalString | undefined {
  if (element === undefined || element.text === '') return undefined;
  const match = xsDecimal.exec(element.text);
  const [, sign = '', integerDigits = '', fractionDigits = ''] = match ?? [];
  if (match === null || (integerDigits === '' && fractionDigits === '')) {
    throw invalidValue(element, element.text, 'is not a decimal number such as 1234.50');
  }
  const integerPart = integerDigits.replace(/^0+(?=\d)/, '') || '0';
  const fractionPart = fractionDigits.replace(/0+$/, '');
  const plain = `${sign === '-' ? '-' : ''}${integerPart}${fractionPart === '' ? '' : `.${fractionPart}`}`;
  try {
    return toDecimalString(plain, elementPath(element));
  } catch (error) {
    if (isDomainError(error))
      throw invalidValue(element, element.text, error.message.replace(/^"[^"]*" /, ''));
    throw error;
  }
}

function isCalendarDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function isoDate(element: XmlElement, year: string, month: string, day: string): string {
  if (!isCalendarDate(Number(year), Number(month), Number(day))) {
    throw invalidValue(element, element.text, 'is not a calendar date');
  }
  return `${year}-${month}-${day}`;
}

/** Reads an xs:date (2017-11-13, a time zone allowed and dropped) as an ISO date; '' stays ''. */
export function xsDateOf(element: XmlElement | undefined): string | undefined {
  if (element === undefined || element.text === '') return element?.text;
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:Z|[+-]\d{2}:\d{2})?$/.exec(element.text);
  if (match === null) throw invalidValue(element, element.text, 'is not a date such as 2026-01-31');
  const [, year = '', month = '', day = ''] = match;
  return isoDate(element, year, month, day);
}

/** Reads a UN/CEFACT date string in format 102 (20180305) as an ISO date; '' stays ''. */
export function cefactDateOf(element: XmlElement | undefined): string | undefined {
  if (element === undefined || element.text === '') return element?.text;
  const format = element.attributes.get('format') ?? '102';
  if (format !== '102') {
    throw invalidValue(element, element.text, `is in date format ${format}, not 102 (CCYYMMDD)`);
  }
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(element.text);
  if (match === null) throw invalidValue(element, element.text, 'is not a date in format 102 (CCYYMMDD)');
  const [, year = '', month = '', day = ''] = match;
  return isoDate(element, year, month, day);
}

/** A rule of a syntax binding that the document breaks, located at `element`. */
export function syntaxViolation(
  ruleId: string,
  message: string,
  element: XmlElement,
  severity: InvoiceRuleSeverity = 'fatal',
): InvoiceRuleViolation {
  return { ruleId, severity, message, field: elementPath(element) };
}
