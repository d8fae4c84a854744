// Matching tolerances: how far an invoice may exceed its order or receipts and still match.
//
// A rule limits one measure (price or quantity) with an absolute part and a percentage part joined
// by AND or OR. It is scoped by any of entity, supplier and category; a key it leaves unset matches
// anything. For one invoice line, the matching rule with the highest specificity wins, where
// supplier weighs 4, category 2 and entity 1, so the order is:
//   entity + supplier + category > supplier + category > entity + supplier > supplier
//   > entity + category > category > entity > a rule with no key (company-wide)
//   > no rule at all, which is exact (absolute 0, 0 %).
// A price rule's absolute part is an amount per unit in the rule's currency, so a price rule only
// applies to order lines in that currency. Two rules of equal specificity can only both apply when
// they share measure, scope and currency, which {@link toleranceRuleIssues} refuses; should such a
// pair exist anyway, the lower id wins, so the choice stays deterministic.
//
// The limit: with `expected` the ordered (or received) figure, the largest difference allowed is
//   absolute part           = absolute
//   percentage part         = |expected| × percent ÷ 100 (exact, no rounding)
//   AND: min(absolute part, percentage part)   OR: max(absolute part, percentage part)
// and a difference (actual − expected) matches when it is ≤ that limit: exactly at the limit is
// within, one cent (or the smallest unit) beyond it is a variance. A part set to 0 is a limit of
// zero: "0.20 AND 0 %" is exact, so a rule with one part only joins it with OR ("0.20 OR 0 %").
import type Big from 'big.js';
import { DomainError, type FieldIssue } from '../errors/index.js';
import { decimalProblem } from '../money/decimal.js';
import { type CurrencyCode, isCurrencyCode, parseDecimal } from '../money/index.js';

export const toleranceMeasures = ['price', 'quantity'] as const;
export type ToleranceMeasure = (typeof toleranceMeasures)[number];

export const toleranceJoins = ['and', 'or'] as const;
export type ToleranceJoin = (typeof toleranceJoins)[number];

export interface ToleranceRule {
  readonly id: string;
  readonly measure: ToleranceMeasure;
  /** Scope: each key set must equal the order line's; null or absent matches any. */
  readonly entityId?: string | null;
  readonly supplierId?: string | null;
  readonly categoryId?: string | null;
  /** Price: an amount per unit in `currency`; quantity: a quantity in the order line's unit. At least 0. */
  readonly absolute: string;
  /** A percentage of the expected figure, at least 0 ("2" is 2 %). */
  readonly percent: string;
  readonly join: ToleranceJoin;
  /** Price rules only, required there: the currency of `absolute`. */
  readonly currency?: CurrencyCode | null;
}

/** What a tolerance is chosen for: the order line's entity, supplier, category and currency. */
export interface ToleranceScope {
  readonly entityId: string;
  readonly supplierId: string;
  readonly categoryId: string | null;
  readonly currency: CurrencyCode;
}

/** The tolerance a comparison used, as recorded with its result. */
export interface AppliedTolerance {
  /** The rule that applied, or null for the default: exact (absolute 0, 0 %). */
  readonly ruleId: string | null;
  readonly absolute: string;
  readonly percent: string;
  readonly join: ToleranceJoin;
}

/** No rule applies: the figures must be exact. */
export const exactTolerance: AppliedTolerance = Object.freeze({
  ruleId: null,
  absolute: '0',
  percent: '0',
  join: 'and',
});

/** Supplier 4, category 2, entity 1: the sum ranks rules from the most specific (7) to company-wide (0). */
export function toleranceSpecificity(rule: Pick<ToleranceRule, 'entityId' | 'supplierId' | 'categoryId'>) {
  return (rule.supplierId ? 4 : 0) + (rule.categoryId ? 2 : 0) + (rule.entityId ? 1 : 0);
}

function appliesTo(rule: ToleranceRule, measure: ToleranceMeasure, scope: ToleranceScope): boolean {
  if (rule.measure !== measure) return false;
  if (rule.entityId && rule.entityId !== scope.entityId) return false;
  if (rule.supplierId && rule.supplierId !== scope.supplierId) return false;
  if (rule.categoryId && rule.categoryId !== scope.categoryId) return false;
  return measure === 'quantity' || rule.currency === scope.currency;
}

