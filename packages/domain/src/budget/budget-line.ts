// A budget line: how much an entity's cost centre may spend on one budget category over one period,
// and what happens when a request would go beyond it (its policy).
import { DomainError, type FieldIssue } from '../errors/index.js';
import type { Money } from '../money/index.js';
import { type BudgetPeriod, isInPeriod, periodLengthInDays, periodsOverlap } from './budget-period.js';

/**
 * What a budget line does with a request that would take it over its amount: `stop` refuses the
 * request, `warn` lets it through and flags it (the approval rules add the budget holder), `ignore`
 * lets it through silently (the line is followed, not enforced).
 */
export const budgetPolicies = ['stop', 'warn', 'ignore'] as const;
export type BudgetPolicy = (typeof budgetPolicies)[number];

/** The words a budget file may use for each policy, in English and French, accents and case ignored. */
const policyWords: Readonly<Record<string, BudgetPolicy>> = {
  stop: 'stop',
  block: 'stop',
  arret: 'stop',
  bloquer: 'stop',
  bloquant: 'stop',
  warn: 'warn',
  warning: 'warn',
  alerte: 'warn',
  avertir: 'warn',
  ignore: 'ignore',
  ignorer: 'ignore',
};

/** Most characters a budget category code may have (a GL account such as 606300, or a category code), as requests and the ledger store it. */
export const maxBudgetCategoryLength = 40;

/**
 * What a budget line is about, without its amount: entity × cost centre × budget category × period.
 * No two budget lines share a key. Ledger entries name the line they move by this key, so spend on a
 * combination nobody budgeted is still recorded (and shows once a budget line is entered for it).
 */
export interface BudgetLineKey {
  readonly entityId: string;
  readonly costCentreId: string;
  /** A code: a general ledger account ("606300") or a purchasing category. */
  readonly budgetCategory: string;
  /** The period's key: "2026-11", "2026-Q4", "FY2026". */
  readonly periodKey: string;
}

export interface BudgetLine {
  readonly entityId: string;
  readonly costCentreId: string;
  readonly budgetCategory: string;
  readonly period: BudgetPeriod;
  /** The budget, never negative; zero means nothing may be spent (with policy stop). */
  readonly amount: Money;
  readonly policy: BudgetPolicy;
}

export function budgetLineKeyOf(line: BudgetLine): BudgetLineKey {
  return {
    entityId: line.entityId,
    costCentreId: line.costCentreId,
    budgetCategory: line.budgetCategory,
    periodKey: line.period.key,
  };
}

/** The key as one unambiguous string, for maps and sets: '["ent-1","cc-100","606300","2026-11"]'. */
export function budgetLineKeyString(key: BudgetLineKey): string {
  return JSON.stringify([key.entityId, key.costCentreId, key.budgetCategory, key.periodKey]);
}

export function sameBudgetLineKey(a: BudgetLineKey, b: BudgetLineKey): boolean {
  return budgetLineKeyString(a) === budgetLineKeyString(b);
}

function policyWord(value: string): string {
  return value
    .trim()
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '');
}

/** The policy a word names ("stop", "warn", "ignore", or in French "arrêt", "alerte", "ignorer"), if any. */
export function budgetPolicyOf(word: string): BudgetPolicy | undefined {
  const normalised = policyWord(word);
  return Object.hasOwn(policyWords, normalised) ? policyWords[normalised] : undefined;
}

/** Throws DomainError `validation_failed` on the field `policy` for a word that names no policy. */
export function parseBudgetPolicy(word: string): BudgetPolicy {
  const policy = budgetPolicyOf(word);
  if (policy !== undefined) return policy;
  const reason = 'is not a budget policy: stop, warn or ignore (arrêt, alerte, ignorer)';
  throw new DomainError('validation_failed', `"${word}" ${reason}`, [{ field: 'policy', reason }]);
}

/** Why a budget category code is unusable, or undefined when it is fine. */
export function budgetCategoryProblem(code: string): string | undefined {
  if (code.trim() === '') return 'is required';
  if (code !== code.trim()) return 'has spaces around it';
  if (code.length > maxBudgetCategoryLength) return `has more than ${maxBudgetCategoryLength} characters`;
  if (/\p{Cc}/u.test(code)) return 'contains control characters';
  return undefined;
}

/**
 * Checks a budget line entered by hand and returns it; throws DomainError `validation_failed` with
 * every failing field (ids, category, amount not negative).
 */
export function createBudgetLine(input: BudgetLine): BudgetLine {
  const issues: FieldIssue[] = [];
  if (input.entityId.trim() === '') issues.push({ field: 'entityId', reason: 'is required' });
  if (input.costCentreId.trim() === '') issues.push({ field: 'costCentreId', reason: 'is required' });
  const categoryProblem = budgetCategoryProblem(input.budgetCategory);
  if (categoryProblem) issues.push({ field: 'budgetCategory', reason: categoryProblem });
  if (input.amount.isNegative()) issues.push({ field: 'amount', reason: 'must not be negative' });
  if (!(budgetPolicies as readonly string[]).includes(input.policy))
    issues.push({ field: 'policy', reason: 'must be stop, warn or ignore' });
  if (issues.length > 0)
    throw new DomainError(
      'validation_failed',
      `The budget line is not valid: ${issues.map((i) => `${i.field} ${i.reason}`).join('; ')}`,
      issues,
    );
  return { ...input };
}

export interface BudgetLineConflict {
  /** Indexes in the list given, `first` < `second`. */
  readonly first: number;
  readonly second: number;
  /** `duplicate`: the same key twice; `overlap`: periods of different kinds sharing days (2026-11 and 2026-Q4). */
  readonly kind: 'duplicate' | 'overlap';
}

/**
 * Pairs of lines that cannot live together: the same key twice, or two periods sharing days for the
 * same entity, cost centre and category (a request would not know which line it draws on).
 */
export function budgetLineConflicts(
  lines: readonly Pick<BudgetLine, 'entityId' | 'costCentreId' | 'budgetCategory' | 'period'>[],
): BudgetLineConflict[] {
  const conflicts: BudgetLineConflict[] = [];
  const byScope = new Map<string, number[]>();
  lines.forEach((line, index) => {
    const scope = JSON.stringify([line.entityId, line.costCentreId, line.budgetCategory]);
    const others = byScope.get(scope) ?? [];
    for (const other of others) {
      const earlier = lines[other] as (typeof lines)[number];
      if (earlier.period.key === line.period.key)
        conflicts.push({ first: other, second: index, kind: 'duplicate' });
      else if (periodsOverlap(earlier.period, line.period))
        conflicts.push({ first: other, second: index, kind: 'overlap' });
    }
    byScope.set(scope, [...others, index]);
  });
  return conflicts;
}

/**
 * The budget line a spend on `date` draws on for the entity, cost centre and category, or undefined
 * when there is none. Should lines overlap despite {@link budgetLineConflicts}, the shortest period wins.
 */
export function findBudgetLine(
  lines: readonly BudgetLine[],
  spend: { entityId: string; costCentreId: string; budgetCategory: string; date: string },
): BudgetLine | undefined {
  let found: BudgetLine | undefined;
  for (const line of lines)
    if (
      line.entityId === spend.entityId &&
      line.costCentreId === spend.costCentreId &&
      line.budgetCategory === spend.budgetCategory &&
      isInPeriod(spend.date, line.period) &&
      (found === undefined || periodLengthInDays(line.period) < periodLengthInDays(found.period))
    )
      found = line;
  return found;
}
