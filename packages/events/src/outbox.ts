import type { ServiceSchema } from '@procura/db';
import { type QueryExecutorProvider, sql } from 'kysely';
import { type EventPayload, type EventType, eventContracts } from './contracts.js';

/**
 * Records a domain event in the service's outbox. Call it with the transaction that makes the
 * change, so the event exists if and only if the change was committed.
 */
export async function recordEvent<T extends EventType>(
  trx: QueryExecutorProvider,
  schema: ServiceSchema,
  event: { type: T; aggregateId: string; payload: EventPayload<T> },
): Promise<string> {
  const payload = eventContracts[event.type].parse(event.payload);
  const { rows } = await sql<{ id: string }>`
    insert into ${sql.id(schema, 'outbox_event')} (event_type, aggregate_id, payload)
    values (${event.type}, ${event.aggregateId}, ${JSON.stringify(payload)}::jsonb)
    returning id`.execute(trx);
  const id = rows[0]?.id;
  if (!id) throw new Error('the outbox insert returned no id');
  return id;
}
