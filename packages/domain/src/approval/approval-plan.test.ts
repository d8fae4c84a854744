import { describe, expect, it } from 'vitest';
import type { CurrencyCode } from '../money/currency.js';
import { money } from '../money/money.js';
import { thrownBy } from '../testing/thrown-by.js';
import {
  type ApprovalDirectory,
  type ApprovalDirectoryUser,
  type ApprovalPlan,
  type ApprovalRequisition,
  approvalAmount,
  planApprovalChain,
} from './approval-plan.js';
import type { ApprovalRule } from './approval-rule.js';

// Ann (requester) → Mia (team, 1 000) → Max (director, 10 000) → Cleo (CEO, 1 000 000).
function user(id: string, fields: Partial<ApprovalDirectoryUser> = {}): ApprovalDirectoryUser {
  const name = id[0]?.toUpperCase() + id.slice(1);
  return {
    id,
    displayName: name,
    managerUserId: null,
    approvalLimit: null,
    roles: [],
    active: true,
    ...fields,
  };
}
const people = {
  ann: user('ann', { managerUserId: 'mia' }),
  mia: user('mia', { managerUserId: 'max', approvalLimit: '1000' }),
  max: user('max', { managerUserId: 'cleo', approvalLimit: '10000' }),
  cleo: user('cleo', { approvalLimit: '1000000' }),
  ivy: user('ivy', { managerUserId: 'max', roles: ['it'] }),
  fay: user('fay', { managerUserId: 'cleo', roles: ['finance'], approvalLimit: '50000' }),
  fred: user('fred', { managerUserId: 'cleo', roles: ['finance'] }),
  bea: user('bea', { managerUserId: 'cleo', roles: ['budget_holder'] }),
};
type Person = keyof typeof people;

function directory(changes: Partial<Record<Person, Partial<ApprovalDirectoryUser>>> = {}): ApprovalDirectory {
  return {
    users: Object.values(people).map((u) => ({ ...u, ...changes[u.id as Person] })),
    costCentres: [
      { id: 'CC-OPS', managerUserId: 'mia' },
      { id: 'CC-NONE', managerUserId: null },
    ],
  };
}

function requisition(
  total: string,
  fields: Partial<ApprovalRequisition> = {},
  currency: CurrencyCode = 'EUR',
) {
  return {
    requesterId: 'ann',
    entityId: 'FR01',
    costCentreId: 'CC-OPS',
    total: money(total, currency),
    lines: [
      { categoryCode: '44121600', supplierId: 'sup-office', freeText: false, amount: money(total, currency) },
    ],
    budgetState: 'within',
    ...fields,
  } satisfies ApprovalRequisition;
}

function rule(id: string, order: number, fields: Partial<ApprovalRule> = {}): ApprovalRule {
  return {
    id,
    name: id,
    order,
    kind: 'blocking',
    active: true,
    conditions: {},
    step: { approvers: { kind: 'manager_chain' }, mode: 'any' },
    ...fields,
  };
}
const managerChain = rule('chain', 10, { name: 'Manager approval' });
const itReview = rule('it', 20, {
  name: 'IT review',
  conditions: { categoryCodes: ['43'] },
  step: { approvers: { kind: 'role', role: 'it' }, mode: 'any' },
});
const overBudget = rule('budget', 30, {
  name: 'Over budget',
  conditions: { budgetState: 'over' },
  step: { approvers: { kind: 'role', role: 'budget_holder' }, mode: 'any' },
});
const finance = rule('finance', 40, {
  name: 'Finance above 5 000',
  conditions: { minAmount: '5000' },
  step: { approvers: { kind: 'role', role: 'finance' }, mode: 'any', label: 'Finance' },
});

function plan(
  total: string,
  rules: readonly ApprovalRule[],
  fields: Partial<ApprovalRequisition> = {},
  org = directory(),
): ApprovalPlan {
  return planApprovalChain({
    requisition: requisition(total, fields),
    rules,
    entityCurrency: 'EUR',
    exchangeRates: { USD: '0.92' },
    directory: org,
  });
}

const approvers = (p: ApprovalPlan) => p.steps.map((step) => step.approverUserIds);
const noteCodes = (p: ApprovalPlan) => p.notes.map((note) => note.code);

