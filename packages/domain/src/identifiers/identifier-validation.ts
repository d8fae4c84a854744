import { DomainError } from '../errors/index.js';

/** Why an identifier was refused: its characters, its length, its country, or its check digits. */
export type IdentifierProblem = 'format' | 'length' | 'country' | 'checksum';

/** The outcome of a `validateX` function: the normalised value, or the problem and a human reason. */
export type IdentifierValidation<T extends string> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly problem: IdentifierProblem; readonly reason: string };

export function accept<T extends string>(value: T): IdentifierValidation<T> {
  return { ok: true, value };
}

export function refuse<T extends string>(
  problem: IdentifierProblem,
  reason: string,
): IdentifierValidation<T> {
  return { ok: false, problem, reason };
}

/** Removes whitespace (including the no-break spaces of French formatting) and `separators`. */
export function compact(value: string, separators = ''): string {
  return [...value].filter((char) => !/\s/.test(char) && !separators.includes(char)).join('');
}

/** The validated value, or DomainError `invalid_identifier` naming `field` and the reason. */
export function valueOrThrow<T extends string>(
  validation: IdentifierValidation<T>,
  label: string,
  input: string,
  field: string,
): T {
  if (validation.ok) return validation.value;
  throw new DomainError('invalid_identifier', `Invalid ${label} "${input}": ${validation.reason}`, [
    { field, reason: validation.reason },
  ]);
}
