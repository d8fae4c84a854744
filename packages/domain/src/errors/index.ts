export { DomainError, type ErrorDetails, type FieldIssue, isDomainError } from './domain-error.js';
export { type ErrorCode, type ErrorKind, errorCodes } from './error-codes.js';
