// The events services exchange, with the shape of each payload, and which consumer queue
// receives which events. One table, so producers and consumers cannot drift apart.
import { z } from 'zod';

export const eventContracts = {
  'catalog.supplier.blocked': z.object({
    supplierId: z.uuid(),
    supplierName: z.string().min(1),
    reason: z.string().min(1),
    blockedAt: z.iso.datetime({ offset: true }),
    blockedBy: z.uuid(),
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
  'purchasing.supplier-status': ['catalog.supplier.blocked'],
} as const satisfies Record<string, readonly EventType[]>;

export type ConsumerQueue = keyof typeof consumerQueues;

export function isEventType(type: string): type is EventType {
  return Object.hasOwn(eventContracts, type);
}
