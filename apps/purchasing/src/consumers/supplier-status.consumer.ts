import type { PurchasingDatabase } from '@procura/db';
import { consumeEvents, type EventHandlers } from '@procura/events';
import type { ServiceParts } from '@procura/runtime';
import {
  recordComplianceHold,
  recordSupplierParty,
  recordSupplierStatus,
} from '../repositories/supplier-status.repository.js';

export const supplierStatusHandlers: EventHandlers<PurchasingDatabase, 'purchasing.supplier-status'> = {
  'catalog.supplier.ordering-details': (trx, event) => recordSupplierParty(trx, event.payload, event.id),
  'catalog.supplier.activated': (trx, event) =>
    recordSupplierStatus(trx, {
      supplierId: event.payload.supplierId,
      status: 'active',
      reason: event.payload.reason,
      changedAt: event.payload.activatedAt,
      eventId: event.id,
    }),
  'catalog.supplier.approval-required': (trx, event) =>
    recordSupplierStatus(trx, {
      supplierId: event.payload.supplierId,
      status: 'pending_approval',
      reason: event.payload.reason,
      changedAt: event.payload.changedAt,
      eventId: event.id,
    }),
  'catalog.supplier.blocked': (trx, event) =>
    recordSupplierStatus(trx, {
      supplierId: event.payload.supplierId,
      status: 'blocked',
      reason: event.payload.reason,
      changedAt: event.payload.blockedAt,
      eventId: event.id,
    }),
  'catalog.supplier.archived': (trx, event) =>
    recordSupplierStatus(trx, {
      supplierId: event.payload.supplierId,
      status: 'archived',
      reason: event.payload.reason,
      changedAt: event.payload.archivedAt,
      eventId: event.id,
    }),
  'catalog.supplier.reinstated': (trx, event) =>
    recordSupplierStatus(trx, {
      supplierId: event.payload.supplierId,
      status: 'active',
      reason: event.payload.reason,
      changedAt: event.payload.reinstatedAt,
      eventId: event.id,
    }),
  'catalog.supplier.compliance-changed': (trx, event) =>
    recordComplianceHold(trx, {
      supplierId: event.payload.supplierId,
      hold: !event.payload.orderable,
      reason: event.payload.reason,
      changedAt: event.payload.changedAt,
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
