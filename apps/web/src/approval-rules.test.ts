import { describe, expect, it } from 'vitest';
import {
  type ApprovalRule,
  approverPhrase,
  conditionPhrases,
  emptyRuleForm,
  movedOrder,
  type RuleNames,
  ruleBodyOf,
  ruleFieldErrors,
  ruleFormOf,
  toggled,
} from './approval-rules.js';

const names: RuleNames = {
  person: (id) => ({ u1: 'Thomas Petit', u2: 'Julien Lefèvre' })[id] ?? id,
  costCentre: (id) => ({ cc1: 'ALT-MKT', cc2: 'ALT-IT' })[id] ?? id,
  supplier: (id) => ({ s1: 'Lemaire Bureau' })[id] ?? id,
  role: (role) => ({ accountant: 'Comptable' })[role] ?? role,
  amount: (value) => `${value} €`,
};

function rule(id: string, overrides: Partial<ApprovalRule> = {}): ApprovalRule {
  return {
    id,
    entityId: 'e1',
    global: false,
    name: id,
    position: 10,
    kind: 'blocking',
    active: true,
    conditions: {},
    step: { approvers: { kind: 'manager_chain' }, mode: 'any', label: null },
    version: 1,
    updatedBy: { userId: 'admin', displayName: 'Antoine Lambert' },
    updatedAt: '2026-11-23T10:00:00.000Z',
    usedByRequests: false,
    ...overrides,
  };
}

describe('the rule form', () => {
  it('sends only the conditions filled in, amounts with a decimal point and codes as a list', () => {
    const body = ruleBodyOf({
      ...emptyRuleForm,
      name: '  Informatique  ',
      minAmount: '1500,50',
      categoryCodes: '43, 4321 ;432115',
      costCentreIds: ['cc2'],
      freeTextLines: 'without',
      approverKind: 'role',
      role: 'accountant',
      mode: 'all',
      label: ' ',
    });
    expect(body).toEqual({
      name: 'Informatique',
      kind: 'blocking',
      active: true,
      conditions: {
        minAmount: '1500.50',
        costCentreIds: ['cc2'],
        categoryCodes: ['43', '4321', '432115'],
        hasFreeTextLines: false,
      },
      step: { approvers: { kind: 'role', role: 'accountant' }, mode: 'all', label: null },
    });
  });

  it('sends a manager chain without a role or people, and named people as picked', () => {
    expect(ruleBodyOf({ ...emptyRuleForm, role: 'accountant', userIds: ['u1'] }).step.approvers).toEqual({
      kind: 'manager_chain',
    });
    expect(
      ruleBodyOf({ ...emptyRuleForm, approverKind: 'users', userIds: ['u1', 'u2'] }).step.approvers,
    ).toEqual({ kind: 'users', userIds: ['u1', 'u2'] });
  });

  it('reads a stored rule back into the form, and sends it back unchanged', () => {
    const stored = rule('r', {
      name: 'Achats hors budget',
      kind: 'warning',
      conditions: { maxAmount: '900.00', budgetState: 'over', hasFreeTextLines: true, supplierIds: ['s1'] },
      step: { approvers: { kind: 'users', userIds: ['u1'] }, mode: 'any', label: 'Contrôle' },
    });
    const form = ruleFormOf(stored);
    expect(form).toMatchObject({
      freeTextLines: 'with',
      budgetState: 'over',
      userIds: ['u1'],
      label: 'Contrôle',
    });
    const { name, kind, active, conditions, step } = stored;
    expect(ruleBodyOf(form)).toEqual({ name, kind, active, conditions, step });
  });

  it('picks and unpicks a value once', () => {
    expect(toggled(['a'], 'b', true)).toEqual(['a', 'b']);
    expect(toggled(['a', 'b'], 'b', true)).toEqual(['a', 'b']);
    expect(toggled(['a', 'b'], 'a', false)).toEqual(['b']);
  });
});

