import { describe, expect, it } from 'vitest';
import { money } from '../money/index.js';
import { thrownBy } from '../testing/thrown-by.js';
import { checkBudget, checkRequisitionBudget, worseOutcome } from './budget-check.js';
import { type BudgetLine, type BudgetPolicy, budgetLineKeyOf, budgetLineKeyString } from './budget-line.js';
import { parseBudgetPeriod } from './budget-period.js';
import {
  type BudgetFigures,
  budgetLineFigures,
  type LedgerEntry,
  ledgerFigures,
  orderIssued,
  requisitionSubmitted,
} from './commitment-ledger.js';

const eur = (amount: string) => money(amount, 'EUR');

function budgetLine(policy: BudgetPolicy, amount = '1000', costCentreId = 'cc-it'): BudgetLine {
  return {
    entityId: 'ent-fr',
    costCentreId,
    budgetCategory: '606300',
    period: parseBudgetPeriod('2026-11'),
    amount: eur(amount),
    policy,
  };
}

/** The line's figures with 300 requested and 400 committed: 700 consumed, 300 available. */
function figuresWith700Consumed(line: BudgetLine): BudgetFigures {
  const key = budgetLineKeyOf(line);
  const entries: LedgerEntry[] = [
    ...requisitionSubmitted({
      requisitionLine: { kind: 'requisition', id: 'REQ-1', lineId: '1' },
      budgetLine: key,
      amount: eur('300'),
      occurredOn: '2026-11-02',
    }),
    ...orderIssued({
      orderLine: { kind: 'purchase_order', id: 'PO-1', lineId: '1' },
      budgetLine: key,
      amount: eur('400'),
      occurredOn: '2026-11-03',
    }),
  ];
  return budgetLineFigures(line, entries);
}

describe('checkBudget', () => {
  const stop = budgetLine('stop');

  it('allows a request on a stop line that lands exactly on the budget: 700 consumed + 300 of 1000', () => {
    expect(checkBudget(stop, figuresWith700Consumed(stop), eur('300'))).toEqual({
      state: 'within',
      policy: 'stop',
      outcome: 'allowed',
      amount: eur('300'),
      budget: eur('1000'),
      consumed: eur('700'),
      available: eur('300'),
    });
  });

  it('refuses a request on a stop line one cent over, and says by how much', () => {
    const check = checkBudget(stop, figuresWith700Consumed(stop), eur('300.01'));
    expect(check).toMatchObject({ state: 'over', policy: 'stop', outcome: 'refused' });
    expect(check.shortBy?.toString()).toBe('0.01 EUR');
  });

  it('lets a request on a warn line go over, flagged so the approval rules add the budget holder', () => {
    const warn = budgetLine('warn');
    const check = checkBudget(warn, figuresWith700Consumed(warn), eur('300.01'));
    expect(check).toMatchObject({ state: 'over', policy: 'warn', outcome: 'warn' });
    expect(check.shortBy?.toString()).toBe('0.01 EUR');
    expect(checkBudget(warn, figuresWith700Consumed(warn), eur('300')).outcome).toBe('allowed');
  });

  it('lets a request on an ignore line go over silently, still saying it is over', () => {
    const ignore = budgetLine('ignore');
    expect(checkBudget(ignore, figuresWith700Consumed(ignore), eur('5000'))).toMatchObject({
      state: 'over',
      outcome: 'allowed',
      shortBy: eur('4700'),
    });
  });

  it('counts nothing consumed on a line the ledger does not mention yet', () => {
    expect(checkBudget(stop, undefined, eur('1000'))).toMatchObject({ state: 'within', consumed: eur('0') });
    expect(checkBudget(stop, undefined, eur('1000.01')).outcome).toBe('refused');
  });

  it('refuses anything on a stop line of zero, but a zero request', () => {
    const nothing = budgetLine('stop', '0');
    expect(checkBudget(nothing, undefined, eur('0.01')).outcome).toBe('refused');
    expect(checkBudget(nothing, undefined, eur('0')).outcome).toBe('allowed');
  });

  it('counts the whole overrun of a warn line already over: 700 consumed of 500, 10 more is short by 210', () => {
    const warn = budgetLine('warn', '500');
    const check = checkBudget(warn, figuresWith700Consumed(warn), eur('10'));
    expect(check.available?.toString()).toBe('-200.00 EUR');
    expect(check.shortBy?.toString()).toBe('210.00 EUR');
  });

  it('allows spend without a budget line by default, and does what the company chose otherwise', () => {
    expect(checkBudget(undefined, undefined, eur('50'))).toEqual({
      state: 'no_budget',
      policy: undefined,
      outcome: 'allowed',
      amount: eur('50'),
      budget: undefined,
      consumed: eur('0'),
      available: undefined,
    });
    expect(checkBudget(undefined, undefined, eur('50'), { whenNoBudget: 'warn' }).outcome).toBe('warn');
    expect(checkBudget(undefined, undefined, eur('50'), { whenNoBudget: 'refused' }).outcome).toBe('refused');
  });

  it('refuses to check a negative amount, and a request in another currency than the budget', () => {
    expect(thrownBy(() => checkBudget(stop, undefined, eur('-1'))).code).toBe('invalid_amount');
    expect(thrownBy(() => checkBudget(stop, undefined, money('1', 'USD'))).code).toBe('currency_mismatch');
  });

  it('lets exactly one of two requests racing for the last 100 of a stop line through, once the first is posted', () => {
    const line = budgetLine('stop');
    const entries: LedgerEntry[] = [
      ...orderIssued({
        orderLine: { kind: 'purchase_order', id: 'PO-1', lineId: '1' },
        budgetLine: budgetLineKeyOf(line),
        amount: eur('900'),
        occurredOn: '2026-11-03',
      }),
    ];
    // The service checks and posts under a lock on the budget line: the second check sees the first request.
    expect(checkBudget(line, budgetLineFigures(line, entries), eur('100')).outcome).toBe('allowed');
    entries.push(
      ...requisitionSubmitted({
        requisitionLine: { kind: 'requisition', id: 'REQ-A', lineId: '1' },
        budgetLine: budgetLineKeyOf(line),
        amount: eur('100'),
        occurredOn: '2026-11-04',
      }),
    );
    expect(checkBudget(line, budgetLineFigures(line, entries), eur('100')).outcome).toBe('refused');
  });
});

