// The approval-rules page's logic, outside the components: the form's state and the body it sends,
// the rules in plain words (as translation keys), moving a rule up or down, and the API's field
// problems placed next to the form's inputs.
import type { FieldProblem } from './problems.js';

export type ApproverSpec =
  | { kind: 'manager_chain' }
  | { kind: 'cost_centre_manager' }
  | { kind: 'role'; role: string }
  | { kind: 'users'; userIds: string[] };

export interface ApprovalConditions {
  minAmount?: string;
  maxAmount?: string;
  costCentreIds?: string[];
  categoryCodes?: string[];
  supplierIds?: string[];
  requesterIds?: string[];
  budgetState?: 'within' | 'over';
  hasFreeTextLines?: boolean;
}

export interface ApprovalRule {
  id: string;
  entityId: string | null;
  global: boolean;
  name: string;
  position: number;
  kind: 'blocking' | 'warning';
  active: boolean;
  conditions: ApprovalConditions;
  step: { approvers: ApproverSpec; mode: 'any' | 'all'; label: string | null };
  version: number;
  updatedBy: { userId: string; displayName: string | null };
  updatedAt: string;
  usedByRequests: boolean;
}

export interface ApprovalRuleChoices {
  roles: string[];
  users: { userId: string; displayName: string; email: string; roles: string[]; active: boolean }[];
  costCentres: { costCentreId: string; code: string; name: { fr: string; en: string } }[];
}

export interface ApprovalRuleChange {
  id: string;
  ruleId: string;
  action: 'created' | 'updated' | 'activated' | 'deactivated' | 'moved' | 'deleted';
  actor: { userId: string; name: string };
  before: ApprovalRule | null;
  after: ApprovalRule | null;
  changedAt: string;
}

/** The body the API takes to create or change a rule. */
export interface ApprovalRuleBody {
  name: string;
  kind: 'blocking' | 'warning';
  active: boolean;
  conditions: ApprovalConditions;
  step: { approvers: ApproverSpec; mode: 'any' | 'all'; label: string | null };
}

/** The form as the inputs hold it: text as typed, lists as picked. */
export interface RuleForm {
  name: string;
  kind: 'blocking' | 'warning';
  active: boolean;
  minAmount: string;
  maxAmount: string;
  costCentreIds: string[];
  /** UNSPSC codes or prefixes, separated by commas or spaces. */
  categoryCodes: string;
  supplierIds: string[];
  requesterIds: string[];
  budgetState: '' | 'within' | 'over';
  freeTextLines: '' | 'with' | 'without';
  approverKind: ApproverSpec['kind'];
  role: string;
  userIds: string[];
  mode: 'any' | 'all';
  label: string;
}

export const emptyRuleForm: RuleForm = {
  name: '',
  kind: 'blocking',
  active: true,
  minAmount: '',
  maxAmount: '',
  costCentreIds: [],
  categoryCodes: '',
  supplierIds: [],
  requesterIds: [],
  budgetState: '',
  freeTextLines: '',
  approverKind: 'manager_chain',
  role: '',
  userIds: [],
  mode: 'any',
  label: '',
};

export function ruleFormOf(rule: ApprovalRule): RuleForm {
  const { conditions: c, step } = rule;
  return {
    name: rule.name,
    kind: rule.kind,
    active: rule.active,
    minAmount: c.minAmount ?? '',
    maxAmount: c.maxAmount ?? '',
    costCentreIds: c.costCentreIds ?? [],
    categoryCodes: (c.categoryCodes ?? []).join(', '),
    supplierIds: c.supplierIds ?? [],
    requesterIds: c.requesterIds ?? [],
    budgetState: c.budgetState ?? '',
    freeTextLines: c.hasFreeTextLines === undefined ? '' : c.hasFreeTextLines ? 'with' : 'without',
    approverKind: step.approvers.kind,
    role: step.approvers.kind === 'role' ? step.approvers.role : '',
    userIds: step.approvers.kind === 'users' ? step.approvers.userIds : [],
    mode: step.mode,
    label: step.label ?? '',
  };
}

/** What the form sends: a condition left empty is left out (it does not restrict). */
export function ruleBodyOf(form: RuleForm): ApprovalRuleBody {
  const conditions: ApprovalConditions = {};
  const minAmount = form.minAmount.trim().replace(',', '.');
  const maxAmount = form.maxAmount.trim().replace(',', '.');
  const categoryCodes = form.categoryCodes.split(/[\s,;]+/).filter(Boolean);
  if (minAmount) conditions.minAmount = minAmount;
  if (maxAmount) conditions.maxAmount = maxAmount;
  if (form.costCentreIds.length > 0) conditions.costCentreIds = form.costCentreIds;
  if (categoryCodes.length > 0) conditions.categoryCodes = categoryCodes;
  if (form.supplierIds.length > 0) conditions.supplierIds = form.supplierIds;
  if (form.requesterIds.length > 0) conditions.requesterIds = form.requesterIds;
  if (form.budgetState) conditions.budgetState = form.budgetState;
  if (form.freeTextLines) conditions.hasFreeTextLines = form.freeTextLines === 'with';
  const approvers: ApproverSpec =
    form.approverKind === 'role'
      ? { kind: 'role', role: form.role }
      : form.approverKind === 'users'
        ? { kind: 'users', userIds: form.userIds }
        : { kind: form.approverKind };
  return {
    name: form.name.trim(),
    kind: form.kind,
    active: form.active,
    conditions,
    step: { approvers, mode: form.mode, label: form.label.trim() || null },
  };
}

