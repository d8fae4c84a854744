// Invoicing's copy of the suppliers, from catalog's events: the identifiers an invoice's seller is
// recognised by (ordering details, at each approval), the verified bank account payments go to,
// and the supplier's status. Applied once each.
import type { InvoicingDatabase } from '@procura/db';
import { consumeEvents, type EventHandlers } from '@procura/events';
import type { ServiceParts } from '@procura/runtime';
import {
  recordSupplierBankAccount,
  recordSupplierDetails,
  recordSupplierStatus,
} from '../repositories/supplier.repository.js';

export const supplierHandlers: EventHandlers<InvoicingDatabase, 'invoicing.suppliers'> = {
  'catalog.supplier.ordering-details': (trx, event) => recordSupplierDetails(trx, event.payload, event.id),
  'catalog.supplier.bank-account-changed': (trx, event) =>
    recordSupplierBankAccount(trx, event.payload, event.id),
  'catalog.supplier.activated': (trx, { id, payload }) =>
    recordSupplierStatus(trx, { ...payload, status: 'active', changedAt: payload.activatedAt, eventId: id }),
  'catalog.supplier.reinstated': (trx, { id, payload }) =>
    recordSupplierStatus(trx, { ...payload, status: 'active', changedAt: payload.reinstatedAt, eventId: id }),
  'catalog.supplier.blocked': (trx, { id, payload }) =>
    recordSupplierStatus(trx, { ...payload, status: 'blocked', changedAt: payload.blockedAt, eventId: id }),
  'catalog.supplier.archived': (trx, { id, payload }) =>
    recordSupplierStatus(trx, { ...payload, status: 'archived', changedAt: payload.archivedAt, eventId: id }),
};

export async function consumeSupplierEvents({
  bus,
  db,
  logger,
}: ServiceParts<InvoicingDatabase>): Promise<void> {
  await consumeEvents({
    bus,
    db,
    schema: 'invoicing',
    queue: 'invoicing.suppliers',
    handlers: supplierHandlers,
    logger,
  });
}
