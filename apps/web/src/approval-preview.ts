import type { ApprovalPreview, BudgetCheckLine } from './api.js';

/** How a budget line stands once the request is counted: within, over (let through or refused), or no budget. */
export type BudgetLineStanding = 'within' | 'overWarn' | 'overAllowed' | 'refused' | 'noBudget';

export function budgetLineStanding(line: BudgetCheckLine): BudgetLineStanding {
  if (line.state === 'no_budget') return 'noBudget';
  if (line.outcome === 'refused') return 'refused';
  if (line.state === 'over') return line.outcome === 'warn' ? 'overWarn' : 'overAllowed';
  return 'within';
}

/**
 * Whether the request may be submitted as the preview stands, and why not: a budget line whose
 * policy stops it going over, or an approval chain that cannot be planned (its error notes).
 */
export function previewVerdict(preview: ApprovalPreview): {
  submittable: boolean;
  refusedLines: BudgetCheckLine[];
  chainErrors: string[];
  warnings: string[];
} {
  const refusedLines = preview.budgetCheck.lines.filter((line) => line.outcome === 'refused');
  const notes = preview.approvalChain.notes;
  const chainErrors = notes.filter((note) => note.level === 'error').map((note) => note.message);
  const warnings = notes.filter((note) => note.level === 'warning').map((note) => note.message);
  const submittable =
    preview.budgetCheck.outcome !== 'refused' &&
    refusedLines.length === 0 &&
    preview.approvalChain.submittable;
  return { submittable, refusedLines, chainErrors, warnings };
}
