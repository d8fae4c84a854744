import { describe, expect, it } from 'vitest';
import { DomainError, isDomainError } from '../errors/index.js';
import {
  type ApprovalRulePlacement,
  arrangeApprovalRules,
  compareApprovalRulePositions,
  nextApprovalRulePosition,
} from './approval-rule-order.js';

const fixed = (id: string, position: number): ApprovalRulePlacement => ({ id, position, movable: false });
const movable = (id: string, position: number): ApprovalRulePlacement => ({ id, position, movable: true });

/** The evaluation order once the changes are applied. */
function orderAfter(current: ApprovalRulePlacement[], wanted: string[]): string[] {
  const changes = arrangeApprovalRules(current, wanted);
  return current
    .map((rule) => ({ ...rule, position: changes.get(rule.id) ?? rule.position }))
    .sort(compareApprovalRulePositions)
    .map((rule) => rule.id);
}

function refusal(run: () => unknown): DomainError {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('ordering approval rules', () => {
  it('orders by position, then by id when two rules share a position', () => {
    const rules = [movable('b', 10), movable('a', 10), movable('c', 5)];
    expect([...rules].sort(compareApprovalRulePositions).map((r) => r.id)).toEqual(['c', 'a', 'b']);
  });

  it('puts a new rule 10 after the last rule the entity sees, or at 10 when there is none', () => {
    expect(nextApprovalRulePosition([{ position: 30 }, { position: 10 }])).toBe(40);
    expect(nextApprovalRulePosition([])).toBe(10);
  });

  it('swaps two rules of the entity by exchanging nothing but the positions it must', () => {
    const current = [movable('a', 10), movable('b', 20), movable('c', 30)];
    const changes = arrangeApprovalRules(current, ['b', 'a', 'c']);
    expect([...changes]).toEqual([
      ['b', 10],
      ['a', 20],
    ]);
  });

  it('changes nothing when the order wanted is the order there is', () => {
    const current = [fixed('g1', 10), movable('a', 15), fixed('g2', 20), movable('b', 40)];
    expect(arrangeApprovalRules(current, ['g1', 'a', 'g2', 'b']).size).toBe(0);
  });

  it('moves an entity rule before a rule that applies to every entity, without moving that one', () => {
    const current = [fixed('manager', 10), fixed('budget', 20), fixed('finance', 30), movable('it', 40)];
    const wanted = ['manager', 'it', 'budget', 'finance'];
    const changes = arrangeApprovalRules(current, wanted);
    expect([...changes]).toEqual([['it', 15]]);
    expect(orderAfter(current, wanted)).toEqual(wanted);
  });

  it('spreads a run of entity rules evenly between two fixed rules, and before the first one', () => {
    const current = [fixed('g1', 10), fixed('g2', 20), movable('a', 30), movable('b', 40), movable('c', 50)];
    expect(orderAfter(current, ['c', 'g1', 'a', 'b', 'g2'])).toEqual(['c', 'g1', 'a', 'b', 'g2']);
    expect([...arrangeApprovalRules(current, ['c', 'g1', 'a', 'b', 'g2'])]).toEqual([
      ['c', 4],
      ['a', 13],
      ['b', 16],
    ]);
  });

  it('refuses a run with no room between two fixed rules one apart, and accepts it one wider', () => {
    const tight = [fixed('g1', 10), fixed('g2', 11), movable('a', 20)];
    const error = refusal(() => arrangeApprovalRules(tight, ['g1', 'a', 'g2']));
    expect(error.code).toBe('conflict');
    expect(orderAfter([fixed('g1', 10), fixed('g2', 12), movable('a', 20)], ['g1', 'a', 'g2'])).toEqual([
      'g1',
      'a',
      'g2',
    ]);
  });

  it('refuses to change the order of rules that apply to every entity', () => {
    const current = [fixed('g1', 10), fixed('g2', 20), movable('a', 30)];
    const error = refusal(() => arrangeApprovalRules(current, ['g2', 'g1', 'a']));
    expect(isDomainError(error, 'validation_failed')).toBe(true);
    expect(error.details).toEqual([{ field: 'rules', reason: 'moves a rule that applies to every entity' }]);
  });

  it('refuses an order that lists a rule twice, naming where', () => {
    const error = refusal(() => arrangeApprovalRules([movable('a', 10), movable('b', 20)], ['a', 'b', 'a']));
    expect(error.code).toBe('validation_failed');
    expect(error.details).toEqual([{ field: 'rules[2]', reason: 'is listed twice' }]);
  });

  it('refuses, as a conflict, an order that misses a rule or names one that is gone', () => {
    const current = [movable('a', 10), movable('b', 20)];
    expect(refusal(() => arrangeApprovalRules(current, ['a'])).code).toBe('conflict');
    expect(refusal(() => arrangeApprovalRules(current, ['a', 'b', 'gone'])).code).toBe('conflict');
  });
});
