import type { ApprovalRequisition } from './approval-plan.js';

/** Why a change to a requisition sends it back to the start of its approval workflow. */
export type ApprovalRestartReason =
  | 'amount_increased'
  | 'currency_changed'
  | 'supplier_changed'
  | 'cost_centre_changed'
  | 'entity_changed'
  | 'requester_changed'
  | 'category_added'
  | 'now_over_budget'
  | 'free_text_line_added';

export interface ApprovalRestart {
  readonly restart: boolean;
  /** In the order of {@link ApprovalRestartReason}'s definition; empty when nothing restarts. */
  readonly reasons: readonly ApprovalRestartReason[];
}

const added = (before: readonly (string | null)[], after: readonly (string | null)[]) =>
  after.some((value) => value !== null && !before.includes(value));

/**
 * Whether a change to an approved (or partly approved) requisition restarts its approval workflow:
 * when the approvers could not have seen what they would now approve. That is a higher total (or
 * another currency, whose total cannot be compared without rates), a supplier not on the approved
 * requisition, another cost centre, entity or requester, and anything that could bring in a rule
 * the approvers' chain did not include: a category not on the approved requisition, going over
 * budget, a first free-text line. A lower total, removed lines or suppliers, lines moved around and
 * text edits (justification, descriptions: not in the snapshot) do not.
 */
export function requiresApprovalRestart(
  approved: ApprovalRequisition,
  changed: ApprovalRequisition,
): ApprovalRestart {
  const reasons: ApprovalRestartReason[] = [];
  if (approved.total.currency !== changed.total.currency) reasons.push('currency_changed');
  else if (changed.total.compare(approved.total) > 0) reasons.push('amount_increased');
  const suppliers = (requisition: ApprovalRequisition) => requisition.lines.map((line) => line.supplierId);
  if (added(suppliers(approved), suppliers(changed))) reasons.push('supplier_changed');
  if (approved.costCentreId !== changed.costCentreId) reasons.push('cost_centre_changed');
  if (approved.entityId !== changed.entityId) reasons.push('entity_changed');
  if (approved.requesterId !== changed.requesterId) reasons.push('requester_changed');
  const categories = (requisition: ApprovalRequisition) => requisition.lines.map((line) => line.categoryCode);
  if (added(categories(approved), categories(changed))) reasons.push('category_added');
  if (approved.budgetState === 'within' && changed.budgetState === 'over') reasons.push('now_over_budget');
  if (!approved.lines.some((line) => line.freeText) && changed.lines.some((line) => line.freeText))
    reasons.push('free_text_line_added');
  return { restart: reasons.length > 0, reasons };
}
