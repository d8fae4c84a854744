// The events services exchange, with the shape of each payload, and which consumer queue
// receives which events. One table, so producers and consumers cannot drift apart.
import { z } from 'zod';

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
  ],
} as const satisfies Record<string, readonly EventType[]>;

export type ConsumerQueue = keyof typeof consumerQueues;

export function isEventType(type: string): type is EventType {
  return Object.hasOwn(eventContracts, type);
}
