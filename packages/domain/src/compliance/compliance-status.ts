import { addMonths, daysBetween } from '../calendar/index.js';
import { DomainError } from '../errors/index.js';
import { type ComplianceDocumentType, complianceDocumentTypes } from './compliance-rules.js';

// Dates here are calendar days as ISO strings ("2026-11-23"): expiry is a matter of days, not instants.

export const complianceStatuses = ['compliant', 'expiring', 'non_compliant'] as const;
export type ComplianceStatus = (typeof complianceStatuses)[number];

export interface HeldDocument {
  type: ComplianceDocumentType;
  issuedOn: string;
  /** null: the document does not expire (a signed acceptance of terms). */
  expiresOn: string | null;
}

export interface ComplianceAssessment {
  status: ComplianceStatus;
  missing: ComplianceDocumentType[];
  expired: ComplianceDocumentType[];
  expiring: ComplianceDocumentType[];
}

/**
 * The expiry date of a document: the one printed on it, or the issue date plus the type's validity
 * (a Kbis extract is valid 3 months, the URSSAF certificate 6). Never later than that validity: a
 * certificate "valid 1 year" of a type we accept for 6 months expires at 6 months. Refuses an
 * expiry before the issue date, and a document of a type that expires without any date at all.
 */
export function documentExpiry(document: {
  type: ComplianceDocumentType;
  issuedOn: string;
  expiresOn?: string | null | undefined;
}): string | null {
  const { validityMonths } = complianceDocumentTypes[document.type];
  const byValidity = validityMonths === null ? null : addMonths(document.issuedOn, validityMonths);
  const printed = document.expiresOn ?? null;
  if (printed !== null && daysBetween(document.issuedOn, printed) < 0) {
    throw new DomainError('validation_failed', 'A document cannot expire before it was issued.', [
      { field: 'expiresOn', reason: 'must not be before issuedOn' },
    ]);
  }
  if (printed === null) return byValidity;
  if (byValidity === null) return printed;
  return daysBetween(printed, byValidity) < 0 ? byValidity : printed;
}

/**
 * A supplier's standing against the documents it must hold: `non_compliant` when a required document
 * is missing or expired (the expiry day itself still counts as valid), `expiring` when one expires
 * within `expiringWithinDays`, `compliant` otherwise. For each type the document valid the longest counts.
 */
export function assessCompliance(input: {
  required: readonly ComplianceDocumentType[];
  documents: readonly HeldDocument[];
  today: string;
  expiringWithinDays: number;
}): ComplianceAssessment {
  const missing: ComplianceDocumentType[] = [];
  const expired: ComplianceDocumentType[] = [];
  const expiring: ComplianceDocumentType[] = [];
  for (const type of input.required) {
    const held = input.documents.filter((d) => d.type === type && daysBetween(d.issuedOn, input.today) >= 0);
    if (held.length === 0) {
      missing.push(type);
      continue;
    }
    if (held.some((d) => d.expiresOn === null)) continue;
    const daysLeft = Math.max(...held.map((d) => daysBetween(input.today, d.expiresOn as string)));
    if (daysLeft < 0) expired.push(type);
    else if (daysLeft <= input.expiringWithinDays) expiring.push(type);
  }
  const status: ComplianceStatus =
    missing.length > 0 || expired.length > 0
      ? 'non_compliant'
      : expiring.length > 0
        ? 'expiring'
        : 'compliant';
  return { status, missing, expired, expiring };
}

/** What the company does with a non-compliant supplier: warn the buyers, or stop orders. */
export const compliancePolicies = ['warn', 'block'] as const;
export type CompliancePolicy = (typeof compliancePolicies)[number];

/** Whether orders may be placed as far as compliance goes: only `block` with a non-compliant supplier stops them. */
export function complianceAllowsOrders(status: ComplianceStatus, policy: CompliancePolicy): boolean {
  return !(policy === 'block' && status === 'non_compliant');
}

/** A sentence for the supplier's status reason and purchasing's projection. */
export function complianceReason(assessment: ComplianceAssessment): string | null {
  const parts = [
    assessment.missing.length > 0 ? `missing: ${assessment.missing.join(', ')}` : '',
    assessment.expired.length > 0 ? `expired: ${assessment.expired.join(', ')}` : '',
    assessment.expiring.length > 0 ? `expiring soon: ${assessment.expiring.join(', ')}` : '',
  ].filter(Boolean);
  return parts.length > 0 ? `Compliance documents ${parts.join('; ')}` : null;
}

/**
 * The reminder due for a document `daysLeft` days from expiry: the smallest threshold not below
 * `daysLeft` (30 days ahead, then 7), or undefined when none applies (too early, or expired).
 * A document found late (5 days left, no reminder sent) gets only the 7-day reminder.
 */
export function dueReminderThreshold(daysLeft: number, thresholds: readonly number[]): number | undefined {
  if (daysLeft < 0) return undefined;
  const applicable = thresholds.filter((t) => daysLeft <= t);
  return applicable.length > 0 ? Math.min(...applicable) : undefined;
}
