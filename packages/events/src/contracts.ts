// The events services exchange, with the shape of each payload, and which consumer queue
// receives which events. One table, so producers and consumers cannot drift apart.
import { z } from 'zod';

/**
 * A purchase order as it stands, whole: sent when it is issued, changed (a new revision, an
 * acknowledgement), cancelled or closed. Invoicing matches invoices against its own projection of
 * these lines. Quantities and prices are decimal strings in the order's currency.
 */
const ZPurchaseOrderRecord = z.object({
  purchaseOrderId: z.uuid(),
  number: z.string().min(1),
  revision: z.number().int().min(1),
  entityId: z.uuid(),
  supplierId: z.uuid(),
  supplierName: z.string().min(1),
  currency: z.string().length(3),
  status: z.enum(['issued', 'acknowledged', 'closed', 'cancelled']),
  buyerUserId: z.uuid(),
  requesterUserIds: z.array(z.uuid()),
  lines: z.array(
    z.object({
      purchaseOrderLineId: z.uuid(),
      lineNo: z.number().int().min(1),
      reference: z.string(),
      description: z.string(),
      categoryCode: z.string(),
      quantity: z.string(),
      unitCode: z.string(),
      unitPrice: z.string(),
      vatRate: z.string(),
      amount: z.string(),
      receiptRequired: z.boolean(),
      cancelled: z.boolean(),
      costCentreId: z.uuid(),
      budgetCategory: z.string(),
    }),
  ),
  changedAt: z.iso.datetime({ offset: true }),
});

/**
 * An invoice or credit note as invoicing decided on it: its totals and, per order line its lines were
 * matched to, the quantity and net amount it invoices (a credit note's are negative), in the
 * invoice's currency. Purchasing moves its commitment ledger and the order lines' billing from it.
 */
const ZInvoiceRecord = z.object({
  invoiceId: z.uuid(),
  kind: z.enum(['invoice', 'credit_note']),
  number: z.string().min(1),
  issueDate: z.iso.date(),
  supplierId: z.uuid().nullable(),
  entityId: z.uuid().nullable(),
  currency: z.string().length(3),
  taxExclusiveTotal: z.string(),
  payableAmount: z.string(),
  orderLines: z.array(
    z.object({
      purchaseOrderId: z.uuid(),
      purchaseOrderLineId: z.uuid(),
      quantity: z.string(),
      netAmount: z.string(),
    }),
  ),
  changedAt: z.iso.datetime({ offset: true }),
});