describe('amount thresholds', () => {
  it('applies a minimum from exactly the threshold, not one cent below', () => {
    expect(plan('5000.00', [finance]).steps.map((s) => s.ruleId)).toEqual(['finance']);
    expect(plan('4999.99', [finance]).steps).toEqual([]);
  });

  it('applies a maximum up to one cent below it, not at it', () => {
    const small = rule('small', 1, {
      conditions: { maxAmount: '500' },
      step: { approvers: { kind: 'users', userIds: ['fay'] }, mode: 'any' },
    });
    expect(approvers(plan('499.99', [small]))).toEqual([['fay']]);
    expect(plan('500.00', [small]).steps).toEqual([]);
  });

  it('converts a USD requisition to the entity’s euros before comparing (0.92 per dollar)', () => {
    // 5434.79 × 0.92 = 5000.0068 → 5000.01 EUR; 5434.77 × 0.92 = 4999.9884 → 4999.99 EUR.
    const over = planApprovalChain({
      requisition: requisition('5434.79', {}, 'USD'),
      rules: [finance],
      entityCurrency: 'EUR',
      exchangeRates: { USD: '0.92' },
      directory: directory(),
    });
    expect(over.amount.toString()).toBe('5000.01 EUR');
    expect(over.steps.map((s) => s.ruleId)).toEqual(['finance']);
    const under = planApprovalChain({
      requisition: requisition('5434.77', {}, 'USD'),
      rules: [finance],
      entityCurrency: 'EUR',
      exchangeRates: (currency) => (currency === 'USD' ? '0.92' : undefined),
      directory: directory(),
    });
    expect(under.amount.toString()).toBe('4999.99 EUR');
    expect(under.steps).toEqual([]);
  });

  it('rounds the converted amount to the cent, a half cent away from zero', () => {
    // 9999.99 × 0.5 = 4999.995 → 5000.00: the finance threshold applies.
    expect(approvalAmount(money('9999.99', 'USD'), 'EUR', { USD: '0.5' }).toString()).toBe('5000.00 EUR');
    expect(approvalAmount(money('9999.97', 'USD'), 'EUR', { USD: '0.5' }).toString()).toBe('4999.99 EUR');
  });

  it('compares the manager’s approval limit with the converted amount', () => {
    // 1086.95 USD × 0.92 = 999.994 → 999.99 EUR: within Mia’s 1 000; 1087.00 USD → 1000.04 EUR is not.
    const chainFor = (total: string) =>
      planApprovalChain({
        requisition: requisition(total, {}, 'USD'),
        rules: [managerChain],
        entityCurrency: 'EUR',
        exchangeRates: { USD: '0.92' },
        directory: directory(),
      });
    expect(approvers(chainFor('1086.95'))).toEqual([['mia']]);
    expect(approvers(chainFor('1087.00'))).toEqual([['mia'], ['max']]);
  });

  it('refuses to plan without an exchange rate for the requisition’s currency', () => {
    const error = thrownBy(() =>
      planApprovalChain({
        requisition: requisition('100', {}, 'GBP'),
        rules: [finance],
        entityCurrency: 'EUR',
        exchangeRates: { USD: '0.92' },
        directory: directory(),
      }),
    );
    expect(error.code).toBe('currency_mismatch');
    expect(error.details).toEqual({ from: 'GBP', to: 'EUR' });
  });

  it('refuses a rate that is zero, negative or not a plain decimal', () => {
    expect(thrownBy(() => approvalAmount(money('1', 'USD'), 'EUR', { USD: '0' })).code).toBe(
      'invalid_decimal',
    );
    expect(thrownBy(() => approvalAmount(money('1', 'USD'), 'EUR', { USD: '-1' })).code).toBe(
      'invalid_decimal',
    );
    expect(thrownBy(() => approvalAmount(money('1', 'USD'), 'EUR', { USD: '9.2e-1' })).code).toBe(
      'invalid_decimal',
    );
  });

  it('needs no rate when the requisition is in the entity’s currency', () => {
    expect(approvalAmount(money('12.345', 'EUR'), 'EUR', {}).toString()).toBe('12.345 EUR');
  });
});

