import type { PurchasingDatabase } from '@procura/db';
import { consumeEvents, type EventHandlers } from '@procura/events';
import type { ServiceParts } from '@procura/runtime';
import { recordSupplierStatus } from '../repositories/supplier-status.repository.js';

export const supplierStatusHandlers: EventHandlers<PurchasingDatabase, 'purchasing.supplier-status'> = {
  'catalog.supplier.blocked': (trx, event) =>
    recordSupplierStatus(trx, {
      supplierId: event.payload.supplierId,
      status: 'blocked',
      reason: event.payload.reason,
      changedAt: event.payload.blockedAt,
      eventId: event.id,
    }),
};

export async function consumeSupplierEvents({
  bus,
  db,
  logger,
}: ServiceParts<PurchasingDatabase>): Promise<void> {
  await consumeEvents({
    bus,
    db,
    schema: 'purchasing',
    queue: 'purchasing.supplier-status',
    handlers: supplierStatusHandlers,
    logger,
  });
}
