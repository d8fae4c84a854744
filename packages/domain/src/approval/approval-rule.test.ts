import { describe, expect, it } from 'vitest';
import { isDomainError } from '../errors/index.js';
import {
  type ApprovalRule,
  categoryMatches,
  checkApprovalRule,
  isUnspscCategoryPrefix,
} from './approval-rule.js';

const roles = ['it', 'finance', 'budget_holder'];
const valid: ApprovalRule = {
  id: 'finance',
  name: 'Finance above 5 000',
  order: 40,
  kind: 'blocking',
  active: true,
  conditions: {
    minAmount: '5000',
    maxAmount: '100000.00',
    categoryCodes: ['43', '4321', '432115', '43211503'],
  },
  step: { approvers: { kind: 'role', role: 'finance' }, mode: 'any', label: 'Finance' },
};

function issuesOf(rule: ApprovalRule): { field: string; reason: string }[] {
  try {
    checkApprovalRule(rule, roles);
    return [];
  } catch (error) {
    if (!isDomainError(error, 'validation_failed')) throw error;
    return error.details as { field: string; reason: string }[];
  }
}
const fieldsOf = (rule: ApprovalRule) => issuesOf(rule).map((issue) => issue.field);
const withConditions = (conditions: ApprovalRule['conditions']): ApprovalRule => ({ ...valid, conditions });

describe('checking an approval rule an administrator saved', () => {
  it('accepts a valid rule, and a catch-all rule without conditions', () => {
    expect(issuesOf(valid)).toEqual([]);
    expect(issuesOf(withConditions({}))).toEqual([]);
  });

  it('refuses a minimum equal to or above the maximum, and accepts one a cent below', () => {
    expect(issuesOf(withConditions({ minAmount: '5000', maxAmount: '5000.00' }))).toEqual([
      { field: 'conditions.maxAmount', reason: 'must be above minAmount' },
    ]);
    expect(fieldsOf(withConditions({ minAmount: '5000.01', maxAmount: '5000' }))).toEqual([
      'conditions.maxAmount',
    ]);
    expect(issuesOf(withConditions({ minAmount: '4999.99', maxAmount: '5000' }))).toEqual([]);
  });

  it('refuses amounts that are not plain decimals, or are negative', () => {
    expect(fieldsOf(withConditions({ minAmount: '1,000' }))).toEqual(['conditions.minAmount']);
    expect(fieldsOf(withConditions({ minAmount: '1e3' }))).toEqual(['conditions.minAmount']);
    expect(issuesOf(withConditions({ maxAmount: '-1' }))).toEqual([
      { field: 'conditions.maxAmount', reason: 'must not be negative' },
    ]);
  });

  it('refuses malformed UNSPSC codes, naming each by its position', () => {
    expect(
      fieldsOf(withConditions({ categoryCodes: ['4', '432', '4321150', '0043', 'IT', '432115031'] })),
    ).toEqual([
      'conditions.categoryCodes[0]',
      'conditions.categoryCodes[1]',
      'conditions.categoryCodes[2]',
      'conditions.categoryCodes[3]',
      'conditions.categoryCodes[4]',
      'conditions.categoryCodes[5]',
    ]);
  });

  it('refuses empty lists, empty ids and repeated ids in conditions', () => {
    expect(
      issuesOf(withConditions({ entityIds: [], supplierIds: ['s1', 's1'], costCentreIds: [' '] })),
    ).toEqual([
      { field: 'conditions.entityIds', reason: 'must list at least one value, or be left out' },
      { field: 'conditions.costCentreIds[0]', reason: 'must not be empty' },
      { field: 'conditions.supplierIds[1]', reason: 'is listed twice' },
    ]);
  });

  it('refuses an empty list of named approvers', () => {
    expect(issuesOf({ ...valid, step: { approvers: { kind: 'users', userIds: [] }, mode: 'all' } })).toEqual([
      { field: 'step.approvers.userIds', reason: 'must name at least one person' },
    ]);
    expect(
      issuesOf({ ...valid, step: { approvers: { kind: 'users', userIds: ['fay'] }, mode: 'all' } }),
    ).toEqual([]);
  });

  it('refuses a role the organisation does not know', () => {
    const issues = issuesOf({
      ...valid,
      step: { approvers: { kind: 'role', role: 'Finance' }, mode: 'any' },
    });
    expect(issues.map((issue) => issue.field)).toEqual(['step.approvers.role']);
    expect(issues[0]?.reason).toContain('is not a known role (it, finance, budget_holder)');
  });

  it('reports every problem at once: name, order, kind, mode, label, budget state', () => {
    const broken = {
      ...valid,
      name: ' ',
      order: 1.5,
      kind: 'soft',
      conditions: { budgetState: 'maybe', hasFreeTextLines: 'yes' },
      step: { approvers: { kind: 'manager_chain' }, mode: 'some', label: '' },
    } as unknown as ApprovalRule;
    expect(fieldsOf(broken)).toEqual([
      'name',
      'order',
      'kind',
      'conditions.budgetState',
      'conditions.hasFreeTextLines',
      'step.mode',
      'step.label',
    ]);
  });

  it('refuses a negative order and an unknown approver kind', () => {
    const broken = {
      ...valid,
      order: -1,
      step: { approvers: { kind: 'department' }, mode: 'any' },
    } as unknown as ApprovalRule;
    expect(fieldsOf(broken)).toEqual(['order', 'step.approvers.kind']);
  });
});

describe('UNSPSC category matching', () => {
  it('accepts segments, families, classes and commodities only', () => {
    expect(['43', '4321', '432115', '43211503'].every(isUnspscCategoryPrefix)).toBe(true);
    expect(['', '4', '432', '43211', '432115031', '09', 'ab'].some(isUnspscCategoryPrefix)).toBe(false);
  });

  it('matches a code under the prefix and nothing else', () => {
    expect(categoryMatches('43', '43211503')).toBe(true);
    expect(categoryMatches('4321', '43211503')).toBe(true);
    expect(categoryMatches('43211503', '43211503')).toBe(true);
    expect(categoryMatches('4322', '43211503')).toBe(false);
    expect(categoryMatches('43', '44121600')).toBe(false);
    expect(categoryMatches('43', null)).toBe(false);
  });
});