describe('checkRequisitionBudget', () => {
  const within = budgetLine('stop', '1000', 'cc-it');
  const warnOver = budgetLine('warn', '50', 'cc-hr');
  const stopOver = budgetLine('stop', '50', 'cc-fin');
  const lines = [within, warnOver, stopOver];
  const figures = ledgerFigures([], lines);
  const charge = (line: BudgetLine, amount: string) => ({
    budgetLine: budgetLineKeyOf(line),
    amount: eur(amount),
  });
  const unbudgeted = {
    budgetLine: { ...budgetLineKeyOf(within), budgetCategory: '606400' },
    amount: eur('10'),
  };

  it('keeps the worst outcome, warn, with the detail of every budget line', () => {
    const check = checkRequisitionBudget(
      [charge(within, '100'), charge(warnOver, '60'), unbudgeted],
      lines,
      figures,
    );
    expect(check.outcome).toBe('warn');
    expect(
      check.lines.map((l) => [l.budgetLine.costCentreId, l.budgetLine.budgetCategory, l.state, l.outcome]),
    ).toEqual([
      ['cc-it', '606300', 'within', 'allowed'],
      ['cc-hr', '606300', 'over', 'warn'],
      ['cc-it', '606400', 'no_budget', 'allowed'],
    ]);
  });

  it('refuses the whole request when one stop line would go over, whatever the others say', () => {
    const check = checkRequisitionBudget(
      [charge(warnOver, '60'), charge(stopOver, '50.01'), charge(within, '1')],
      lines,
      figures,
    );
    expect(check.outcome).toBe('refused');
    expect(check.lines.map((l) => l.outcome)).toEqual(['warn', 'refused', 'allowed']);
  });

  it('adds up the lines that draw on the same budget line: two lines of 30 on 50 are over together', () => {
    const check = checkRequisitionBudget([charge(stopOver, '30'), charge(stopOver, '30')], lines, figures);
    expect(check.outcome).toBe('refused');
    expect(check.lines).toHaveLength(1);
    expect(check.lines[0]?.amount.toString()).toBe('60.00 EUR');
    expect(check.lines[0]?.shortBy?.toString()).toBe('10.00 EUR');
  });

  it('uses the ledger figures of each line', () => {
    const consumed = new Map(figures);
    consumed.set(budgetLineKeyString(budgetLineKeyOf(within)), figuresWith700Consumed(within));
    expect(checkRequisitionBudget([charge(within, '300.01')], lines, consumed).outcome).toBe('refused');
  });

  it('allows an empty request, and passes the no-budget choice on', () => {
    expect(checkRequisitionBudget([], lines, figures)).toEqual({ outcome: 'allowed', lines: [] });
    expect(checkRequisitionBudget([unbudgeted], lines, figures, { whenNoBudget: 'warn' }).outcome).toBe(
      'warn',
    );
  });
});

describe('worseOutcome', () => {
  it('ranks refused over warn over allowed', () => {
    expect(worseOutcome('allowed', 'warn')).toBe('warn');
    expect(worseOutcome('refused', 'warn')).toBe('refused');
    expect(worseOutcome('warn', 'allowed')).toBe('warn');
  });
});