describe('conditions', () => {
  it('matches a UNSPSC segment, family or commodity prefix on any line', () => {
    const laptop = {
      categoryCode: '43211503',
      supplierId: 'sup-it',
      freeText: false,
      amount: money('900', 'EUR'),
    };
    const paper = {
      categoryCode: '14111507',
      supplierId: 'sup-office',
      freeText: false,
      amount: money('100', 'EUR'),
    };
    const itFamily = { ...itReview, conditions: { categoryCodes: ['4321'] } };
    const otherFamily = { ...itReview, conditions: { categoryCodes: ['4322'] } };
    expect(approvers(plan('1000', [itReview], { lines: [paper, laptop] }))).toEqual([['ivy']]);
    expect(approvers(plan('1000', [itFamily], { lines: [paper, laptop] }))).toEqual([['ivy']]);
    expect(plan('1000', [otherFamily], { lines: [paper, laptop] }).steps).toEqual([]);
    expect(plan('100', [itReview], { lines: [paper] }).steps).toEqual([]);
  });

  it('matches a supplier on any line, and never a line without supplier', () => {
    const named = rule('sup', 1, {
      conditions: { supplierIds: ['sup-risky'] },
      step: { approvers: { kind: 'users', userIds: ['fay'] }, mode: 'any' },
    });
    const line = (supplierId: string | null) => ({
      categoryCode: '14111507',
      supplierId,
      freeText: supplierId === null,
      amount: money('10', 'EUR'),
    });
    expect(plan('20', [named], { lines: [line(null), line('sup-risky')] }).steps).toHaveLength(1);
    expect(plan('20', [named], { lines: [line(null), line('sup-office')] }).steps).toEqual([]);
  });

  it('requires every condition given: entity, cost centre, requester, budget state and free text', () => {
    const narrow = rule('narrow', 1, {
      conditions: {
        entityIds: ['FR01'],
        costCentreIds: ['CC-OPS'],
        requesterIds: ['ann'],
        budgetState: 'over',
        hasFreeTextLines: false,
      },
      step: { approvers: { kind: 'users', userIds: ['fay'] }, mode: 'any' },
    });
    expect(plan('10', [narrow], { budgetState: 'over' }).steps).toHaveLength(1);
    expect(plan('10', [narrow], { budgetState: 'within' }).steps).toEqual([]);
    expect(plan('10', [narrow], { budgetState: 'over', entityId: 'DE01' }).steps).toEqual([]);
    expect(plan('10', [narrow], { budgetState: 'over', costCentreId: 'CC-NONE' }).steps).toEqual([]);
    const freeText = [{ categoryCode: null, supplierId: null, freeText: true, amount: money('10', 'EUR') }];
    expect(plan('10', [narrow], { budgetState: 'over', lines: freeText }).steps).toEqual([]);
  });

  it('sends an over-budget requisition to the budget holder', () => {
    expect(approvers(plan('10', [overBudget], { budgetState: 'over' }))).toEqual([['bea']]);
    expect(plan('10', [overBudget], { budgetState: 'within' }).steps).toEqual([]);
  });

  it('evaluates active rules by their order, not their position in the list, and ignores inactive ones', () => {
    const result = plan('6000', [finance, { ...overBudget, active: false }, managerChain], {
      budgetState: 'over',
    });
    expect(result.steps.map((s) => s.ruleId)).toEqual(['chain', 'chain', 'finance']);
    expect(result.steps.map((s) => s.index)).toEqual([0, 1, 2]);
  });

  it('explains each step for the preview: the rule, why it applies, who approves', () => {
    const [step] = plan('6000', [finance]).steps;
    expect(step?.label).toBe('Finance');
    expect(step?.explanation).toContain('rule “Finance above 5 000”');
    expect(step?.explanation).toContain('the amount 6000.00 EUR is at least 5000.00 EUR');
    expect(step?.explanation).toContain('Any one of Fay, Fred approves');
  });
});

