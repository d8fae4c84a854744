// Invoicing's decisions on supplier invoices (approved, refused, paid): each applied once, in the
// transaction that records its event id, by the invoice billing service.
import type { PurchasingDatabase } from '@procura/db';
import { consumeEvents, type EventHandlers } from '@procura/events';
import type { ServiceParts } from '@procura/runtime';
import {
  recordInvoiceApproved,
  recordInvoicePaid,
  recordInvoiceRefused,
} from '../services/invoice-billing.service.js';

export const invoiceHandlers: EventHandlers<PurchasingDatabase, 'purchasing.invoices'> = {
  'invoicing.invoice.approved': (trx, event) => recordInvoiceApproved(trx, event.payload, new Date()),
  'invoicing.invoice.refused': (trx, event) => recordInvoiceRefused(trx, event.payload),
  'invoicing.invoice.paid': (trx, event) => recordInvoicePaid(trx, event.payload),
};

export async function consumeInvoiceEvents({
  bus,
  db,
  logger,
}: ServiceParts<PurchasingDatabase>): Promise<void> {
  await consumeEvents({
    bus,
    db,
    schema: 'purchasing',
    queue: 'purchasing.invoices',
    handlers: invoiceHandlers,
    logger,
  });
}
