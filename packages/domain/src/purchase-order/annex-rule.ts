import type { FieldIssue } from '../errors/index.js';
import { isCountryCode } from '../identifiers/index.js';
import { type CurrencyCode, isCurrencyCode } from '../money/currency.js';
import { decimalProblem } from '../money/decimal.js';
import { type Money, money } from '../money/money.js';
import { generalPurchasingTermsCode, type TermsVersion, termsInForce } from './terms-document.js';

/** What a buyer flags on an order line because it changes the legal framework of the order. */
export const purchaseOrderLineFlags = ['on_site_work', 'system_access', 'personal_data'] as const;
export type PurchaseOrderLineFlag = (typeof purchaseOrderLineFlags)[number];

export function isPurchaseOrderLineFlag(value: unknown): value is PurchaseOrderLineFlag {
  return typeof value === 'string' && (purchaseOrderLineFlags as readonly string[]).includes(value);
}

/**
 * When an annex applies. Every criterion given must hold; within a criterion, any listed value is
 * enough. A condition without any criterion holds for every order.
 */
export interface AnnexCondition {
  /** Some line's UNSPSC category starts with one of these digits: `43` (IT), `8111` (IT services). */
  readonly categoryPrefixes?: readonly string[];
  /** Some line carries one of these flags. */
  readonly lineFlags?: readonly PurchaseOrderLineFlag[];
  /** The supplier's country (ISO 3166) is one of these. */
  readonly supplierCountries?: readonly string[];
  /** The supplier's country is none of these (a data protection annex outside the EU). */
  readonly supplierCountriesExcept?: readonly string[];
  /**
   * The order's net total is at least this amount. An order in another currency meets it: without
   * an exchange rate, carrying an annex too many is the safe side.
   */
  readonly minimumNetAmount?: { readonly amount: string; readonly currency: CurrencyCode };
}

/** One rule an administrator keeps: this annex goes with the orders that meet the condition. */
export interface AnnexRule {
  readonly id: string;
  readonly annexCode: string;
  readonly when: AnnexCondition;
}

/** The rules and every published version of every annex they name. */
export interface AnnexRuleSet {
  readonly rules: readonly AnnexRule[];
  readonly annexVersions: readonly TermsVersion[];
}

/** What the rules look at in an order. */
export interface AnnexSubject {
  readonly issuedAt: Date;
  readonly supplierCountry: string;
  readonly netAmount: Money;
  readonly lines: readonly {
    readonly category?: string | null | undefined;
    readonly flags?: readonly PurchaseOrderLineFlag[] | undefined;
  }[];
}

/** An annex an order carries: the version in force at issue, and the rules that brought it in. */
export interface SelectedAnnex {
  readonly annex: TermsVersion;
  readonly ruleIds: readonly string[];
}

/**
 * The standard rules: the confidentiality annex for IT (UNSPSC segment 43) and for services
 * (segments 80 to 86: management, engineering and IT, editorial, financial, health, education),
 * the security annex for work on the buyer's premises or access to its information systems, and
 * the personal data annex when the supplier processes personal data.
 */
export const standardAnnexRules: readonly AnnexRule[] = [
  {
    id: 'confidentiality-it-and-services',
    annexCode: 'CONFIDENTIALITY',
    when: { categoryPrefixes: ['43', '80', '81', '82', '84', '85', '86'] },
  },
  {
    id: 'security-on-site-or-systems',
    annexCode: 'SECURITY',
    when: { lineFlags: ['on_site_work', 'system_access'] },
  },
  { id: 'personal-data', annexCode: 'PERSONAL-DATA', when: { lineFlags: ['personal_data'] } },
];

function meets(condition: AnnexCondition, order: AnnexSubject): boolean {
  const { categoryPrefixes, lineFlags, supplierCountries, supplierCountriesExcept, minimumNetAmount } =
    condition;
  if (
    categoryPrefixes &&
    !order.lines.some((line) => categoryPrefixes.some((prefix) => line.category?.startsWith(prefix)))
  )
    return false;
  if (lineFlags && !order.lines.some((line) => line.flags?.some((flag) => lineFlags.includes(flag))))
    return false;
  if (supplierCountries && !supplierCountries.includes(order.supplierCountry)) return false;
  if (supplierCountriesExcept?.includes(order.supplierCountry)) return false;
  if (minimumNetAmount && minimumNetAmount.currency === order.netAmount.currency) {
    const threshold = money(minimumNetAmount.amount, minimumNetAmount.currency);
    if (order.netAmount.compare(threshold) < 0) return false;
  }
  return true;
}

/**
 * The annexes an order carries: every annex named by a rule the order meets, in the version in
 * force when it is issued, in the order of their codes (so editing the rules' order changes
 * nothing), each with the ids of the rules that selected it. Throws `terms_not_in_force` when a
 * selected annex has no version in force yet.
 */
export function selectAnnexes(ruleSet: AnnexRuleSet, order: AnnexSubject): SelectedAnnex[] {
  const selected = new Map<string, string[]>();
  for (const rule of ruleSet.rules) {
    if (!meets(rule.when, order)) continue;
    selected.set(rule.annexCode, [...(selected.get(rule.annexCode) ?? []), rule.id]);
  }
  return [...selected.keys()]
    .sort((a, b) => (a < b ? -1 : 1))
    .map((code) => ({
      annex: termsInForce(
        ruleSet.annexVersions.filter((version) => version.code === code),
        order.issuedAt,
      ),
      ruleIds: selected.get(code) ?? [],
    }));
}

/** What is wrong with a rule an administrator saves, field by field; empty when nothing is. */
export function annexRuleIssues(rule: AnnexRule, annexCodes: readonly string[]): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const { categoryPrefixes, lineFlags, supplierCountries, supplierCountriesExcept, minimumNetAmount } =
    rule.when;
  if (rule.id.trim() === '') issues.push({ field: 'id', reason: 'is required' });
  if (rule.annexCode === generalPurchasingTermsCode)
    issues.push({
      field: 'annexCode',
      reason: 'the general purchasing terms go with every order, not by rule',
    });
  else if (!annexCodes.includes(rule.annexCode))
    issues.push({ field: 'annexCode', reason: 'must be the code of a published annex' });
  categoryPrefixes?.forEach((prefix, index) => {
    if (!/^\d{2,8}$/.test(prefix))
      issues.push({
        field: `when.categoryPrefixes[${index}]`,
        reason: 'must be 2 to 8 digits of a UNSPSC code',
      });
  });
  lineFlags?.forEach((flag, index) => {
    if (!isPurchaseOrderLineFlag(flag))
      issues.push({
        field: `when.lineFlags[${index}]`,
        reason: `must be one of ${purchaseOrderLineFlags.join(', ')}`,
      });
  });
  for (const [name, countries] of [
    ['supplierCountries', supplierCountries],
    ['supplierCountriesExcept', supplierCountriesExcept],
  ] as const) {
    countries?.forEach((country, index) => {
      if (!isCountryCode(country))
        issues.push({ field: `when.${name}[${index}]`, reason: 'must be an ISO 3166 country code' });
    });
  }
  if (minimumNetAmount) {
    const problem = decimalProblem(minimumNetAmount.amount);
    if (problem) issues.push({ field: 'when.minimumNetAmount.amount', reason: problem });
    if (!isCurrencyCode(minimumNetAmount.currency))
      issues.push({ field: 'when.minimumNetAmount.currency', reason: 'must be an ISO 4217 currency code' });
  }
  return issues;
}
