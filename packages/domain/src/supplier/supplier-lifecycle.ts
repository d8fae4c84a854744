import { DomainError } from '../errors/index.js';

/**
 * A supplier's life: referenced as a draft, submitted for approval, active (orders may be placed),
 * blocked (no new orders until reinstated), archived (kept for history only).
 */
export const supplierStatuses = ['draft', 'pending_approval', 'active', 'blocked', 'archived'] as const;
export type SupplierStatus = (typeof supplierStatuses)[number];

export const supplierActions = ['submit', 'approve', 'reject', 'block', 'reinstate', 'archive'] as const;
export type SupplierAction = (typeof supplierActions)[number];

const transitions: Record<SupplierAction, Partial<Record<SupplierStatus, SupplierStatus>>> = {
  submit: { draft: 'pending_approval' },
  approve: { pending_approval: 'active' },
  reject: { pending_approval: 'draft' },
  block: { active: 'blocked' },
  reinstate: { blocked: 'active' },
  archive: { draft: 'archived', active: 'archived', blocked: 'archived' },
};

/** The status an action leads to, or `invalid_state_transition` when the action is not allowed from here. */
export function nextSupplierStatus(current: SupplierStatus, action: SupplierAction): SupplierStatus {
  const next = transitions[action][current];
  if (!next) {
    throw new DomainError(
      'invalid_state_transition',
      `A supplier that is ${current.replace('_', ' ')} cannot be ${pastTense[action]}.`,
      {
        status: current,
        action,
      },
    );
  }
  return next;
}

const pastTense: Record<SupplierAction, string> = {
  submit: 'submitted for approval',
  approve: 'approved',
  reject: 'rejected',
  block: 'blocked',
  reinstate: 'reinstated',
  archive: 'archived',
};

/**
 * Four eyes on referencing: whoever submitted a supplier for approval, or last changed its record,
 * may not approve it. Throws DomainError `segregation_of_duties`.
 */
export function assertMayApproveSupplier(approval: {
  submittedBy: string | null;
  lastModifiedBy: string | null;
  approverId: string;
}): void {
  if (approval.submittedBy !== null && approval.submittedBy === approval.approverId) {
    throw new DomainError(
      'segregation_of_duties',
      'The person who submitted a supplier for approval cannot approve it: another buyer or administrator must.',
    );
  }
  if (approval.lastModifiedBy !== null && approval.lastModifiedBy === approval.approverId) {
    throw new DomainError(
      'segregation_of_duties',
      'The person who last changed a supplier cannot approve it: another buyer or administrator must.',
    );
  }
}
