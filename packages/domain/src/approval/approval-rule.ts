import { DomainError, type FieldIssue } from '../errors/index.js';
import { decimalProblem, toDecimal } from '../money/decimal.js';

/**
 * When a rule applies. Every condition given must hold (AND); a condition left out does not
 * restrict. Amounts are plain decimal strings in the entity's currency (the requisition total is
 * converted first): `minAmount` inclusive, `maxAmount` exclusive. A list condition holds when the
 * requisition's value is in the list; for categories and suppliers, when ANY line matches.
 */
export interface ApprovalConditions {
  readonly minAmount?: string;
  readonly maxAmount?: string;
  readonly entityIds?: readonly string[];
  readonly costCentreIds?: readonly string[];
  /**
   * UNSPSC codes: a full 8-digit commodity, or a prefix of 2 (segment), 4 (family) or 6 (class)
   * digits that matches every code under it: '43' (IT) matches '43211503'.
   */
  readonly categoryCodes?: readonly string[];
  readonly supplierIds?: readonly string[];
  readonly requesterIds?: readonly string[];
  readonly budgetState?: 'within' | 'over';
  readonly hasFreeTextLines?: boolean;
}

/** Who approves the step a rule adds. */
export type ApproverSpec =
  /** Cost-centre manager, then up the hierarchy to the first manager whose approval limit covers the amount. */
  | { readonly kind: 'manager_chain' }
  /** The cost-centre manager alone, whatever their limit. */
  | { readonly kind: 'cost_centre_manager' }
  /** Every active holder of a role ('it', 'finance', 'budget_holder', ...). */
  | { readonly kind: 'role'; readonly role: string }
  /** Named people. */
  | { readonly kind: 'users'; readonly userIds: readonly string[] };

export type ApprovalRuleKind = 'blocking' | 'warning';
export type ApprovalStepMode = 'any' | 'all';

/**
 * One approval rule, as an administrator edits it. Active rules are evaluated in `order` (ties by
 * id); each rule whose conditions hold adds one approval step (a manager chain adds one step per
 * level). A `warning` rule informs its approvers without blocking the requisition.
 */
export interface ApprovalRule {
  readonly id: string;
  readonly name: string;
  readonly order: number;
  readonly kind: ApprovalRuleKind;
  readonly active: boolean;
  readonly conditions: ApprovalConditions;
  readonly step: {
    readonly approvers: ApproverSpec;
    /** 'any': one approval completes the step; 'all': every approver must approve. */
    readonly mode: ApprovalStepMode;
    /** Shown in the preview instead of the rule name ("IT review"). */
    readonly label?: string;
  };
}

const unspscPrefix = /^[1-9]\d(?:\d\d){0,3}$/;

/** A UNSPSC segment (2 digits), family (4), class (6) or commodity (8); segments start at 10. */
export function isUnspscCategoryPrefix(code: string): boolean {
  return unspscPrefix.test(code);
}

/** True when the line's UNSPSC code is the condition's code or lies under it ('4321' covers '43211503'). */
export function categoryMatches(conditionCode: string, lineCode: string | null): boolean {
  return lineCode?.startsWith(conditionCode) ?? false;
}

const maxNameLength = 200;
const maxLabelLength = 100;

function checkIdList(
  issues: FieldIssue[],
  field: string,
  list: readonly string[] | undefined,
  entryProblem: (entry: string) => string | undefined = (entry) =>
    entry.trim() === '' ? 'must not be empty' : undefined,
): void {
  if (list === undefined) return;
  if (!Array.isArray(list)) {
    issues.push({ field, reason: 'must be a list' });
    return;
  }
  if (list.length === 0) issues.push({ field, reason: 'must list at least one value, or be left out' });
  const seen = new Set<string>();
  list.forEach((entry, index) => {
    const problem = typeof entry === 'string' ? entryProblem(entry) : 'must be a string';
    if (problem !== undefined) issues.push({ field: `${field}[${index}]`, reason: problem });
    else if (seen.has(entry)) issues.push({ field: `${field}[${index}]`, reason: 'is listed twice' });
    seen.add(entry);
  });
}

function checkAmount(issues: FieldIssue[], field: string, value: string | undefined): boolean {
  if (value === undefined) return false;
  const problem = typeof value === 'string' ? decimalProblem(value) : 'must be a decimal string';
  if (problem !== undefined) {
    issues.push({ field, reason: problem });
    return false;
  }
  if (toDecimal(value).lt('0')) {
    issues.push({ field, reason: 'must not be negative' });
    return false;
  }
  return true;
}

