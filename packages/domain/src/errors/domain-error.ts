import { type ErrorCode, type ErrorKind, errorCodes } from './error-codes.js';

/** One failing field: the edge lists these in its problem answer. */
export interface FieldIssue {
  readonly field: string;
  readonly reason: string;
}

export type ErrorDetails = readonly FieldIssue[] | Readonly<Record<string, unknown>>;

/** The only error the domain throws on purpose: a documented code, an English message, optional details. */
export class DomainError extends Error {
  override readonly name = 'DomainError';
  readonly code: ErrorCode;
  readonly details: ErrorDetails | undefined;

  constructor(code: ErrorCode, message: string, details?: ErrorDetails) {
    super(message);
    this.code = code;
    this.details = details;
  }

  get kind(): ErrorKind {
    return errorCodes[this.code].kind;
  }
}

/** True for a {@link DomainError}, and when `code` is given, only for one carrying that code. */
export function isDomainError(error: unknown, code?: ErrorCode): error is DomainError {
  return error instanceof DomainError && (code === undefined || error.code === code);
}