describe('manager chain', () => {
  it('stops at the first manager whose limit covers the amount, one step per level', () => {
    const result = plan('5000', [managerChain]);
    expect(approvers(result)).toEqual([['mia'], ['max']]);
    expect(result.steps.map((s) => s.chainLevel)).toEqual([
      { level: 1, of: 2 },
      { level: 2, of: 2 },
    ]);
    expect(result.steps[0]?.explanation).toContain('approval limit 1000.00 EUR is below 5000.00 EUR');
    expect(result.steps[1]?.explanation).toContain('approval limit 10000.00 EUR covers 5000.00 EUR');
    expect(result.notes).toEqual([]);
  });

  it('stops at a manager whose limit equals the amount', () => {
    expect(approvers(plan('1000.00', [managerChain]))).toEqual([['mia']]);
    expect(approvers(plan('1000.01', [managerChain]))).toEqual([['mia'], ['max']]);
  });

  it('lets the top of a looping hierarchy approve, with a warning, instead of going round', () => {
    const looping = directory({ max: { managerUserId: 'mia' } });
    const result = plan('50000', [managerChain], {}, looping);
    expect(approvers(result)).toEqual([['mia'], ['max']]);
    expect(result.notes).toMatchObject([{ code: 'manager_chain_loop', level: 'warning', stepIndex: 0 }]);
    expect(result.notes[0]?.message).toContain('Max, at the top of the chain, approves');
    expect(result.submittable).toBe(true);
  });

  it('lets the top manager approve when nobody’s limit is enough, with a warning', () => {
    const result = plan('2000000', [managerChain]);
    expect(approvers(result)).toEqual([['mia'], ['max'], ['cleo']]);
    expect(result.notes).toMatchObject([
      { code: 'manager_chain_exhausted', level: 'warning', userId: 'cleo' },
    ]);
    expect(result.steps[2]?.explanation).toContain('top of the chain');
  });

  it('starts at the requester’s manager when the cost centre has none', () => {
    const result = plan('5000', [managerChain], { costCentreId: 'CC-NONE' });
    expect(approvers(result)).toEqual([['mia'], ['max']]);
    expect(noteCodes(result)).toEqual(['cost_centre_without_manager']);
  });

  it('skips the requester when they manage the cost centre: the next manager up approves', () => {
    const result = plan('500', [managerChain], { requesterId: 'mia' });
    expect(approvers(result)).toEqual([['max']]);
    expect(result.notes).toMatchObject([{ code: 'self_approval_skipped', userId: 'mia' }]);
  });

  it('skips an inactive manager: the level passes to their own manager', () => {
    const result = plan('5000', [managerChain], {}, directory({ max: { active: false } }));
    expect(approvers(result)).toEqual([['mia'], ['cleo']]);
    expect(result.notes).toMatchObject([{ code: 'inactive_approver_skipped', userId: 'max' }]);
  });

  it('treats a manager without approval limit as covering nothing', () => {
    expect(approvers(plan('1', [managerChain], {}, directory({ mia: { approvalLimit: null } })))).toEqual([
      ['mia'],
      ['max'],
    ]);
  });
});

describe('self-approval and inactive approvers in role and named steps', () => {
  it('hands a role step to the requester’s manager when the requester is its only holder', () => {
    const laptop = [
      { categoryCode: '43211503', supplierId: 'sup-it', freeText: false, amount: money('900', 'EUR') },
    ];
    const result = plan('900', [itReview], { requesterId: 'ivy', lines: laptop });
    expect(approvers(result)).toEqual([['max']]);
    expect(noteCodes(result)).toEqual(['self_approval_skipped', 'fell_to_requester_manager']);
    expect(result.notes[1]).toMatchObject({ level: 'warning', userId: 'max' });
    expect(result.notes[1]?.message).toContain('Max');
  });

  it('leaves out the requester and inactive holders but keeps the others', () => {
    const result = plan('6000', [finance], { requesterId: 'fay' }, directory({ fred: { active: false } }));
    expect(approvers(result)).toEqual([['cleo']]);
    expect(noteCodes(result)).toEqual([
      'self_approval_skipped',
      'inactive_approver_skipped',
      'fell_to_requester_manager',
    ]);
    expect(approvers(plan('6000', [finance], { requesterId: 'fay' }))).toEqual([['fred']]);
  });

  it('skips unknown and inactive named approvers', () => {
    const named = rule('named', 1, {
      step: { approvers: { kind: 'users', userIds: ['ghost', 'bea', 'fay'] }, mode: 'all' },
    });
    const result = plan('10', [named], {}, directory({ bea: { active: false } }));
    expect(approvers(result)).toEqual([['fay']]);
    expect(noteCodes(result)).toEqual(['unknown_approver_skipped', 'inactive_approver_skipped']);
  });

  it('cannot be submitted when a blocking step has nobody at all to approve it', () => {
    const result = plan('500', [managerChain], { requesterId: 'cleo', costCentreId: 'CC-NONE' });
    expect(result.submittable).toBe(false);
    expect(approvers(result)).toEqual([[]]);
    expect(result.notes.at(-1)).toMatchObject({ code: 'no_approver', level: 'error', stepIndex: 0 });
  });
});

