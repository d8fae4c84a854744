import { describe, expect, it } from 'vitest';
import { money } from '../money/index.js';
import { termsVersion } from '../testing/purchase-order.js';
import { thrownBy } from '../testing/thrown-by.js';
import {
  type AnnexRule,
  type AnnexSubject,
  annexRuleIssues,
  selectAnnexes,
  standardAnnexRules,
} from './annex-rule.js';

const annexVersions = [
  termsVersion('CONFIDENTIALITY', 1, '2026-01-01'),
  termsVersion('CONFIDENTIALITY', 2, '2026-09-01'),
  termsVersion('SECURITY', 1, '2026-01-01'),
  termsVersion('PERSONAL-DATA', 1, '2026-01-01'),
  termsVersion('EXPORT', 1, '2026-01-01'),
  termsVersion('INSURANCE', 1, '2026-01-01'),
];

const paper = { category: '14111507' };
const laptop = { category: '43211503' };
const itConsulting = { category: '81111500', flags: ['system_access'] as const };
const cleaning = { category: '76111501', flags: ['on_site_work'] as const };

function order(lines: AnnexSubject['lines'], overrides: Partial<AnnexSubject> = {}): AnnexSubject {
  return {
    issuedAt: new Date('2026-11-23T10:00:00Z'),
    supplierCountry: 'FR',
    netAmount: money('1000', 'EUR'),
    lines,
    ...overrides,
  };
}

const standard = { rules: standardAnnexRules, annexVersions };
const codes = (selected: ReturnType<typeof selectAnnexes>) =>
  selected.map((s) => `${s.annex.code} v${s.annex.version}`);

describe('selectAnnexes with the standard rules', () => {
  it('adds no annex to an order of office paper', () => {
    expect(selectAnnexes(standard, order([paper]))).toEqual([]);
  });

  it('adds the confidentiality annex, in its version in force, to an order with an IT line', () => {
    expect(codes(selectAnnexes(standard, order([paper, laptop])))).toEqual(['CONFIDENTIALITY v2']);
    expect(
      codes(selectAnnexes(standard, order([laptop], { issuedAt: new Date('2026-08-31T12:00:00Z') }))),
    ).toEqual(['CONFIDENTIALITY v1']);
  });

  it('adds the security annex to on-site work, even outside IT and services', () => {
    expect(codes(selectAnnexes(standard, order([cleaning])))).toEqual(['SECURITY v1']);
  });

  it('adds both, in the order of their codes whatever the order of the rules, with the rules that chose them', () => {
    const selected = selectAnnexes(
      { rules: [...standardAnnexRules].reverse(), annexVersions },
      order([itConsulting]),
    );
    expect(codes(selected)).toEqual(['CONFIDENTIALITY v2', 'SECURITY v1']);
    expect(selected.map((s) => s.ruleIds)).toEqual([
      ['confidentiality-it-and-services'],
      ['security-on-site-or-systems'],
    ]);
  });

  it('refuses with terms_not_in_force when a selected annex has no version in force on the day of issue', () => {
    const early = order([laptop], { issuedAt: new Date('2025-06-01T10:00:00Z') });
    expect(thrownBy(() => selectAnnexes(standard, early)).code).toBe('terms_not_in_force');
  });
});