/** The most specific rule for `measure` in `scope` (ties: lowest id), or {@link exactTolerance}. */
export function selectTolerance(
  rules: readonly ToleranceRule[],
  measure: ToleranceMeasure,
  scope: ToleranceScope,
): AppliedTolerance {
  let best: ToleranceRule | undefined;
  for (const rule of rules) {
    if (!appliesTo(rule, measure, scope)) continue;
    if (
      best === undefined ||
      toleranceSpecificity(rule) > toleranceSpecificity(best) ||
      (toleranceSpecificity(rule) === toleranceSpecificity(best) && rule.id < best.id)
    )
      best = rule;
  }
  if (best === undefined) return exactTolerance;
  return {
    ruleId: best.id,
    absolute: parseDecimal(best.absolute).toString(),
    percent: parseDecimal(best.percent).toString(),
    join: best.join,
  };
}

/**
 * The largest difference (actual − expected) the tolerance lets match: min (AND) or max (OR) of
 * the absolute part and `percent` % of |expected|, exact.
 */
export function allowedDifference(tolerance: AppliedTolerance, expected: Big): Big {
  const absolute = parseDecimal(tolerance.absolute);
  const relative = expected.abs().times(parseDecimal(tolerance.percent)).times('0.01');
  if (tolerance.join === 'and') return absolute.lt(relative) ? absolute : relative;
  return absolute.gt(relative) ? absolute : relative;
}

/** Whether `actual` exceeds `expected` by no more than the tolerance allows; being below always is. */
export function isWithinTolerance(tolerance: AppliedTolerance, expected: Big, actual: Big): boolean {
  return actual.minus(expected).lte(allowedDifference(tolerance, expected));
}

function nonNegativeDecimalIssue(value: string, field: string): FieldIssue | undefined {
  const problem = typeof value === 'string' ? decimalProblem(value) : 'must be a decimal string';
  if (problem !== undefined) return { field, reason: problem };
  if (parseDecimal(value).lt('0')) return { field, reason: 'must not be negative' };
  return undefined;
}

/** What is wrong with one rule, field by field. */
export function toleranceRuleIssues(rule: ToleranceRule): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (!toleranceMeasures.includes(rule.measure))
    issues.push({ field: 'measure', reason: 'must be price or quantity' });
  if (!toleranceJoins.includes(rule.join)) issues.push({ field: 'join', reason: 'must be and or or' });
  for (const field of ['absolute', 'percent'] as const) {
    const issue = nonNegativeDecimalIssue(rule[field], field);
    if (issue) issues.push(issue);
  }
  if (rule.measure === 'price' && !isCurrencyCode(rule.currency))
    issues.push({
      field: 'currency',
      reason: 'is required for a price tolerance: its absolute part is an amount',
    });
  if (rule.measure === 'quantity' && rule.currency)
    issues.push({ field: 'currency', reason: 'must be empty for a quantity tolerance' });
  return issues;
}

const scopeKey = (rule: ToleranceRule) =>
  JSON.stringify([
    rule.measure,
    rule.entityId ?? null,
    rule.supplierId ?? null,
    rule.categoryId ?? null,
    rule.measure === 'price' ? (rule.currency ?? null) : null,
  ]);

/**
 * Refuses a set of rules where two share measure, scope and currency (their precedence would be a
 * tie): DomainError `tolerance_rule_duplicate` naming both ids.
 */
export function assertToleranceRulesDistinct(rules: readonly ToleranceRule[]): void {
  const seen = new Map<string, string>();
  for (const rule of rules) {
    const key = scopeKey(rule);
    const other = seen.get(key);
    if (other !== undefined)
      throw new DomainError(
        'tolerance_rule_duplicate',
        `Tolerance rules ${other} and ${rule.id} apply to the same ${rule.measure} scope`,
        { ruleIds: [other, rule.id] },
      );
    seen.set(key, rule.id);
  }
}