describe('nobody is asked twice', () => {
  it('drops a person from a later step when they already approve an earlier one', () => {
    const both = rule('both', 50, {
      step: { approvers: { kind: 'users', userIds: ['max', 'fay'] }, mode: 'all' },
    });
    const result = plan('5000', [managerChain, both]);
    expect(approvers(result)).toEqual([['mia'], ['max'], ['fay']]);
    expect(result.notes).toMatchObject([{ code: 'already_approver_earlier', userId: 'max', stepIndex: 2 }]);
    expect(result.notes[0]?.message).toContain('already approves at step 2');
  });

  it('drops a later step all of whose approvers approve earlier, with a note', () => {
    const director = rule('director', 50, {
      step: { approvers: { kind: 'users', userIds: ['max'] }, mode: 'any' },
    });
    const result = plan('5000', [managerChain, director]);
    expect(result.steps.map((s) => s.ruleId)).toEqual(['chain', 'chain']);
    expect(noteCodes(result)).toEqual(['already_approver_earlier', 'step_dropped']);
    expect(result.notes[1]?.stepIndex).toBeNull();
  });

  it('keeps someone who only may approve an earlier any-one step, noting they are not asked again if they do', () => {
    const director = rule('director', 50, {
      step: { approvers: { kind: 'users', userIds: ['fay'] }, mode: 'any' },
    });
    const result = plan('6000', [finance, director]);
    expect(approvers(result)).toEqual([['fay', 'fred'], ['fay']]);
    expect(result.notes).toMatchObject([{ code: 'may_have_approved_earlier', userId: 'fay', stepIndex: 1 }]);
  });

  it('does not remove a blocking approver because they were only informed earlier', () => {
    const inform = rule('inform', 5, {
      kind: 'warning',
      step: { approvers: { kind: 'users', userIds: ['mia'] }, mode: 'any' },
    });
    expect(approvers(plan('500', [inform, managerChain]))).toEqual([['mia'], ['mia']]);
  });
});

describe('warning rules', () => {
  it('add a step flagged as warning, explained as for information', () => {
    const freeTextWatch = rule('free', 60, {
      name: 'Free-text purchases',
      kind: 'warning',
      conditions: { hasFreeTextLines: true },
      step: { approvers: { kind: 'role', role: 'finance' }, mode: 'any' },
    });
    const freeText = [{ categoryCode: null, supplierId: null, freeText: true, amount: money('800', 'EUR') }];
    const result = plan('800', [managerChain, freeTextWatch], { lines: freeText });
    expect(result.steps.map((s) => s.kind)).toEqual(['blocking', 'warning']);
    expect(result.steps[1]?.approverUserIds).toEqual(['fay', 'fred']);
    expect(result.steps[1]?.explanation).toMatch(
      /^For information, does not block: rule “Free-text purchases”/,
    );
    expect(result.steps[1]?.explanation).toContain('it has free-text lines');
    expect(plan('800', [managerChain, freeTextWatch]).steps.map((s) => s.kind)).toEqual(['blocking']);
  });

  it('do not inform twice someone already in an earlier step', () => {
    const inform = rule('inform', 60, {
      kind: 'warning',
      step: { approvers: { kind: 'users', userIds: ['mia'] }, mode: 'any' },
    });
    const result = plan('500', [managerChain, inform]);
    expect(result.steps.map((s) => s.kind)).toEqual(['blocking']);
    expect(noteCodes(result)).toEqual(['already_approver_earlier', 'step_dropped']);
  });

  it('are dropped rather than blocking the submission when nobody can be informed', () => {
    const nobody = rule('nobody', 60, {
      kind: 'warning',
      step: { approvers: { kind: 'role', role: 'audit' }, mode: 'any' },
    });
    const result = plan('500', [nobody], { requesterId: 'cleo' });
    expect(result.steps).toEqual([]);
    expect(result.submittable).toBe(true);
  });
});