/** Adds `value` to a picked list, or takes it out. */
export const toggled = (list: readonly string[], value: string, on: boolean): string[] =>
  on ? (list.includes(value) ? [...list] : [...list, value]) : list.filter((v) => v !== value);

/** One phrase of a rule in plain words: a translation key and its values. */
export interface Phrase {
  key: string;
  values?: Record<string, string>;
}

/** How the page names what a rule refers to. */
export interface RuleNames {
  person(id: string): string;
  costCentre(id: string): string;
  supplier(id: string): string;
  role(role: string): string;
  amount(value: string): string;
}

const listOf = (ids: readonly string[], name: (id: string) => string) => ids.map(name).join(', ');

/** When a rule applies, one phrase per condition (a rule without any applies to every request). */
export function conditionPhrases(conditions: ApprovalConditions, names: RuleNames): Phrase[] {
  const c = conditions;
  const phrases: Phrase[] = [];
  if (c.minAmount && c.maxAmount)
    phrases.push({
      key: 'amountBetween',
      values: { min: names.amount(c.minAmount), max: names.amount(c.maxAmount) },
    });
  else if (c.minAmount) phrases.push({ key: 'amountFrom', values: { min: names.amount(c.minAmount) } });
  else if (c.maxAmount) phrases.push({ key: 'amountBelow', values: { max: names.amount(c.maxAmount) } });
  if (c.costCentreIds?.length)
    phrases.push({ key: 'costCentres', values: { list: listOf(c.costCentreIds, names.costCentre) } });
  if (c.categoryCodes?.length)
    phrases.push({ key: 'categories', values: { list: c.categoryCodes.join(', ') } });
  if (c.supplierIds?.length)
    phrases.push({ key: 'suppliers', values: { list: listOf(c.supplierIds, names.supplier) } });
  if (c.requesterIds?.length)
    phrases.push({ key: 'requesters', values: { list: listOf(c.requesterIds, names.person) } });
  if (c.budgetState) phrases.push({ key: c.budgetState === 'over' ? 'overBudget' : 'withinBudget' });
  if (c.hasFreeTextLines !== undefined)
    phrases.push({ key: c.hasFreeTextLines ? 'withFreeText' : 'withoutFreeText' });
  return phrases.length > 0 ? phrases : [{ key: 'always' }];
}

/** Who approves the step a rule adds, and how many of them must. */
export function approverPhrase(step: ApprovalRule['step'], names: RuleNames): Phrase {
  const { approvers } = step;
  switch (approvers.kind) {
    case 'manager_chain':
      return { key: 'managerChain' };
    case 'cost_centre_manager':
      return { key: 'costCentreManager' };
    case 'role':
      return {
        key: step.mode === 'all' ? 'roleAll' : 'roleAny',
        values: { role: names.role(approvers.role) },
      };
    case 'users':
      return {
        key: approvers.userIds.length === 1 ? 'person' : step.mode === 'all' ? 'peopleAll' : 'peopleAny',
        values: { list: listOf(approvers.userIds, names.person) },
      };
  }
}

/**
 * The order to send when a rule moves one place up or down: it swaps with its neighbour, which may
 * be a global rule (global rules keep their order among themselves). Null when it cannot move.
 */
export function movedOrder(
  rules: readonly ApprovalRule[],
  id: string,
  direction: 'up' | 'down',
): { id: string; version: number }[] | null {
  const index = rules.findIndex((r) => r.id === id);
  const other = direction === 'up' ? index - 1 : index + 1;
  const rule = rules[index];
  const neighbour = rules[other];
  if (!rule || rule.global || !neighbour) return null;
  const order = rules.map((r) => ({ id: r.id, version: r.version }));
  order[index] = { id: neighbour.id, version: neighbour.version };
  order[other] = { id: rule.id, version: rule.version };
  return order;
}

/** The inputs of the form a problem may be shown under (and 'version', shown by the buttons). */
export type RuleFormField = Exclude<keyof RuleForm, 'active'> | 'version';

const fieldOfPath: Record<string, RuleFormField> = {
  name: 'name',
  kind: 'kind',
  'conditions.minAmount': 'minAmount',
  'conditions.maxAmount': 'maxAmount',
  'conditions.costCentreIds': 'costCentreIds',
  'conditions.categoryCodes': 'categoryCodes',
  'conditions.supplierIds': 'supplierIds',
  'conditions.requesterIds': 'requesterIds',
  'conditions.budgetState': 'budgetState',
  'conditions.hasFreeTextLines': 'freeTextLines',
  'step.approvers': 'approverKind',
  'step.approvers.kind': 'approverKind',
  'step.approvers.role': 'role',
  'step.approvers.userIds': 'userIds',
  'step.mode': 'mode',
  'step.label': 'label',
  version: 'version',
};

/**
 * Places the API's field problems next to the form's inputs: 'body.conditions.minAmount' under the
 * minimum amount, 'body.step.approvers.userIds[1]' and 'body.conditions.supplierIds.0' under their
 * lists. The rest is shown with the problem's detail.
 */
export function ruleFieldErrors(errors: readonly FieldProblem[]): {
  byField: Partial<Record<RuleFormField, string[]>>;
  other: FieldProblem[];
} {
  const byField: Partial<Record<RuleFormField, string[]>> = {};
  const other: FieldProblem[] = [];
  for (const error of errors) {
    const path = error.field
      .replace(/^body\./, '')
      .replace(/\[\d+\]$|\.\d+$/, '')
      .replace(/\[\d+\]/g, '');
    const field = fieldOfPath[path];
    if (field) byField[field] = [...(byField[field] ?? []), error.reason];
    else other.push(error);
  }
  return { byField, other };
}
