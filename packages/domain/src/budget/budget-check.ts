// May a request draw this amount on its budget lines? The answer depends on each line's policy: stop
// refuses going over, warn lets it through flagged (the over-budget approval rule adds the budget
// holder), ignore lets it through. Two requests racing for the last euros of a stop line are
// serialised by the database (the check runs under a lock on the line); this is the arithmetic.
import { DomainError } from '../errors/index.js';
import { type Money, money } from '../money/index.js';
import {
  type BudgetLine,
  type BudgetLineKey,
  type BudgetPolicy,
  budgetLineKeyOf,
  budgetLineKeyString,
} from './budget-line.js';
import type { BudgetFigures } from './commitment-ledger.js';

export type BudgetCheckState = 'within' | 'over' | 'no_budget';
export type BudgetCheckOutcome = 'allowed' | 'warn' | 'refused';

export interface BudgetCheck {
  readonly state: BudgetCheckState;
  readonly policy: BudgetPolicy | undefined;
  readonly outcome: BudgetCheckOutcome;
  /** What the request would add to the line. */
  readonly amount: Money;
  readonly budget: Money | undefined;
  /** Consumed before the request. */
  readonly consumed: Money;
  /** Available before the request (budget − consumed); undefined without a budget line. */
  readonly available: Money | undefined;
  /** When over: consumed + amount − budget, the part of the request the line cannot cover. */
  readonly shortBy?: Money;
}

export interface BudgetCheckOptions {
  /** The outcome when no budget line covers the spend. Default `allowed`: budgets are opt-in. */
  readonly whenNoBudget?: BudgetCheckOutcome;
}

const outcomeRank: Readonly<Record<BudgetCheckOutcome, number>> = { allowed: 0, warn: 1, refused: 2 };

/** The worse of two outcomes: refused over warn over allowed. */
export function worseOutcome(a: BudgetCheckOutcome, b: BudgetCheckOutcome): BudgetCheckOutcome {
  return outcomeRank[b] > outcomeRank[a] ? b : a;
}

/**
 * Checks a request of `amount` against a budget line and its figures (from the ledger, not yet
 * counting this request). Over means consumed + amount > budget: landing exactly on the budget is
 * within. `line` undefined means no budget line covers the spend.
 */
export function checkBudget(
  line: BudgetLine | undefined,
  figures: BudgetFigures | undefined,
  amount: Money,
  options: BudgetCheckOptions = {},
): BudgetCheck {
  if (amount.isNegative())
    throw new DomainError(
      'invalid_amount',
      `A budget check is for an amount to spend, not ${amount.toString()}`,
      [{ field: 'amount', reason: 'must not be negative' }],
    );
  const consumed = figures?.consumed ?? money('0', amount.currency);
  if (line === undefined)
    return {
      state: 'no_budget',
      policy: undefined,
      outcome: options.whenNoBudget ?? 'allowed',
      amount,
      budget: undefined,
      consumed,
      available: undefined,
    };
  const after = consumed.add(amount);
  const available = line.amount.subtract(consumed);
  const base = { policy: line.policy, amount, budget: line.amount, consumed, available };
  if (after.compare(line.amount) <= 0) return { ...base, state: 'within', outcome: 'allowed' };
  const outcome = line.policy === 'stop' ? 'refused' : line.policy === 'warn' ? 'warn' : 'allowed';
  return { ...base, state: 'over', outcome, shortBy: after.subtract(line.amount) };
}

export interface RequisitionBudgetCheck {
  /** The worst outcome among the lines. */
  readonly outcome: BudgetCheckOutcome;
  /** One check per budget line the request draws on, in the order the request first names them. */
  readonly lines: readonly (BudgetCheck & { readonly budgetLine: BudgetLineKey })[];
}

/**
 * Checks a whole request whose lines may draw on several budget lines. Amounts drawing on the same
 * budget line are added up first (two lines of 60 on a line with 100 available are over together);
 * the worst outcome wins, and every budget line's detail is kept.
 */
export function checkRequisitionBudget(
  charges: readonly { readonly budgetLine: BudgetLineKey; readonly amount: Money }[],
  budgetLines: readonly BudgetLine[],
  figures: ReadonlyMap<string, BudgetFigures>,
  options: BudgetCheckOptions = {},
): RequisitionBudgetCheck {
  const linesByKey = new Map(budgetLines.map((line) => [budgetLineKeyString(budgetLineKeyOf(line)), line]));
  const totals = new Map<string, { budgetLine: BudgetLineKey; amount: Money }>();
  for (const charge of charges) {
    const key = budgetLineKeyString(charge.budgetLine);
    const current = totals.get(key);
    totals.set(key, {
      budgetLine: current?.budgetLine ?? charge.budgetLine,
      amount: current ? current.amount.add(charge.amount) : charge.amount,
    });
  }
  const lines = [...totals].map(([key, { budgetLine, amount }]) => ({
    budgetLine,
    ...checkBudget(linesByKey.get(key), figures.get(key), amount, options),
  }));
  return {
    outcome: lines.reduce<BudgetCheckOutcome>((worst, line) => worseOutcome(worst, line.outcome), 'allowed'),
    lines,
  };
}
