// Which invoices a payment run pays, and how the payments are grouped. Pure selection: the service
// loads the candidates, calls this, and writes the payment file from the batches.
//
// An invoice is paid when it is approved and due by the run's date (dueDate ≤ dueBy). Approved
// credit notes of the same supplier, paying account and currency are offset against it whatever
// their due date, so what is owed is paid net. Everything else is left out with a reason:
//   rejected, refused, on_hold, already_paid, not_approved    the invoice's status
//   no_due_date, not_due                                      an approved invoice not yet due
//   supplier_blocked                                          the supplier is blocked or archived
//   no_bank_account, bank_details_unverified                  the supplier has no verified account
//                                                             (pending, rejected or superseded
//                                                             bank details are never paid)
//   credit_notes_exceed_invoices                              the supplier's credit notes leave
//                                                             nothing to pay: all its documents wait
//   nothing_to_offset                                         an approved credit note while no
//                                                             invoice of the supplier is due
// Payments are grouped into one batch per paying (debtor) account and currency, one payment per
// supplier in a batch; batches, payments and documents come in a stable order.
import { isCalendarDate } from '../calendar/index.js';
import { DomainError } from '../errors/index.js';
import type { CurrencyCode, Money } from '../money/index.js';
import { sum } from '../money/index.js';
import type { InvoiceStatus } from './invoice-lifecycle.js';

export type PayableDocumentType = 'invoice' | 'credit_note';

export interface PayableDocument {
  readonly invoiceId: string;
  /** The supplier's own number (BT-1), quoted in the remittance information. */
  readonly documentNumber: string;
  readonly documentType: PayableDocumentType;
  readonly supplierId: string;
  readonly status: InvoiceStatus;
  readonly dueDate: string | null;
  /** BT-115, positive: what the invoice asks, or what the credit note gives back. */
  readonly amountDue: Money;
  /** The company's bank account this document is paid from. */
  readonly debtorAccountId: string;
}

/** Status of a supplier's bank details, as kept by the supplier record (four eyes). */
export type BankAccountStatus = 'pending' | 'verified' | 'rejected' | 'superseded';

export interface SupplierBankAccount {
  readonly supplierId: string;
  readonly accountHolder: string;
  readonly iban: string;
  readonly bic: string | null;
  readonly status: BankAccountStatus;
}

export interface PaymentRunRequest {
  readonly documents: readonly PayableDocument[];
  /** The suppliers' bank accounts, of any status; only a verified one is paid to. */
  readonly bankAccounts: readonly SupplierBankAccount[];
  /** Pays what is due on or before this day. */
  readonly dueBy: string;
  /** Suppliers that are blocked or archived: nothing of theirs is paid. */
  readonly blockedSupplierIds?: readonly string[];
}

export const paymentExclusionReasons = [
  'rejected',
  'refused',
  'on_hold',
  'already_paid',
  'not_approved',
  'no_due_date',
  'not_due',
  'supplier_blocked',
  'no_bank_account',
  'bank_details_unverified',
  'credit_notes_exceed_invoices',
  'nothing_to_offset',
] as const;
export type PaymentExclusionReason = (typeof paymentExclusionReasons)[number];

export interface ExcludedDocument {
  readonly invoiceId: string;
  readonly documentNumber: string;
  readonly supplierId: string;
  readonly reason: PaymentExclusionReason;
}

export interface PaidDocument {
  readonly invoiceId: string;
  readonly documentNumber: string;
  readonly documentType: PayableDocumentType;
  /** Signed: negative for a credit note. */
  readonly amount: Money;
}

export interface SupplierPayment {
  readonly supplierId: string;
  readonly creditor: { readonly accountHolder: string; readonly iban: string; readonly bic: string | null };
  /** Invoices less credit notes, always above zero. */
  readonly amount: Money;
  /** Invoices by due date and number, then credit notes by number. */
  readonly documents: readonly PaidDocument[];
}

export interface PaymentBatch {
  readonly debtorAccountId: string;
  readonly currency: CurrencyCode;
  /** By creditor name, then supplier id. */
  readonly payments: readonly SupplierPayment[];
  readonly total: Money;
}

export interface PaymentRunSelection {
  /** By debtor account, then currency. */
  readonly batches: readonly PaymentBatch[];
  /** In the order the documents were given. */
  readonly excluded: readonly ExcludedDocument[];
}

