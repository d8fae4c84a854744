import type { CatalogDatabase } from '@procura/db';
import {
  assertMayApproveSupplier,
  checkSupplierIdentity,
  DomainError,
  nextSupplierStatus,
  type SupplierAction,
} from '@procura/domain';
import { recordEvent } from '@procura/events';
import type { Kysely, Transaction } from 'kysely';
import {
  findSupplierDetail,
  insertSupplier,
  lockSupplier,
  recordStatusHistory,
  type SupplierDetail,
  type SupplierRecord,
  type SupplierSummary,
  unknownCategoryCodes,
  updateSupplier,
  updateSupplierStatus,
} from '../repositories/supplier.repository.js';
import type { Actor } from './actor.js';
import { refreshSupplierCompliance } from './compliance.service.js';

/** PostgreSQL's unique_violation, raised by the unique SIRET index. */
const isUniqueViolation = (error: unknown, constraint: string) =>
  typeof error === 'object' &&
  error !== null &&
  'code' in error &&
  error.code === '23505' &&
  'constraint' in error &&
  error.constraint === constraint;

async function validateRecord(
  trx: Transaction<CatalogDatabase>,
  record: SupplierRecord,
): Promise<SupplierRecord> {
  const identity = checkSupplierIdentity(record);
  if (!identity.ok)
    throw new DomainError('validation_failed', 'The supplier’s identity is not valid.', identity.issues);
  const unknown = await unknownCategoryCodes(trx, record.categoryCodes);
  if (unknown.length > 0) {
    throw new DomainError('validation_failed', `Unknown categories: ${unknown.join(', ')}.`, [
      { field: 'categoryCodes', reason: `unknown UNSPSC codes: ${unknown.join(', ')}` },
    ]);
  }
  return { ...record, ...identity.identity };
}

async function saving<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isUniqueViolation(error, 'supplier_siret'))
      throw new DomainError('conflict', 'Another supplier has this SIRET.', [
        { field: 'siret', reason: 'is already referenced' },
      ]);
    throw error;
  }
}

/** References a new supplier as a draft; nothing is written when any field is refused. */
export async function createSupplier(
  db: Kysely<CatalogDatabase>,
  command: { record: SupplierRecord; actor: Actor; now: Date },
): Promise<SupplierDetail> {
  const id = await saving(() =>
    db.transaction().execute(async (trx) => {
      const record = await validateRecord(trx, command.record);
      const id = await insertSupplier(trx, record, command.now);
      await recordStatusHistory(trx, {
        supplierId: id,
        action: 'create',
        fromStatus: null,
        toStatus: 'draft',
        reason: null,
        actorId: command.actor.id,
        actorName: command.actor.name,
        occurredAt: command.now,
      });
      await refreshSupplierCompliance(trx, id, command.now);
      return id;
    }),
  );
  return (await findSupplierDetail(db, id)) as SupplierDetail;
}

/** Changes a draft or active supplier's record; blocked, pending and archived ones are frozen. */
export async function changeSupplier(
  db: Kysely<CatalogDatabase>,
  command: { supplierId: string; record: SupplierRecord; actor: Actor; now: Date },
): Promise<SupplierDetail> {
  await saving(() =>
    db.transaction().execute(async (trx) => {
      const supplier = await lockSupplier(trx, command.supplierId);
      if (!supplier) throw new DomainError('not_found', `Supplier ${command.supplierId} does not exist.`);
      if (supplier.status !== 'draft' && supplier.status !== 'active') {
        throw new DomainError(
          'invalid_state_transition',
          `A supplier that is ${supplier.status.replace('_', ' ')} cannot be changed.`,
          { status: supplier.status, action: 'update' },
        );
      }
      const record = await validateRecord(trx, command.record);
      await updateSupplier(trx, supplier.id, record, command.now);
      await refreshSupplierCompliance(trx, supplier.id, command.now);
    }),
  );
  return (await findSupplierDetail(db, command.supplierId)) as SupplierDetail;
}

/**
 * Moves a supplier along its lifecycle, records who, when and why, and tells purchasing when the
 * change decides whether orders may be placed (block, archive, reinstate) — all in one transaction.
 * Whoever submitted a supplier for approval cannot approve it.
 */
export async function changeSupplierStatus(
  db: Kysely<CatalogDatabase>,
  command: { supplierId: string; action: SupplierAction; reason: string | null; actor: Actor; now: Date },
): Promise<SupplierSummary> {
  const { action, actor, now } = command;
  return db.transaction().execute(async (trx) => {
    const supplier = await lockSupplier(trx, command.supplierId);
    if (!supplier) throw new DomainError('not_found', `Supplier ${command.supplierId} does not exist.`);
    const status = nextSupplierStatus(supplier.status, action);
    if (action === 'approve')
      assertMayApproveSupplier({ submittedBy: supplier.submittedBy, approverId: actor.id });
    const changed = await updateSupplierStatus(trx, {
      id: supplier.id,
      status,
      reason: command.reason,
      changedBy: actor.id,
      changedAt: now,
      ...(action === 'submit' ? { submittedBy: actor.id, approvedBy: null } : {}),
      ...(action === 'approve' ? { approvedBy: actor.id } : {}),
    });
    await recordStatusHistory(trx, {
      supplierId: supplier.id,
      action,
      fromStatus: supplier.status,
      toStatus: status,
      reason: command.reason,
      actorId: actor.id,
      actorName: actor.name,
      occurredAt: now,
    });
    const common = { supplierId: supplier.id, supplierName: supplier.name, reason: command.reason ?? action };
    const at = now.toISOString();
    if (action === 'block') {
      await recordEvent(trx, 'catalog', {
        type: 'catalog.supplier.blocked',
        aggregateId: supplier.id,
        payload: { ...common, blockedAt: at, blockedBy: actor.id },
      });
    } else if (action === 'archive') {
      await recordEvent(trx, 'catalog', {
        type: 'catalog.supplier.archived',
        aggregateId: supplier.id,
        payload: { ...common, archivedAt: at, archivedBy: actor.id },
      });
    } else if (action === 'reinstate') {
      await recordEvent(trx, 'catalog', {
        type: 'catalog.supplier.reinstated',
        aggregateId: supplier.id,
        payload: { ...common, reinstatedAt: at, reinstatedBy: actor.id },
      });
    }
    return changed;
  });
}

/** Blocks a supplier: no new order may be placed with it (kept for the existing callers). */
export function blockSupplier(
  db: Kysely<CatalogDatabase>,
  command: { supplierId: string; reason: string; blockedBy: Actor; now: Date },
): Promise<SupplierSummary> {
  return changeSupplierStatus(db, {
    supplierId: command.supplierId,
    action: 'block',
    reason: command.reason,
    actor: command.blockedBy,
    now: command.now,
  });
}