export const eventContracts = {
  /**
   * Approved by a second person: orders may be placed (unless a compliance hold says otherwise).
   * `activatedBy` is null for suppliers announced by a migration or the demo loader.
   */
  'catalog.supplier.activated': z.object({
    supplierId: z.uuid(),
    supplierName: z.string().min(1),
    reason: z.string().min(1),
    activatedAt: z.iso.datetime({ offset: true }),
    activatedBy: z.uuid().nullable(),
  }),
  /**
   * An active supplier's approved details (legal identity, order e-mail, addresses, payment terms,
   * allowed entities or sites) changed: no new orders until someone else approves it again.
   */
  'catalog.supplier.approval-required': z.object({
    supplierId: z.uuid(),
    supplierName: z.string().min(1),
    reason: z.string().min(1),
    changedFields: z.array(z.string()).min(1),
    changedAt: z.iso.datetime({ offset: true }),
    changedBy: z.uuid(),
  }),
  /**
   * A supplier's ordering details as last approved: what a purchase order prints (legal identity,
   * ordering address, language) and where it is sent (order e-mail). Sent with each approval, so
   * purchasing never orders on details nobody approved.
   */
  'catalog.supplier.ordering-details': z.object({
    supplierId: z.uuid(),
    name: z.string().min(1),
    legalForm: z.string().nullable(),
    siren: z.string().nullable(),
    siret: z.string().nullable(),
    vatNumber: z.string().nullable(),
    address: z.object({
      line: z.string().min(1),
      postalCode: z.string(),
      city: z.string().min(1),
      country: z.string().length(2),
    }),
    language: z.enum(['fr', 'en']),
    paymentTermsDays: z.number().int().min(0).max(365),
    orderEmail: z.email().nullable(),
    contact: z
      .object({ name: z.string(), email: z.email().nullable(), phone: z.string().nullable() })
      .nullable(),
    /**
     * Where the supplier receives and sends e-invoices (a Peppol endpoint: scheme as ISO 6523 ICD
     * such as 0009 SIRET or 0225 SIREN, and the identifier). Absent from announcements made before
     * catalog kept it.
     */
    electronicAddress: z
      .object({ scheme: z.string().regex(/^[0-9]{4}$/), value: z.string().min(1).max(100) })
      .nullable()
      .optional(),
    approvedAt: z.iso.datetime({ offset: true }),
  }),
  /**
   * The supplier's bank details as payments may use them, sent whenever they change: entered (a
   * change waits for a second person), verified, or rejected. `verified` is the account payments go
   * to (null: none yet); `changePending` says a new account waits for verification, in which case
   * payments keep going to the account verified before it, as catalog's four-eyes rule wants.
   */
  'catalog.supplier.bank-account-changed': z.object({
    supplierId: z.uuid(),
    supplierName: z.string().min(1),
    verified: z
      .object({
        accountId: z.uuid(),
        accountHolder: z.string().min(1),
        iban: z.string().min(15).max(34),
        bic: z.string().min(8).max(11).nullable(),
        verifiedAt: z.iso.datetime({ offset: true }),
      })
      .nullable(),
    changePending: z.boolean(),
    changedAt: z.iso.datetime({ offset: true }),
  }),
  'catalog.supplier.blocked': z.object({
    supplierId: z.uuid(),
    supplierName: z.string().min(1),
    reason: z.string().min(1),
    blockedAt: z.iso.datetime({ offset: true }),
    blockedBy: z.uuid(),
  }),
  /** Archived: kept for history only, never ordered from again. */
  'catalog.supplier.archived': z.object({
    supplierId: z.uuid(),
    supplierName: z.string().min(1),
    reason: z.string().min(1),
    archivedAt: z.iso.datetime({ offset: true }),
    archivedBy: z.uuid(),
  }),
  /** A blocked supplier may receive orders again. */
  'catalog.supplier.reinstated': z.object({
    supplierId: z.uuid(),
    supplierName: z.string().min(1),
    reason: z.string().min(1),
    reinstatedAt: z.iso.datetime({ offset: true }),
    reinstatedBy: z.uuid(),
  }),
  /**
   * The supplier's compliance status changed (documents missing, expired, renewed). `orderable` is
   * false when the company's policy blocks non-compliant suppliers and this one is; `reason` says why.
   */
  'catalog.supplier.compliance-changed': z.object({
    supplierId: z.uuid(),
    supplierName: z.string().min(1),
    complianceStatus: z.enum(['compliant', 'expiring', 'non_compliant']),
    orderable: z.boolean(),
    reason: z.string().nullable(),
    changedAt: z.iso.datetime({ offset: true }),
  }),
  /**
   * A person as the organisation knows them, whole (not a diff): sent by the gateway whenever the
   * user is created, brought up to date at login, or (de)activated. Purchasing keeps its own
   * directory from these to route approvals (manager chain, approval limits, roles) and send
   * reminders. `approvalLimit` is in the entity's currency; null: approves nothing alone.
   */
  'identity.user.changed': z.object({
    userId: z.uuid(),
    email: z.email(),
    displayName: z.string().min(1),
    entityId: z.uuid(),
    siteId: z.uuid().nullable(),
    managerUserId: z.uuid().nullable(),
    approvalLimit: z
      .string()
      .regex(/^\d{1,17}(\.\d{1,2})?$/)
      .nullable(),
    roles: z.array(z.string().min(1)),
    costCentreIds: z.array(z.uuid()),
    locale: z.enum(['fr', 'en']),
    active: z.boolean(),
    changedAt: z.iso.datetime({ offset: true }),
  }),
  /**
   * A buying entity, whole: its legal identity and mentions (for the letterhead of its orders), its
   * address, its currency (approval thresholds, limits and budgets are in it) and its sites
   * (delivery addresses). Sent when the entity or one of its sites is created or changed.
   */
  'identity.entity.changed': z.object({
    entityId: z.uuid(),
    parentEntityId: z.uuid().nullable(),
    code: z.string().min(1),
    legalName: z.string().min(1),
    legalForm: z.string().min(1),
    siren: z.string().nullable(),
    siret: z.string().nullable(),
    vatNumber: z.string().nullable(),
    shareCapital: z
      .string()
      .regex(/^\d{1,17}(\.\d{1,2})?$/)
      .nullable(),
    registrationCity: z.string().nullable(),
    address: z.object({
      line: z.string().min(1),
      postalCode: z.string().min(1),
      city: z.string().min(1),
      country: z.string().length(2),
    }),
    currency: z.string().length(3),
    sites: z.array(
      z.object({
        siteId: z.uuid(),
        code: z.string().min(1),
        name: z.string().min(1),
        address: z.object({
          line: z.string().min(1),
          postalCode: z.string().min(1),
          city: z.string().min(1),
          country: z.string().length(2),
        }),
      }),
    ),
    changedAt: z.iso.datetime({ offset: true }),
  }),
  /** A cost centre and its manager (the first approver of the requests charged to it). */
  'identity.cost-centre.changed': z.object({
    costCentreId: z.uuid(),
    entityId: z.uuid(),
    code: z.string().min(1),
    name: z.object({ fr: z.string().min(1), en: z.string().min(1) }),
    managerUserId: z.uuid().nullable(),
    changedAt: z.iso.datetime({ offset: true }),
  }),
  'purchasing.purchase-order.issued': ZPurchaseOrderRecord,
  'purchasing.purchase-order.changed': ZPurchaseOrderRecord,
  'purchasing.purchase-order.cancelled': ZPurchaseOrderRecord.extend({ reason: z.string().min(1) }),
  'purchasing.purchase-order.closed': ZPurchaseOrderRecord.extend({ reason: z.string().min(1) }),
  /**
   * Goods received or a service performed (a return: a negative quantity), per order line: invoicing
   * matches invoiced quantities against what was received, and re-matches invoices that waited.
   */
  'purchasing.goods.received': z.object({
    receiptId: z.uuid(),
    purchaseOrderId: z.uuid(),
    purchaseOrderNumber: z.string().min(1),
    entityId: z.uuid(),
    receivedOn: z.iso.date(),
    recordedBy: z.uuid(),
    lines: z.array(z.object({ purchaseOrderLineId: z.uuid(), quantity: z.string() })).min(1),
    recordedAt: z.iso.datetime({ offset: true }),
  }),
  /** Approved for payment: automatically when every line matched (approvedBy null), or by a person. */
  'invoicing.invoice.approved': ZInvoiceRecord.extend({ approvedBy: z.uuid().nullable() }),
  /** Refused (refusée: a commercial dispute), with the reason reported to the supplier. */
  'invoicing.invoice.refused': ZInvoiceRecord.extend({ reason: z.string().min(1), refusedBy: z.uuid() }),
  /** Paid in a payment run (encaissée on the supplier's side once the transfer lands). */
  'invoicing.invoice.paid': ZInvoiceRecord.extend({ paidOn: z.iso.date(), paymentRunId: z.uuid() }),
} as const;

