import { calendarDate, companyTimeZone } from '../calendar/index.js';
import { DomainError } from '../errors/index.js';

/** A purchase order's number within its buying entity: the year it was issued and its rank that year. */
export interface PurchaseOrderNumberParts {
  readonly year: number;
  readonly sequence: number;
}

const maxSequence = 999_999;
const numberPattern = /^PO-(\d{4})-(\d{6})$/;

function refuse(field: 'year' | 'sequence' | 'number', value: unknown, reason: string): never {
  throw new DomainError('validation_failed', `The purchase order ${field} ${String(value)} ${reason}.`, [
    { field, reason },
  ]);
}

function checkParts(year: number, sequence: number, field?: 'number'): void {
  if (!Number.isInteger(year) || year < 2000 || year > 9999)
    refuse(field ?? 'year', year, 'must be a year from 2000 to 9999');
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > maxSequence)
    refuse(field ?? 'sequence', sequence, `must be a whole number from 1 to ${maxSequence}`);
}

/**
 * `PO-2026-000123`: each buying entity numbers its orders per year from 1, without gaps. The
 * database counter allocates the sequence in the issuing transaction; this only writes it.
 */
export function formatPurchaseOrderNumber(year: number, sequence: number): string {
  checkParts(year, sequence);
  return `PO-${year}-${String(sequence).padStart(6, '0')}`;
}

/** Reads `PO-2026-000123` back into its year and sequence; throws `validation_failed` on anything else. */
export function parsePurchaseOrderNumber(value: string): PurchaseOrderNumberParts {
  const match = numberPattern.exec(value);
  if (!match)
    refuse('number', JSON.stringify(value), 'is not a purchase order number such as PO-2026-000123');
  const year = Number(match[1]);
  const sequence = Number(match[2]);
  checkParts(year, sequence, 'number');
  return { year, sequence };
}

/**
 * The numbering year of an order issued at `issuedAt`: the year of that day in the buying entity's
 * time zone, so an order issued on 31 December at 23:30 in Paris (22:30 UTC) belongs to that year,
 * and one issued at 00:30 on 1 January to the next.
 */
export function purchaseOrderYear(issuedAt: Date, timeZone: string = companyTimeZone): number {
  return Number(calendarDate(issuedAt, timeZone).slice(0, 4));
}
