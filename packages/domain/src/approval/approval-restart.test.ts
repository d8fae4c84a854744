import { describe, expect, it } from 'vitest';
import { money } from '../money/money.js';
import type { ApprovalRequisition, ApprovalRequisitionLine } from './approval-plan.js';
import { requiresApprovalRestart } from './approval-restart.js';

const line = (amount: string, fields: Partial<ApprovalRequisitionLine> = {}): ApprovalRequisitionLine => ({
  categoryCode: '44121600',
  supplierId: 'sup-office',
  freeText: false,
  amount: money(amount, 'EUR'),
  ...fields,
});
const chairs = line('400.00', { categoryCode: '56101504', supplierId: 'sup-furniture' });
const approved: ApprovalRequisition = {
  requesterId: 'ann',
  entityId: 'FR01',
  costCentreId: 'CC-OPS',
  total: money('1000.00', 'EUR'),
  lines: [line('600.00'), chairs],
  budgetState: 'within',
};

describe('restarting approval after a change', () => {
  it('restarts when the total goes up, even by a cent', () => {
    const changed = { ...approved, total: money('1000.01', 'EUR'), lines: [line('600.01'), chairs] };
    expect(requiresApprovalRestart(approved, changed)).toEqual({
      restart: true,
      reasons: ['amount_increased'],
    });
  });

  it('does not restart when the total goes down or a line is removed', () => {
    expect(requiresApprovalRestart(approved, { ...approved, total: money('999.99', 'EUR') })).toEqual({
      restart: false,
      reasons: [],
    });
    const fewer = { ...approved, total: money('600.00', 'EUR'), lines: [line('600.00')] };
    expect(requiresApprovalRestart(approved, fewer).restart).toBe(false);
  });

  it('does not restart for cosmetic changes: the same amount written differently, lines in another order', () => {
    const same = { ...approved, total: money('1000', 'EUR'), lines: [chairs, line('600')] };
    expect(requiresApprovalRestart(approved, same)).toEqual({ restart: false, reasons: [] });
  });

  it('restarts when a line moves to another supplier, at the same price', () => {
    const changed = { ...approved, lines: [line('600.00', { supplierId: 'sup-other' }), chairs] };
    expect(requiresApprovalRestart(approved, changed).reasons).toEqual(['supplier_changed']);
  });

  it('restarts when a supplier is added, even if the total does not rise', () => {
    const changed = {
      ...approved,
      lines: [line('500.00'), chairs, line('100.00', { supplierId: 'sup-new' })],
    };
    expect(requiresApprovalRestart(approved, changed).reasons).toEqual(['supplier_changed']);
  });

  it('restarts when the cost centre or the entity changes', () => {
    expect(requiresApprovalRestart(approved, { ...approved, costCentreId: 'CC-IT' }).reasons).toEqual([
      'cost_centre_changed',
    ]);
    expect(requiresApprovalRestart(approved, { ...approved, entityId: 'DE01' }).reasons).toEqual([
      'entity_changed',
    ]);
  });

  it('restarts on changes that could bring in another rule: a new category, over budget, a free-text line', () => {
    const laptop = { ...approved, lines: [line('600.00', { categoryCode: '43211503' }), chairs] };
    expect(requiresApprovalRestart(approved, laptop).reasons).toEqual(['category_added']);
    expect(requiresApprovalRestart(approved, { ...approved, budgetState: 'over' }).reasons).toEqual([
      'now_over_budget',
    ]);
    const freeText = { ...approved, lines: [line('600.00', { freeText: true }), chairs] };
    expect(requiresApprovalRestart(approved, freeText).reasons).toEqual(['free_text_line_added']);
    expect(requiresApprovalRestart({ ...approved, budgetState: 'over' }, approved).restart).toBe(false);
  });

  it('restarts when the currency changes, as the totals cannot be compared', () => {
    const changed = { ...approved, total: money('900.00', 'USD') };
    expect(requiresApprovalRestart(approved, changed).reasons).toEqual(['currency_changed']);
  });

  it('lists every reason at once', () => {
    const changed = {
      ...approved,
      costCentreId: 'CC-IT',
      total: money('1500.00', 'EUR'),
      lines: [line('1100.00', { supplierId: 'sup-other' }), chairs],
    };
    expect(requiresApprovalRestart(approved, changed).reasons).toEqual([
      'amount_increased',
      'supplier_changed',
      'cost_centre_changed',
    ]);
  });
});
