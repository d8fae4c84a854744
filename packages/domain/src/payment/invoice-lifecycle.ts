// The life of a supplier invoice on the buyer's side, aligned with the statuses of the French
// e-invoicing reform so that an accredited platform connector can report them:
//
//   received ──approve──▶ approved ──pay──▶ paid
//      │  ▲                  │
//      │  └──release──┐      │            hold: from received or approved, with a reason;
//      ├──hold──▶ on_hold ◀──┘            release: back to where it was held from
//      ├──reject──▶ rejected              (not processable: format, unknown buyer, duplicate)
//      └──refuse──▶ refused               (commercial dispute), also from on_hold and approved
//
// rejected, refused and paid are final: a corrected invoice or a credit note is a new document.
import { DomainError } from '../errors/index.js';

export const invoiceStatuses = ['received', 'on_hold', 'approved', 'paid', 'rejected', 'refused'] as const;
export type InvoiceStatus = (typeof invoiceStatuses)[number];

export const invoiceActions = ['approve', 'hold', 'release', 'reject', 'refuse', 'pay'] as const;
export type InvoiceAction = (typeof invoiceActions)[number];

/** The statuses an invoice can be held from, and released back to. */
export type HoldableInvoiceStatus = 'received' | 'approved';

/**
 * The status of the reform's lifecycle each one is reported as (code and French label). `paid` is
 * reported as 211 "Paiement transmis": the supplier's side reports 212 "Encaissée" once the money
 * arrives.
 */
export const reformInvoiceStatuses: Readonly<Record<InvoiceStatus, { code: string; label: string }>> = {
  received: { code: '200', label: 'Déposée' },
  on_hold: { code: '208', label: 'Suspendue' },
  approved: { code: '205', label: 'Approuvée' },
  paid: { code: '211', label: 'Paiement transmis' },
  rejected: { code: '213', label: 'Rejetée' },
  refused: { code: '210', label: 'Refusée' },
};

const transitions: Readonly<Record<InvoiceAction, Partial<Record<InvoiceStatus, InvoiceStatus>>>> = {
  approve: { received: 'approved' },
  hold: { received: 'on_hold', approved: 'on_hold' },
  // The target is the status the invoice was held from; on_hold marks where it may start.
  release: { on_hold: 'received' },
  reject: { received: 'rejected', on_hold: 'rejected' },
  refuse: { received: 'refused', on_hold: 'refused', approved: 'refused' },
  pay: { approved: 'paid' },
};

/** Actions that need a reason, reported to the supplier or kept for audit. */
export const invoiceActionsNeedingReason: readonly InvoiceAction[] = ['hold', 'reject', 'refuse'];

export const finalInvoiceStatuses: readonly InvoiceStatus[] = ['paid', 'rejected', 'refused'];

export interface InvoiceActionContext {
  /** Why: required to hold, reject or refuse. */
  readonly reason?: string | null;
  /** For release: the status the invoice was held from. */
  readonly heldFrom?: HoldableInvoiceStatus | null;
}

/** What may be done to an invoice in `status`, in the order of {@link invoiceActions}. */
export function allowedInvoiceActions(status: InvoiceStatus): InvoiceAction[] {
  return invoiceActions.filter((action) => transitions[action][status] !== undefined);
}

/**
 * The status `action` leads to. Throws `invalid_state_transition` when the action is not allowed
 * from `current`, and `validation_failed` when a reason or, to release, the held-from status is missing.
 */
export function nextInvoiceStatus(
  current: InvoiceStatus,
  action: InvoiceAction,
  context: InvoiceActionContext = {},
): InvoiceStatus {
  const next = transitions[action][current];
  if (next === undefined)
    throw new DomainError(
      'invalid_state_transition',
      `An invoice that is ${current.replace('_', ' ')} cannot be ${pastTense[action]}.`,
      { status: current, action },
    );
  if (invoiceActionsNeedingReason.includes(action) && !context.reason?.trim())
    throw new DomainError(
      'validation_failed',
      `An invoice cannot be ${pastTense[action]} without a reason.`,
      [{ field: 'reason', reason: 'is required' }],
    );
  if (action === 'release') {
    if (context.heldFrom !== 'received' && context.heldFrom !== 'approved')
      throw new DomainError('validation_failed', 'Releasing an invoice needs the status it was held from.', [
        { field: 'heldFrom', reason: 'must be received or approved' },
      ]);
    return context.heldFrom;
  }
  return next;
}

const pastTense: Readonly<Record<InvoiceAction, string>> = {
  approve: 'approved',
  hold: 'put on hold',
  release: 'released',
  reject: 'rejected',
  refuse: 'refused',
  pay: 'paid',
};
