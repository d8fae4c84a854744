import { describe, expect, it } from 'vitest';
import type { ApprovalPreview, BudgetCheckLine } from './api.js';
import { budgetLineStanding, previewVerdict } from './approval-preview.js';
import { en } from './locales/en.js';
import { fr } from './locales/fr.js';

const eur = (amount: string) => ({ amount, currency: 'EUR' });
const line = (over: Partial<BudgetCheckLine>): BudgetCheckLine => ({
  costCentreId: 'cc-mkt',
  budgetCategory: '606400',
  periodKey: 'FY2026',
  state: 'within',
  policy: 'warn',
  outcome: 'allowed',
  amount: eur('300.00'),
  available: eur('15000.00'),
  shortBy: null,
  ...over,
});
const preview = (over: {
  outcome?: ApprovalPreview['budgetCheck']['outcome'];
  lines?: BudgetCheckLine[];
  submittable?: boolean;
  notes?: ApprovalPreview['approvalChain']['notes'];
}): ApprovalPreview => ({
  counting: { entityCurrency: 'EUR', rate: '1', rateEffectiveOn: null },
  budgetCheck: { outcome: over.outcome ?? 'allowed', lines: over.lines ?? [line({})] },
  approvalChain: {
    submittable: over.submittable ?? true,
    amount: eur('300.00'),
    steps: [],
    notes: over.notes ?? [],
  },
});

describe('how a budget line stands in the preview', () => {
  it('tells within, over and flagged, over and refused, over and let through, and no budget apart', () => {
    expect(budgetLineStanding(line({}))).toBe('within');
    expect(budgetLineStanding(line({ state: 'over', outcome: 'warn', shortBy: eur('5') }))).toBe('overWarn');
    expect(budgetLineStanding(line({ state: 'over', policy: 'stop', outcome: 'refused' }))).toBe('refused');
    expect(budgetLineStanding(line({ state: 'over', policy: 'ignore', outcome: 'allowed' }))).toBe(
      'overAllowed',
    );
    expect(budgetLineStanding(line({ state: 'no_budget', policy: null, available: null }))).toBe('noBudget');
  });

  it('has a label for every standing, in French and in English', () => {
    for (const messages of [fr, en])
      expect(Object.keys(messages.approvalPreview.standings).sort()).toEqual(
        ['noBudget', 'overAllowed', 'overWarn', 'refused', 'within'].sort(),
      );
  });
});

describe('whether the previewed request may be submitted', () => {
  it('may be when the budget allows or only warns, and the chain can be planned', () => {
    expect(previewVerdict(preview({})).submittable).toBe(true);
    const warned = previewVerdict(
      preview({
        outcome: 'warn',
        lines: [line({ state: 'over', outcome: 'warn' })],
        notes: [{ level: 'warning', code: 'manager_chain_exhausted', message: 'Julien approves.' }],
      }),
    );
    expect(warned).toMatchObject({ submittable: true, warnings: ['Julien approves.'], chainErrors: [] });
  });

  it('may not be when a budget line refuses, naming that line', () => {
    const refused = line({ state: 'over', policy: 'stop', outcome: 'refused', shortBy: eur('120.00') });
    const verdict = previewVerdict(preview({ outcome: 'refused', lines: [line({}), refused] }));
    expect(verdict.submittable).toBe(false);
    expect(verdict.refusedLines).toEqual([refused]);
  });

  it('may not be when the chain cannot be planned, with the reason', () => {
    const verdict = previewVerdict(
      preview({
        submittable: false,
        notes: [{ level: 'error', code: 'no_approver', message: 'Nobody can approve step 1.' }],
      }),
    );
    expect(verdict).toMatchObject({ submittable: false, chainErrors: ['Nobody can approve step 1.'] });
  });
});