describe('selectAnnexes conditions', () => {
  const rule = (when: AnnexRule['when']): AnnexRule => ({ id: 'r', annexCode: 'EXPORT', when });
  const selects = (when: AnnexRule['when'], subject: AnnexSubject) =>
    selectAnnexes({ rules: [rule(when)], annexVersions }, subject).length === 1;

  it('matches a supplier country in the list, and not one outside it', () => {
    expect(selects({ supplierCountries: ['US', 'CN'] }, order([paper], { supplierCountry: 'US' }))).toBe(
      true,
    );
    expect(selects({ supplierCountries: ['US', 'CN'] }, order([paper], { supplierCountry: 'FR' }))).toBe(
      false,
    );
  });

  it('matches a supplier country outside an excluded list', () => {
    const eu = ['FR', 'DE', 'IT'];
    expect(selects({ supplierCountriesExcept: eu }, order([paper], { supplierCountry: 'GB' }))).toBe(true);
    expect(selects({ supplierCountriesExcept: eu }, order([paper], { supplierCountry: 'DE' }))).toBe(false);
  });

  it('matches a net total from the threshold up: 50,000.00 meets 50,000, 49,999.99 does not', () => {
    const when = { minimumNetAmount: { amount: '50000', currency: 'EUR' as const } };
    expect(selects(when, order([paper], { netAmount: money('50000.00', 'EUR') }))).toBe(true);
    expect(selects(when, order([paper], { netAmount: money('49999.99', 'EUR') }))).toBe(false);
  });

  it('lets an order in another currency meet an amount threshold: an annex too many is the safe side', () => {
    const when = { minimumNetAmount: { amount: '50000', currency: 'EUR' as const } };
    expect(selects(when, order([paper], { netAmount: money('10', 'USD') }))).toBe(true);
  });

  it('needs every criterion of a rule: IT from a US supplier, not IT from a French one', () => {
    const when = { categoryPrefixes: ['43'], supplierCountries: ['US'] };
    expect(selects(when, order([laptop], { supplierCountry: 'US' }))).toBe(true);
    expect(selects(when, order([laptop], { supplierCountry: 'FR' }))).toBe(false);
    expect(selects(when, order([paper], { supplierCountry: 'US' }))).toBe(false);
  });

  it('matches category prefixes digit by digit: 8111 takes 81111500 and not 81101500', () => {
    expect(selects({ categoryPrefixes: ['8111'] }, order([{ category: '81111500' }]))).toBe(true);
    expect(selects({ categoryPrefixes: ['8111'] }, order([{ category: '81101500' }]))).toBe(false);
    expect(selects({ categoryPrefixes: ['8111'] }, order([{ category: null }]))).toBe(false);
  });

  it('applies a rule without criteria to every order', () => {
    expect(selects({}, order([paper]))).toBe(true);
  });

  it('selects an annex once when two rules name it', () => {
    const rules = [
      rule({ categoryPrefixes: ['43'] }),
      { ...rule({ lineFlags: ['system_access'] }), id: 'r2' },
    ];
    const selected = selectAnnexes({ rules, annexVersions }, order([laptop, itConsulting]));
    expect(selected.map((s) => s.ruleIds)).toEqual([['r', 'r2']]);
  });
});

describe('annexRuleIssues', () => {
  it('accepts the standard rules', () => {
    for (const rule of standardAnnexRules)
      expect(annexRuleIssues(rule, ['CONFIDENTIALITY', 'SECURITY', 'PERSONAL-DATA'])).toEqual([]);
  });

  it('names every wrong field of a rule', () => {
    const rule: AnnexRule = {
      id: 'bad',
      annexCode: 'UNKNOWN',
      when: {
        categoryPrefixes: ['4', '43x'],
        lineFlags: ['weekend_work' as never],
        supplierCountries: ['XX'],
        minimumNetAmount: { amount: '1e5', currency: 'EUR' },
      },
    };
    expect(annexRuleIssues(rule, ['SECURITY']).map((issue) => issue.field)).toEqual([
      'annexCode',
      'when.categoryPrefixes[0]',
      'when.categoryPrefixes[1]',
      'when.lineFlags[0]',
      'when.supplierCountries[0]',
      'when.minimumNetAmount.amount',
    ]);
  });

  it('refuses a rule that would add the general purchasing terms as an annex', () => {
    expect(annexRuleIssues({ id: 'r', annexCode: 'CGA', when: {} }, ['CGA'])).toEqual([
      { field: 'annexCode', reason: 'the general purchasing terms go with every order, not by rule' },
    ]);
  });
});
