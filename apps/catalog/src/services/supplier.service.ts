import type { CatalogDatabase } from '@procura/db';
import { DomainError, nextSupplierStatus } from '@procura/domain';
import { recordEvent } from '@procura/events';
import type { Kysely } from 'kysely';
import {
  lockSupplier,
  type SupplierSummary,
  updateSupplierStatus,
} from '../repositories/supplier.repository.js';

/**
 * Blocks a supplier: no new order may be placed with it. The change and the event that tells
 * purchasing are committed together or not at all.
 */
export async function blockSupplier(
  db: Kysely<CatalogDatabase>,
  command: { supplierId: string; reason: string; blockedBy: string; now: Date },
): Promise<SupplierSummary> {
  return db.transaction().execute(async (trx) => {
    const supplier = await lockSupplier(trx, command.supplierId);
    if (!supplier) throw new DomainError('not_found', `Supplier ${command.supplierId} does not exist.`);
    const status = nextSupplierStatus(supplier.status, 'block');
    const blocked = await updateSupplierStatus(trx, {
      id: supplier.id,
      status,
      reason: command.reason,
      changedBy: command.blockedBy,
      changedAt: command.now,
    });
    await recordEvent(trx, 'catalog', {
      type: 'catalog.supplier.blocked',
      aggregateId: supplier.id,
      payload: {
        supplierId: supplier.id,
        supplierName: supplier.name,
        reason: command.reason,
        blockedAt: command.now.toISOString(),
        blockedBy: command.blockedBy,
      },
    });
    return blocked;
  });
}