export type EventType = keyof typeof eventContracts;
export type EventPayload<T extends EventType> = z.infer<(typeof eventContracts)[T]>;

export interface EventEnvelope<T extends EventType = EventType> {
  id: string;
  type: T;
  source: string;
  aggregateId: string;
  occurredAt: string;
  payload: EventPayload<T>;
}

/** Each consumer queue and the events it subscribes to. Queues are created before anything is published. */
export const consumerQueues = {
  'purchasing.supplier-status': [
    'catalog.supplier.activated',
    'catalog.supplier.approval-required',
    'catalog.supplier.blocked',
    'catalog.supplier.archived',
    'catalog.supplier.reinstated',
    'catalog.supplier.compliance-changed',
    'catalog.supplier.ordering-details',
  ],
  'invoicing.purchase-orders': [
    'purchasing.purchase-order.issued',
    'purchasing.purchase-order.changed',
    'purchasing.purchase-order.cancelled',
    'purchasing.purchase-order.closed',
    'purchasing.goods.received',
  ],
  /** Invoicing recognises the sellers of invoices by the suppliers' identifiers, and knows their status. */
  'invoicing.suppliers': [
    'catalog.supplier.ordering-details',
    'catalog.supplier.bank-account-changed',
    'catalog.supplier.activated',
    'catalog.supplier.blocked',
    'catalog.supplier.archived',
    'catalog.supplier.reinstated',
  ],
  /**
   * Purchasing moves its commitment ledger (committed → invoiced → paid, back on a refusal after
   * approval) and the order lines' billing from invoicing's decisions, and closes an order received
   * and invoiced in full.
   */
  'purchasing.invoices': [
    'invoicing.invoice.approved',
    'invoicing.invoice.refused',
    'invoicing.invoice.paid',
  ],
  'purchasing.directory': [
    'identity.user.changed',
    'identity.cost-centre.changed',
    'identity.entity.changed',
  ],
} as const satisfies Record<string, readonly EventType[]>;

export type ConsumerQueue = keyof typeof consumerQueues;

export function isEventType(type: string): type is EventType {
  return Object.hasOwn(eventContracts, type);
}
