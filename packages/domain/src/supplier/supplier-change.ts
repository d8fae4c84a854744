import { DomainError } from '../errors/index.js';
import { isDecimalString, toDecimal } from '../money/decimal.js';
import type { SupplierStatus } from './supplier-lifecycle.js';

/** The fields of a supplier's record a buyer may change. */
export const supplierRecordFields = [
  'name',
  'legalForm',
  'country',
  'siren',
  'siret',
  'vatNumber',
  'duns',
  'orderEmail',
  'electronicAddress',
  'addresses',
  'paymentTermsDays',
  'allowedEntities',
  'contacts',
  'languages',
  'categoryCodes',
  'responsibleBuyer',
  'yearlySpend',
] as const;
export type SupplierRecordField = (typeof supplierRecordFields)[number];

/**
 * What a second person vouched for when approving a supplier: its legal identity, where orders and
 * payments go, the e-invoicing address its invoices are recognised by, the payment terms and who may order from it. Changing any of these on an active
 * supplier needs approval again; contacts, languages, categories, the responsible buyer and the
 * yearly spend do not.
 */
export const approvedSupplierFields: readonly SupplierRecordField[] = [
  'name',
  'legalForm',
  'country',
  'siren',
  'siret',
  'vatNumber',
  'duns',
  'orderEmail',
  'electronicAddress',
  'addresses',
  'paymentTermsDays',
  'allowedEntities',
];

export type SupplierRecordValues = Readonly<Record<SupplierRecordField, unknown>>;

/** A value in a form where equal meaning gives equal text: object keys sorted, sets sorted, amounts normalised. */
function canonical(field: SupplierRecordField, value: unknown): string {
  let normalised = value ?? null;
  if (field === 'categoryCodes' && Array.isArray(value)) normalised = [...value].sort();
  if (field === 'allowedEntities' && Array.isArray(value))
    normalised = (value as { entityId: string; siteIds: readonly string[] }[])
      .map((e) => ({ entityId: e.entityId, siteIds: [...e.siteIds].sort() }))
      .sort((a, b) => a.entityId.localeCompare(b.entityId));
  if (field === 'yearlySpend' && value && typeof value === 'object' && 'amount' in value) {
    const spend = value as { amount: string; source?: string | null };
    const amount = isDecimalString(spend.amount) ? toDecimal(spend.amount).toString() : spend.amount;
    normalised = { amount, source: spend.source ?? null };
  }
  return JSON.stringify(normalised, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>)
            .map(([k, inner]) => [k, inner ?? null] as const)
            .sort(([a], [b]) => a.localeCompare(b)),
        )
      : v,
  );
}

/** The fields whose value differs between the stored record and the new one, in the order of `supplierRecordFields`. */
export function changedSupplierFields(
  before: SupplierRecordValues,
  after: SupplierRecordValues,
): SupplierRecordField[] {
  return supplierRecordFields.filter(
    (field) => canonical(field, before[field]) !== canonical(field, after[field]),
  );
}

/**
 * Where a change of record leaves a supplier. A draft stays a draft. An active supplier whose
 * approved fields changed goes back to `pending_approval` (submitted by the editor, so someone else
 * must approve it again); any other change keeps it active. Pending, blocked and archived suppliers
 * cannot be changed (`invalid_state_transition`).
 */
export function statusAfterSupplierChange(
  status: SupplierStatus,
  changed: readonly SupplierRecordField[],
): { status: SupplierStatus; needsApproval: boolean } {
  if (status === 'draft') return { status, needsApproval: false };
  if (status === 'active') {
    const needsApproval = changed.some((field) => approvedSupplierFields.includes(field));
    return { status: needsApproval ? 'pending_approval' : 'active', needsApproval };
  }
  throw new DomainError(
    'invalid_state_transition',
    `A supplier that is ${status.replace('_', ' ')} cannot be changed.`,
    { status, action: 'update' },
  );
}