/**
 * Checks a rule as an administrator saved it, reporting every problem at once. `knownRoles` lists
 * the role names the organisation uses. Throws DomainError `validation_failed` whose details name
 * each failing field by its path ('conditions.maxAmount', 'step.approvers.userIds[1]').
 */
export function checkApprovalRule(rule: ApprovalRule, knownRoles: readonly string[]): void {
  const issues: FieldIssue[] = [];
  if (typeof rule.id !== 'string' || rule.id.trim() === '')
    issues.push({ field: 'id', reason: 'is required' });
  if (typeof rule.name !== 'string' || rule.name.trim() === '')
    issues.push({ field: 'name', reason: 'is required' });
  else if (rule.name.length > maxNameLength)
    issues.push({ field: 'name', reason: `must be at most ${maxNameLength} characters` });
  if (!Number.isSafeInteger(rule.order) || rule.order < 0)
    issues.push({ field: 'order', reason: 'must be a whole number, 0 or more' });
  if (rule.kind !== 'blocking' && rule.kind !== 'warning')
    issues.push({ field: 'kind', reason: "must be 'blocking' or 'warning'" });
  if (typeof rule.active !== 'boolean') issues.push({ field: 'active', reason: 'must be true or false' });

  const conditions = rule.conditions ?? {};
  const hasMin = checkAmount(issues, 'conditions.minAmount', conditions.minAmount);
  const hasMax = checkAmount(issues, 'conditions.maxAmount', conditions.maxAmount);
  if (
    hasMin &&
    hasMax &&
    toDecimal(conditions.minAmount ?? '0').gte(toDecimal(conditions.maxAmount ?? '0'))
  ) {
    issues.push({ field: 'conditions.maxAmount', reason: 'must be above minAmount' });
  }
  checkIdList(issues, 'conditions.entityIds', conditions.entityIds);
  checkIdList(issues, 'conditions.costCentreIds', conditions.costCentreIds);
  checkIdList(issues, 'conditions.categoryCodes', conditions.categoryCodes, (code) =>
    isUnspscCategoryPrefix(code)
      ? undefined
      : 'must be a UNSPSC code of 2, 4, 6 or 8 digits (segment, family, class or commodity)',
  );
  checkIdList(issues, 'conditions.supplierIds', conditions.supplierIds);
  checkIdList(issues, 'conditions.requesterIds', conditions.requesterIds);
  if (
    conditions.budgetState !== undefined &&
    conditions.budgetState !== 'within' &&
    conditions.budgetState !== 'over'
  ) {
    issues.push({ field: 'conditions.budgetState', reason: "must be 'within' or 'over'" });
  }
  if (conditions.hasFreeTextLines !== undefined && typeof conditions.hasFreeTextLines !== 'boolean') {
    issues.push({ field: 'conditions.hasFreeTextLines', reason: 'must be true or false' });
  }

  const step = rule.step;
  if (step?.mode !== 'any' && step?.mode !== 'all')
    issues.push({ field: 'step.mode', reason: "must be 'any' or 'all'" });
  if (step?.label !== undefined && (typeof step.label !== 'string' || step.label.trim() === ''))
    issues.push({ field: 'step.label', reason: 'must not be empty, or be left out' });
  else if (step?.label !== undefined && step.label.length > maxLabelLength)
    issues.push({ field: 'step.label', reason: `must be at most ${maxLabelLength} characters` });
  const approvers = step?.approvers;
  switch (approvers?.kind) {
    case 'manager_chain':
    case 'cost_centre_manager':
      break;
    case 'role':
      if (typeof approvers.role !== 'string' || approvers.role.trim() === '')
        issues.push({ field: 'step.approvers.role', reason: 'is required' });
      else if (!knownRoles.includes(approvers.role))
        issues.push({
          field: 'step.approvers.role',
          reason: `is not a known role (${knownRoles.join(', ')})`,
        });
      break;
    case 'users':
      if (!Array.isArray(approvers.userIds) || approvers.userIds.length === 0)
        issues.push({ field: 'step.approvers.userIds', reason: 'must name at least one person' });
      else checkIdList(issues, 'step.approvers.userIds', approvers.userIds);
      break;
    default:
      issues.push({
        field: 'step.approvers.kind',
        reason: "must be 'manager_chain', 'cost_centre_manager', 'role' or 'users'",
      });
  }
  if (issues.length > 0)
    throw new DomainError('validation_failed', 'The approval rule is not valid.', issues);
}
