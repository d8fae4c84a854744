import type { PurchasingDatabase } from '@procura/db';
import type { Kysely, Transaction } from 'kysely';

export interface SupplierStanding {
  supplierId: string;
  status: 'active' | 'blocked' | 'archived';
  reason: string | null;
  changedAt: string | null;
}

/**
 * Records a supplier's status as told by catalog. An older event arriving after a newer one
 * (events are not ordered across retries) does not overwrite it.
 */
export async function recordSupplierStatus(
  trx: Transaction<PurchasingDatabase>,
  change: {
    supplierId: string;
    status: SupplierStanding['status'];
    reason: string;
    changedAt: string;
    eventId: string;
  },
): Promise<void> {
  await trx
    .insertInto('purchasing.supplier_status')
    .values({
      supplier_id: change.supplierId,
      status: change.status,
      reason: change.reason,
      changed_at: change.changedAt,
      source_event_id: change.eventId,
    })
    .onConflict((oc) =>
      oc
        .column('supplier_id')
        .doUpdateSet((eb) => ({
          status: eb.ref('excluded.status'),
          reason: eb.ref('excluded.reason'),
          changed_at: eb.ref('excluded.changed_at'),
          source_event_id: eb.ref('excluded.source_event_id'),
          recorded_at: new Date(),
        }))
        .where('purchasing.supplier_status.changed_at', '<', (eb) => eb.ref('excluded.changed_at')),
    )
    .execute();
}

/** A supplier catalog has never reported on is active as far as purchasing knows. */
export async function findSupplierStanding(
  db: Kysely<PurchasingDatabase>,
  supplierId: string,
): Promise<SupplierStanding> {
  const row = await db
    .selectFrom('purchasing.supplier_status')
    .select(['status', 'reason', 'changed_at'])
    .where('supplier_id', '=', supplierId)
    .executeTakeFirst();
  return row
    ? { supplierId, status: row.status, reason: row.reason, changedAt: row.changed_at.toISOString() }
    : { supplierId, status: 'active', reason: null, changedAt: null };
}
