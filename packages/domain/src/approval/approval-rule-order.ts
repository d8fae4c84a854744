import { DomainError, type FieldIssue } from '../errors/index.js';

/**
 * A rule as an entity's administrator sees it in the evaluation order: its position, and whether
 * they may move it. Rules that apply to every entity are shown but stay where they are.
 */
export interface ApprovalRulePlacement {
  readonly id: string;
  readonly position: number;
  readonly movable: boolean;
}

/** The evaluation order of approval rules: by position, ties by id (as planApprovalChain orders them). */
export function compareApprovalRulePositions(
  a: { readonly id: string; readonly position: number },
  b: { readonly id: string; readonly position: number },
): number {
  return a.position - b.position || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Where a new rule goes: after every rule the entity sees. */
export function nextApprovalRulePosition(rules: readonly { readonly position: number }[]): number {
  return rules.reduce((last, rule) => Math.max(last, rule.position), 0) + spacing;
}

const spacing = 10;

/**
 * The positions that put `wanted` (the id of every rule the entity sees, in the order wanted) into
 * effect, moving only movable rules: each run of movable rules between two fixed rules keeps its
 * positions when they already give the order, else is spread evenly between them (10 apart after
 * the last fixed rule). Returns only the positions that change.
 *
 * Throws `conflict` when `wanted` does not list exactly the rules there are now (they changed
 * since it was read) or when a run has no room between its fixed neighbours, and
 * `validation_failed` for an id listed twice or fixed rules put in another order.
 */
export function arrangeApprovalRules(
  current: readonly ApprovalRulePlacement[],
  wanted: readonly string[],
): Map<string, number> {
  const byId = new Map(current.map((rule) => [rule.id, rule]));
  const issues: FieldIssue[] = [];
  const seen = new Set<string>();
  wanted.forEach((id, index) => {
    if (seen.has(id)) issues.push({ field: `rules[${index}]`, reason: 'is listed twice' });
    seen.add(id);
  });
  if (issues.length > 0) throw new DomainError('validation_failed', 'The order is not valid.', issues);
  const unknown = wanted.filter((id) => !byId.has(id));
  const missing = current.filter((rule) => !seen.has(rule.id));
  if (unknown.length > 0 || missing.length > 0)
    throw new DomainError('conflict', 'The approval rules changed since you read them: reload them.', [
      ...unknown.map((id) => ({ field: 'rules', reason: `${id} is not one of the rules` })),
      ...missing.map((rule) => ({ field: 'rules', reason: `${rule.id} is missing` })),
    ]);

  const ordered = wanted.map((id) => byId.get(id) as ApprovalRulePlacement);
  const fixed = ordered.filter((rule) => !rule.movable);
  const fixedNow = [...fixed].sort(compareApprovalRulePositions);
  if (fixed.some((rule, index) => rule.id !== fixedNow[index]?.id))
    throw new DomainError('validation_failed', 'Rules that apply to every entity keep their order.', [
      { field: 'rules', reason: 'moves a rule that applies to every entity' },
    ]);

  const changes = new Map<string, number>();
  let before: ApprovalRulePlacement | undefined;
  let run: ApprovalRulePlacement[] = [];
  const place = (after: ApprovalRulePlacement | undefined) => {
    if (run.length === 0) return;
    const low = before?.position ?? -1;
    const high = after?.position;
    const fits = run.every(
      (rule, index) =>
        rule.position > low &&
        (high === undefined || rule.position < high) &&
        (index === 0 || rule.position > (run[index - 1]?.position ?? -1)),
    );
    if (!fits) {
      const step = high === undefined ? spacing : Math.floor((high - low) / (run.length + 1));
      const start = high === undefined ? Math.max(low, 0) : low;
      if (step < 1)
        throw new DomainError(
          'conflict',
          `There is no room for ${run.length} rules between positions ${low} and ${high}: move fewer rules there.`,
          [{ field: 'rules', reason: 'has no room between two rules that apply to every entity' }],
        );
      run.forEach((rule, index) => {
        const position = start + step * (index + 1);
        if (position !== rule.position) changes.set(rule.id, position);
      });
    }
    run = [];
  };
  for (const rule of ordered) {
    if (rule.movable) run.push(rule);
    else {
      place(rule);
      before = rule;
    }
  }
  place(undefined);
  return changes;
}
