import { describe, expect, it } from 'vitest';
import { money } from '../money/index.js';
import { thrownBy } from '../testing/thrown-by.js';
import {
  type BudgetLine,
  budgetLineConflicts,
  budgetLineKeyOf,
  budgetLineKeyString,
  budgetPolicyOf,
  createBudgetLine,
  findBudgetLine,
  parseBudgetPolicy,
  sameBudgetLineKey,
} from './budget-line.js';
import { parseBudgetPeriod } from './budget-period.js';

function line(periodKey: string, overrides: Partial<BudgetLine> = {}): BudgetLine {
  return {
    entityId: 'ent-fr',
    costCentreId: 'cc-it',
    budgetCategory: '606300',
    period: parseBudgetPeriod(periodKey),
    amount: money('1000', 'EUR'),
    policy: 'stop',
    ...overrides,
  };
}

describe('budget policies', () => {
  it.each([
    ['stop', 'stop'],
    ['STOP', 'stop'],
    ['Arrêt', 'stop'],
    ['arret', 'stop'],
    ['warn', 'warn'],
    [' Alerte ', 'warn'],
    ['ignore', 'ignore'],
    ['Ignorer', 'ignore'],
  ])('reads "%s" as %s', (word, policy) => {
    expect(budgetPolicyOf(word)).toBe(policy);
    expect(parseBudgetPolicy(word)).toBe(policy);
  });

  it('refuses a word that names no policy, and an inherited property name', () => {
    expect(budgetPolicyOf('maybe')).toBeUndefined();
    expect(budgetPolicyOf('constructor')).toBeUndefined();
    expect(thrownBy(() => parseBudgetPolicy('maybe')).details).toEqual([
      { field: 'policy', reason: 'is not a budget policy: stop, warn or ignore (arrêt, alerte, ignorer)' },
    ]);
  });
});

describe('budget line keys', () => {
  it('is entity × cost centre × category × period key', () => {
    expect(budgetLineKeyOf(line('2026-11'))).toEqual({
      entityId: 'ent-fr',
      costCentreId: 'cc-it',
      budgetCategory: '606300',
      periodKey: '2026-11',
    });
  });

  it('writes keys unambiguously, whatever characters the codes hold', () => {
    const a = { entityId: 'a|b', costCentreId: 'c', budgetCategory: 'x', periodKey: '2026-11' };
    const b = { entityId: 'a', costCentreId: 'b|c', budgetCategory: 'x', periodKey: '2026-11' };
    expect(budgetLineKeyString(a)).not.toBe(budgetLineKeyString(b));
    expect(sameBudgetLineKey(a, { ...a })).toBe(true);
    expect(sameBudgetLineKey(a, b)).toBe(false);
  });
});

describe('createBudgetLine', () => {
  it('accepts a zero budget: with policy stop, nothing may be spent', () => {
    expect(createBudgetLine(line('2026-11', { amount: money('0', 'EUR') })).amount.isZero()).toBe(true);
  });

  it('names every failing field at once', () => {
    const error = thrownBy(() =>
      createBudgetLine(
        line('2026-11', { costCentreId: ' ', budgetCategory: '', amount: money('-1', 'EUR') }),
      ),
    );
    expect(error.code).toBe('validation_failed');
    expect(error.details).toEqual([
      { field: 'costCentreId', reason: 'is required' },
      { field: 'budgetCategory', reason: 'is required' },
      { field: 'amount', reason: 'must not be negative' },
    ]);
  });

  it('refuses a category of more than 40 characters (what requests and the ledger store) or with spaces around it', () => {
    expect(
      thrownBy(() => createBudgetLine(line('2026-11', { budgetCategory: 'x'.repeat(41) }))).details,
    ).toEqual([{ field: 'budgetCategory', reason: 'has more than 40 characters' }]);
    expect(thrownBy(() => createBudgetLine(line('2026-11', { budgetCategory: ' 606300' }))).details).toEqual([
      { field: 'budgetCategory', reason: 'has spaces around it' },
    ]);
  });
});

describe('budgetLineConflicts', () => {
  it('finds the same key twice', () => {
    expect(budgetLineConflicts([line('2026-11'), line('2026-12'), line('2026-11')])).toEqual([
      { first: 0, second: 2, kind: 'duplicate' },
    ]);
  });

  it('finds a month and the quarter holding it for the same cost centre and category', () => {
    expect(budgetLineConflicts([line('2026-11'), line('2026-Q4')])).toEqual([
      { first: 0, second: 1, kind: 'overlap' },
    ]);
  });

  it('lets the same period live on another cost centre, another category or another entity', () => {
    expect(
      budgetLineConflicts([
        line('2026-11'),
        line('2026-11', { costCentreId: 'cc-hr' }),
        line('2026-11', { budgetCategory: '606400' }),
        line('2026-11', { entityId: 'ent-de' }),
        line('2026-10'),
      ]),
    ).toEqual([]);
  });
});

describe('findBudgetLine', () => {
  const lines = [line('2026-10'), line('2026-11'), line('2026-11', { costCentreId: 'cc-hr' })];

  it('finds the line whose period holds the day, for the same entity, cost centre and category', () => {
    const spend = { entityId: 'ent-fr', costCentreId: 'cc-it', budgetCategory: '606300' };
    expect(findBudgetLine(lines, { ...spend, date: '2026-11-30' })).toBe(lines[1]);
    expect(findBudgetLine(lines, { ...spend, date: '2026-10-01' })).toBe(lines[0]);
    expect(findBudgetLine(lines, { ...spend, date: '2026-12-01' })).toBeUndefined();
    expect(findBudgetLine(lines, { ...spend, budgetCategory: '606400', date: '2026-11-15' })).toBeUndefined();
  });

  it('prefers the shortest period should a month and its quarter both exist', () => {
    const quarter = line('2026-Q4');
    const month = line('2026-11');
    const spend = { entityId: 'ent-fr', costCentreId: 'cc-it', budgetCategory: '606300', date: '2026-11-15' };
    expect(findBudgetLine([quarter, month], spend)).toBe(month);
    expect(findBudgetLine([quarter, month], { ...spend, date: '2026-12-15' })).toBe(quarter);
  });
});
