import type { CatalogDatabase } from '@procura/db';
import {
  assertMayApproveSupplier,
  changedSupplierFields,
  checkSupplierIdentity,
  DomainError,
  nextSupplierStatus,
  type SupplierAction,
  statusAfterSupplierChange,
} from '@procura/domain';
import { recordEvent } from '@procura/events';
import type { Kysely, Transaction } from 'kysely';
import { isUniqueViolation } from '../repositories/postgres-errors.js';
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
import { announceOrderingDetails } from './supplier-ordering-details.js';

/** A change of record: each field left undefined keeps its stored value. */
export type SupplierChanges = { [K in keyof SupplierRecord]?: SupplierRecord[K] | undefined };

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

/** The record as stored, in the shape a buyer enters it. */
function recordOf(stored: SupplierDetail): SupplierRecord {
  return {
    name: stored.name,
    legalForm: stored.legalForm,
    country: stored.country,
    siren: stored.siren,
    siret: stored.siret,
    vatNumber: stored.vatNumber,
    duns: stored.duns,
    languages: stored.languages,
    paymentTermsDays: stored.paymentTermsDays,
    orderEmail: stored.orderEmail,
    electronicAddress: stored.electronicAddress,
    addresses: stored.addresses,
    contacts: stored.contacts,
    categoryCodes: stored.categoryCodes,
    allowedEntities: stored.allowedEntities,
    responsibleBuyer: stored.responsibleBuyer,
    yearlySpend: { amount: stored.yearlySpend.amount, source: stored.yearlySpend.source },
  };
}

function withChanges(stored: SupplierRecord, changes: SupplierChanges): SupplierRecord {
  const given = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined));
  return { ...stored, ...given };
}

/** References a new supplier as a draft; nothing is written when any field is refused. */
export async function createSupplier(
  db: Kysely<CatalogDatabase>,
  command: { record: SupplierRecord; actor: Actor; now: Date },
): Promise<SupplierDetail> {
  const id = await saving(() =>
    db.transaction().execute(async (trx) => {
      const record = await validateRecord(trx, command.record);
      const id = await insertSupplier(trx, record, { by: command.actor.id, at: command.now });
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

/**
 * Changes a draft or active supplier's record (fields left out keep their stored value) and records
 * who changed which fields in the history. A change to what approval vouched for — legal identity,
 * order e-mail, addresses, payment terms, allowed entities and sites — sends an active supplier back
 * to `pending_approval`, submitted by the editor, so that someone else must approve it again;
 * purchasing is told it takes no new orders meanwhile. Pending, blocked and archived suppliers are
 * frozen.
 */
export async function changeSupplier(
  db: Kysely<CatalogDatabase>,
  command: { supplierId: string; changes: SupplierChanges; actor: Actor; now: Date },
): Promise<SupplierDetail> {
  const { actor, now } = command;
  await saving(() =>
    db.transaction().execute(async (trx) => {
      const supplier = await lockSupplier(trx, command.supplierId);
      const stored = supplier && (await findSupplierDetail(trx, supplier.id));
      if (!supplier || !stored)
        throw new DomainError('not_found', `Supplier ${command.supplierId} does not exist.`);
      statusAfterSupplierChange(supplier.status, []); // frozen: refused before anything is validated
      const before = recordOf(stored);
      const record = await validateRecord(trx, withChanges(before, command.changes));
      const changed = changedSupplierFields(before, record);
      if (changed.length === 0) return;
      const next = statusAfterSupplierChange(supplier.status, changed);
      await updateSupplier(trx, supplier.id, record, { by: actor.id, at: now });
      const reason = next.needsApproval ? `Changed ${changed.join(', ')}: to be approved again` : null;
      if (next.needsApproval && reason) {
        await updateSupplierStatus(trx, {
          id: supplier.id,
          status: next.status,
          reason,
          changedBy: actor.id,
          changedAt: now,
          submittedBy: actor.id,
          approvedBy: null,
        });
        await recordEvent(trx, 'catalog', {
          type: 'catalog.supplier.approval-required',
          aggregateId: supplier.id,
          payload: {
            supplierId: supplier.id,
            supplierName: record.name,
            reason,
            changedFields: changed,
            changedAt: now.toISOString(),
            changedBy: actor.id,
          },
        });
      }
      await recordStatusHistory(trx, {
        supplierId: supplier.id,
        action: 'update',
        fromStatus: supplier.status,
        toStatus: next.status,
        reason,
        actorId: actor.id,
        actorName: actor.name,
        occurredAt: now,
        changedFields: changed,
      });
      await refreshSupplierCompliance(trx, supplier.id, now);
    }),
  );
  return (await findSupplierDetail(db, command.supplierId)) as SupplierDetail;
}

/**
 * Moves a supplier along its lifecycle, records who, when and why, and tells purchasing when the
 * change decides whether orders may be placed (approve, block, archive, reinstate) — all in one
 * transaction. Whoever submitted a supplier for approval, or last changed it, cannot approve it.
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
      assertMayApproveSupplier({
        submittedBy: supplier.submittedBy,
        lastModifiedBy: supplier.lastModifiedBy,
        approverId: actor.id,
      });
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
    if (action === 'approve') {
      await recordEvent(trx, 'catalog', {
        type: 'catalog.supplier.activated',
        aggregateId: supplier.id,
        payload: { ...common, activatedAt: at, activatedBy: actor.id },
      });
      await announceOrderingDetails(trx, supplier.id, now);
    } else if (action === 'block') {
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
