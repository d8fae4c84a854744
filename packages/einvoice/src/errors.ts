import { DomainError, type ErrorCode, type ErrorDetails } from '@procura/domain';

/** The e-invoice codes of the domain's error table. */
export type EInvoiceErrorCode = Extract<ErrorCode, `einvoice_${string}`>;

/** Every failure to read an e-invoice is a DomainError with one of the `einvoice_…` codes. */
export function einvoiceError(code: EInvoiceErrorCode, message: string, details?: ErrorDetails): DomainError {
  return new DomainError(code, message, details);
}
