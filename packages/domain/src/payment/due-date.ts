// When an approved invoice is due. The agreed payment terms decide (those of the order, from the
// supplier's agreement), else the due date the invoice states (BT-9), else the statutory default
// of 30 days. For a French buyer the result is then capped by the Code de commerce, art. L441-10:
// at most 60 days after the issue date or, where the terms are "end of month", 45 days end of
// month. Days end of month are counted from the last day of the month of issue: 45 days end of
// month for an invoice of 10 January is 31 January + 45 days = 17 March.
import { addDays, addMonths, isCalendarDate } from '../calendar/index.js';
import { DomainError } from '../errors/index.js';
import { frenchMaximumPaymentDays, type PaymentTerms } from '../purchase-order/index.js';

/**
 * Without agreed terms nor a stated due date: Code de commerce, art. L441-10 (30 days; the law
 * counts them from delivery or performance, which the invoice date stands for here).
 */
export const statutoryPaymentDays = 30;

export type DueDateSource = 'payment_terms' | 'stated_on_invoice' | 'statutory_default';

export interface DueDateInput {
  /** BT-2, the invoice issue date. */
  readonly issueDate: string;
  /** The agreed terms, when known. */
  readonly terms?: PaymentTerms | null;
  /** BT-9, the due date the invoice states. */
  readonly statedDueDate?: string | null;
  /** ISO 3166 country of the buying entity: the French cap applies to "FR". */
  readonly buyerCountry: string;
}

export interface InvoiceDueDate {
  readonly dueDate: string;
  readonly source: DueDateSource;
  /** The latest due date French law allows; null when the buyer is not French. */
  readonly legalLatestDueDate: string | null;
  /** True when the date from the source was later than the law allows and the legal date replaced it. */
  readonly cappedByLaw: boolean;
}

function assertDate(value: string, field: string): void {
  if (!isCalendarDate(value))
    throw new DomainError('validation_failed', `"${value}" is not a date such as 2026-11-23`, [
      { field, reason: 'must be a calendar date YYYY-MM-DD' },
    ]);
}

function assertTerms(terms: PaymentTerms): void {
  if (!Number.isInteger(terms.days) || terms.days < 0)
    throw new DomainError('validation_failed', `Payment terms of ${terms.days} days are not valid`, [
      { field: 'terms.days', reason: 'must be a whole number of days from 0' },
    ]);
}

/** The last day of the month of `date`. */
export function endOfMonth(date: string): string {
  return addDays(addMonths(`${date.slice(0, 7)}-01`, 1), -1);
}

/** The due date the terms give: `days` after the issue date, or after the end of its month. */
export function dueDateFromTerms(issueDate: string, terms: PaymentTerms): string {
  assertDate(issueDate, 'issueDate');
  assertTerms(terms);
  return addDays(terms.basis === 'end_of_month' ? endOfMonth(issueDate) : issueDate, terms.days);
}

/**
 * The latest due date French law allows for an invoice issued on `issueDate`: 45 days end of
 * month when the agreed terms are end of month, otherwise 60 days after the issue date.
 */
export function legalLatestDueDate(issueDate: string, basis: PaymentTerms['basis']): string {
  return dueDateFromTerms(issueDate, { basis, days: frenchMaximumPaymentDays[basis] });
}

/** The due date of an invoice and where it comes from; see the module comment. */
export function invoiceDueDate(input: DueDateInput): InvoiceDueDate {
  const { issueDate, terms, statedDueDate, buyerCountry } = input;
  assertDate(issueDate, 'issueDate');
  if (statedDueDate) assertDate(statedDueDate, 'statedDueDate');
  const [dueDate, source]: [string, DueDateSource] = terms
    ? [dueDateFromTerms(issueDate, terms), 'payment_terms']
    : statedDueDate
      ? [statedDueDate, 'stated_on_invoice']
      : [addDays(issueDate, statutoryPaymentDays), 'statutory_default'];
  if (buyerCountry !== 'FR') return { dueDate, source, legalLatestDueDate: null, cappedByLaw: false };
  const latest = legalLatestDueDate(issueDate, terms?.basis ?? 'invoice_date');
  // ISO dates compare as strings.
  return dueDate > latest
    ? { dueDate: latest, source, legalLatestDueDate: latest, cappedByLaw: true }
    : { dueDate, source, legalLatestDueDate: latest, cappedByLaw: false };
}