describe('a rule in plain words', () => {
  it('says a rule without conditions applies to every request', () => {
    expect(conditionPhrases({}, names)).toEqual([{ key: 'always' }]);
  });

  it('names the amount range, cost centres, categories, suppliers, requesters, budget and free text', () => {
    expect(
      conditionPhrases(
        {
          minAmount: '1000',
          maxAmount: '5000',
          costCentreIds: ['cc1', 'cc2'],
          categoryCodes: ['43'],
          supplierIds: ['s1', 'gone'],
          requesterIds: ['u2'],
          budgetState: 'over',
          hasFreeTextLines: false,
        },
        names,
      ),
    ).toEqual([
      { key: 'amountBetween', values: { min: '1000 €', max: '5000 €' } },
      { key: 'costCentres', values: { list: 'ALT-MKT, ALT-IT' } },
      { key: 'categories', values: { list: '43' } },
      { key: 'suppliers', values: { list: 'Lemaire Bureau, gone' } },
      { key: 'requesters', values: { list: 'Julien Lefèvre' } },
      { key: 'overBudget' },
      { key: 'withoutFreeText' },
    ]);
    expect(conditionPhrases({ minAmount: '10000' }, names)).toEqual([
      { key: 'amountFrom', values: { min: '10000 €' } },
    ]);
    expect(conditionPhrases({ maxAmount: '500' }, names)).toEqual([
      { key: 'amountBelow', values: { max: '500 €' } },
    ]);
  });

  it('names the approvers and whether any one or all of them must approve', () => {
    const step = (approvers: ApprovalRule['step']['approvers'], mode: 'any' | 'all' = 'any') => ({
      approvers,
      mode,
      label: null,
    });
    expect(approverPhrase(step({ kind: 'manager_chain' }), names)).toEqual({ key: 'managerChain' });
    expect(approverPhrase(step({ kind: 'role', role: 'accountant' }, 'all'), names)).toEqual({
      key: 'roleAll',
      values: { role: 'Comptable' },
    });
    expect(approverPhrase(step({ kind: 'users', userIds: ['u1'] }, 'all'), names)).toEqual({
      key: 'person',
      values: { list: 'Thomas Petit' },
    });
    expect(approverPhrase(step({ kind: 'users', userIds: ['u1', 'u2'] }), names)).toEqual({
      key: 'peopleAny',
      values: { list: 'Thomas Petit, Julien Lefèvre' },
    });
  });
});

describe('moving a rule', () => {
  const rules = [
    rule('manager', { global: true, entityId: null }),
    rule('it', { version: 3 }),
    rule('finance', { global: true, entityId: null }),
  ];

  it('swaps it with its neighbour, global or not, carrying every version read', () => {
    expect(movedOrder(rules, 'it', 'up')).toEqual([
      { id: 'it', version: 3 },
      { id: 'manager', version: 1 },
      { id: 'finance', version: 1 },
    ]);
    expect(movedOrder(rules, 'it', 'down')?.map((r) => r.id)).toEqual(['manager', 'finance', 'it']);
  });

  it('does not move the first rule up, the last one down, or a global rule', () => {
    expect(movedOrder([rule('a'), rule('b')], 'a', 'up')).toBeNull();
    expect(movedOrder([rule('a'), rule('b')], 'b', 'down')).toBeNull();
    expect(movedOrder(rules, 'finance', 'up')).toBeNull();
  });
});

describe("placing the API's problems next to the fields", () => {
  it('puts domain, shape and directory problems under their inputs, the rest aside', () => {
    const { byField, other } = ruleFieldErrors([
      { field: 'body.conditions.maxAmount', reason: 'must be above minAmount' },
      { field: 'body.step.approvers.userIds[1]', reason: 'is not a person of your entity' },
      { field: 'body.conditions.supplierIds.0', reason: 'must be a UUID' },
      { field: 'body.conditions.categoryCodes[0]', reason: 'must be a UNSPSC code' },
      { field: 'body.conditions.hasFreeTextLines', reason: 'must be true or false' },
      { field: 'body.version', reason: 'is 1, the rule is at version 2' },
      { field: 'body.conditions', reason: 'Unrecognized key: "entityIds"' },
    ]);
    expect(byField).toEqual({
      maxAmount: ['must be above minAmount'],
      userIds: ['is not a person of your entity'],
      supplierIds: ['must be a UUID'],
      categoryCodes: ['must be a UNSPSC code'],
      freeTextLines: ['must be true or false'],
      version: ['is 1, the rule is at version 2'],
    });
    expect(other).toEqual([{ field: 'body.conditions', reason: 'Unrecognized key: "entityIds"' }]);
  });
});