const statusExclusion: Readonly<Partial<Record<InvoiceStatus, PaymentExclusionReason>>> = {
  rejected: 'rejected',
  refused: 'refused',
  on_hold: 'on_hold',
  paid: 'already_paid',
  received: 'not_approved',
};

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function documentOrder(a: PayableDocument, b: PayableDocument): number {
  if (a.documentType !== b.documentType) return a.documentType === 'invoice' ? -1 : 1;
  return compareText(a.dueDate ?? '', b.dueDate ?? '') || compareText(a.documentNumber, b.documentNumber);
}

/** Selects and groups what a payment run pays; see the module comment for the rules. */
export function selectPaymentRun(request: PaymentRunRequest): PaymentRunSelection {
  if (!isCalendarDate(request.dueBy))
    throw new DomainError('validation_failed', `"${request.dueBy}" is not a date such as 2026-11-23`, [
      { field: 'dueBy', reason: 'must be a calendar date YYYY-MM-DD' },
    ]);
  const reasons = new Map<PayableDocument, PaymentExclusionReason>();
  const verifiedAccount = new Map<string, SupplierBankAccount>();
  const knownAccount = new Set<string>();
  const blocked = new Set(request.blockedSupplierIds ?? []);
  for (const account of request.bankAccounts) {
    knownAccount.add(account.supplierId);
    if (account.status === 'verified' && !verifiedAccount.has(account.supplierId))
      verifiedAccount.set(account.supplierId, account);
  }

  // One group per debtor account, currency and supplier: what is paid together.
  const groups = new Map<string, PayableDocument[]>();
  for (const document of request.documents) {
    const statusReason = statusExclusion[document.status];
    if (statusReason) {
      reasons.set(document, statusReason);
      continue;
    }
    if (document.documentType === 'invoice') {
      if (document.dueDate === null) {
        reasons.set(document, 'no_due_date');
        continue;
      }
      if (document.dueDate > request.dueBy) {
        reasons.set(document, 'not_due');
        continue;
      }
    }
    if (blocked.has(document.supplierId)) {
      reasons.set(document, 'supplier_blocked');
      continue;
    }
    if (!verifiedAccount.has(document.supplierId)) {
      reasons.set(
        document,
        knownAccount.has(document.supplierId) ? 'bank_details_unverified' : 'no_bank_account',
      );
      continue;
    }
    const key = JSON.stringify([document.debtorAccountId, document.amountDue.currency, document.supplierId]);
    groups.set(key, [...(groups.get(key) ?? []), document]);
  }

  const batches = new Map<
    string,
    { debtorAccountId: string; currency: CurrencyCode; payments: SupplierPayment[] }
  >();
  for (const documents of groups.values()) {
    const [first] = documents;
    const account = first && verifiedAccount.get(first.supplierId);
    if (!first || !account) continue;
    const currency = first.amountDue.currency;
    const invoices = documents.filter((document) => document.documentType === 'invoice');
    if (invoices.length === 0) {
      for (const document of documents) reasons.set(document, 'nothing_to_offset');
      continue;
    }
    const paid = documents.toSorted(documentOrder).map(
      (document): PaidDocument => ({
        invoiceId: document.invoiceId,
        documentNumber: document.documentNumber,
        documentType: document.documentType,
        amount: document.documentType === 'credit_note' ? document.amountDue.negate() : document.amountDue,
      }),
    );
    const amount = sum(
      paid.map((document) => document.amount),
      currency,
    );
    if (amount.compare(sum([], currency)) <= 0) {
      for (const document of documents) reasons.set(document, 'credit_notes_exceed_invoices');
      continue;
    }
    const batchKey = JSON.stringify([first.debtorAccountId, currency]);
    const batch = batches.get(batchKey) ?? { debtorAccountId: first.debtorAccountId, currency, payments: [] };
    batch.payments.push({
      supplierId: first.supplierId,
      creditor: { accountHolder: account.accountHolder, iban: account.iban, bic: account.bic },
      amount,
      documents: paid,
    });
    batches.set(batchKey, batch);
  }

  return {
    batches: [...batches.values()]
      .sort(
        (a, b) => compareText(a.debtorAccountId, b.debtorAccountId) || compareText(a.currency, b.currency),
      )
      .map((batch) => {
        const payments = batch.payments.toSorted(
          (a, b) =>
            compareText(a.creditor.accountHolder, b.creditor.accountHolder) ||
            compareText(a.supplierId, b.supplierId),
        );
        return {
          ...batch,
          payments,
          total: sum(
            payments.map((payment) => payment.amount),
            batch.currency,
          ),
        };
      }),
    excluded: request.documents.flatMap((document) => {
      const reason = reasons.get(document);
      return reason === undefined
        ? []
        : [
            {
              invoiceId: document.invoiceId,
              documentNumber: document.documentNumber,
              supplierId: document.supplierId,
              reason,
            },
          ];
    }),
  };
}
