// Accepting a variance: a person who owns an exception may accept an invoice's price or quantity
// variances, as long as what they accept, valued in the order currency, stays within their limit.
// The accepted findings stop counting; the invoice's reasons are summarised again from what is left,
// and an invoice with nothing left is ready to be approved by that person.
//
// The limit: a person's own limit when the entity set one, otherwise the largest default of their
// roles (in euros; in another currency a person needs their own limit). Employees have none: a
// requester confirms a quantity by recording a receipt, not by accepting a variance.
import { DomainError } from '../errors/index.js';
import { type CurrencyCode, type Money, money } from '../money/index.js';
import {
  type InvoiceLevelReason,
  type InvoiceMatchSummary,
  summarizeInvoiceMatch,
} from './invoice-exception.js';
import type { LineMatchStatus, MatchFinding, VarianceFinding } from './invoice-line-matching.js';

/** The findings a person may accept: figures beyond tolerance, not structural mismatches nor waiting. */
export const acceptableVarianceReasons = [
  'price_variance',
  'quantity_over_received',
  'quantity_over_ordered',
] as const;
export type AcceptableVarianceReason = (typeof acceptableVarianceReasons)[number];

/** Each role's default limit per invoice, in euros. */
export const defaultVarianceAcceptanceLimits: Readonly<Record<string, string>> = {
  accountant: '250.00',
  buyer: '500.00',
  manager: '1000.00',
  administrator: '5000.00',
};

/** The variance `roles` may accept on one invoice in `currency`: `own` when set, else their roles' default. */
export function varianceAcceptanceLimitOf(
  roles: readonly string[],
  currency: CurrencyCode,
  own: Money | null,
): Money {
  if (own !== null) {
    if (own.currency !== currency)
      throw new DomainError(
        'currency_mismatch',
        `The acceptance limit is kept in ${own.currency}, the invoice is in ${currency}.`,
        [{ field: 'currency', reason: `the limit is in ${own.currency}` }],
      );
    return own;
  }
  if (currency !== 'EUR') return money('0', currency);
  const defaults = roles.flatMap((role) => {
    const amount = defaultVarianceAcceptanceLimits[role];
    return amount === undefined ? [] : [money(amount, 'EUR')];
  });
  return defaults.reduce((a, b) => (a.compare(b) >= 0 ? a : b), money('0', 'EUR'));
}

/** An invoice line as the exceptions queue sees it: its findings, some perhaps already accepted. */
export interface LineToResolve {
  readonly position: number;
  readonly findings: readonly MatchFinding[];
  /** Indexes into `findings` already accepted by someone. */
  readonly acceptedFindings?: readonly number[];
}

export interface AcceptedVariance {
  readonly position: number;
  /** Index of the finding in its line's findings. */
  readonly finding: number;
  readonly reason: AcceptableVarianceReason;
  /** The variance valued in the order currency, as a positive amount. */
  readonly impact: Money;
}

export interface VarianceAcceptance {
  readonly accepted: readonly AcceptedVariance[];
  /** The sum of the accepted impacts: what was compared with the limit. */
  readonly total: Money;
  readonly limit: Money;
  /** Each line's status once the accepted findings stop counting. */
  readonly lines: readonly { readonly position: number; readonly status: LineMatchStatus }[];
  /** The invoice's place in the queue once they stop counting: matched means ready to approve. */
  readonly summary: InvoiceMatchSummary;
}

const isAcceptable = (
  finding: MatchFinding,
): finding is VarianceFinding & { readonly reason: AcceptableVarianceReason } =>
  (acceptableVarianceReasons as readonly string[]).includes(finding.reason);

/**
 * Accepts the invoice's variances of the given reasons (all acceptable ones by default). Throws
 * `no_variance_to_accept` when none is left to accept, and `variance_over_acceptance_limit` when
 * their total impact is above `limit` (nothing is accepted then).
 */
export function acceptInvoiceVariances(input: {
  readonly currency: CurrencyCode;
  readonly lines: readonly LineToResolve[];
  readonly reasons?: readonly AcceptableVarianceReason[];
  readonly limit: Money;
  readonly totalsConsistent: boolean;
  readonly invoiceReasons: readonly InvoiceLevelReason[];
}): VarianceAcceptance {
  const wanted: readonly string[] = input.reasons ?? acceptableVarianceReasons;
  const accepted: AcceptedVariance[] = [];
  for (const line of input.lines)
    line.findings.forEach((finding, index) => {
      if (line.acceptedFindings?.includes(index)) return;
      if (!isAcceptable(finding) || !wanted.includes(finding.reason)) return;
      const impact = finding.impact.isNegative() ? finding.impact.negate() : finding.impact;
      accepted.push({ position: line.position, finding: index, reason: finding.reason, impact });
    });
  if (accepted.length === 0)
    throw new DomainError(
      'no_variance_to_accept',
      `The invoice has no ${wanted.map((r) => r.replaceAll('_', ' ')).join(' or ')} left to accept.`,
      [{ field: 'reasons', reason: 'no such variance is open on the invoice' }],
    );
  const total = accepted.reduce((sum, v) => sum.add(v.impact), money('0', input.currency));
  if (total.compare(input.limit) > 0)
    throw new DomainError(
      'variance_over_acceptance_limit',
      `The variances come to ${total.toDecimalString(2)} ${total.currency}, above your acceptance limit of ${input.limit.toDecimalString(2)} ${input.limit.currency}: someone with a higher limit must accept them.`,
      {
        limit: { amount: input.limit.toDecimalString(2), currency: input.limit.currency },
        variance: { amount: total.toDecimalString(2), currency: total.currency },
      },
    );

  const remaining = input.lines.map((line) => {
    const findings = line.findings.filter(
      (_, index) =>
        !line.acceptedFindings?.includes(index) &&
        !accepted.some((a) => a.position === line.position && a.finding === index),
    );
    return { position: line.position, findings };
  });
  const summary = summarizeInvoiceMatch(
    remaining.map((line) => ({
      status: line.findings[0]?.reason ?? 'matched',
      mode: null,
      findings: line.findings,
      quantities: null,
    })),
    { consistent: input.totalsConsistent, differences: [] },
    input.invoiceReasons,
  );
  return {
    accepted,
    total,
    limit: input.limit,
    lines: remaining.map((line) => ({
      position: line.position,
      status: line.findings[0]?.reason ?? 'matched',
    })),
    summary,
  };
}
