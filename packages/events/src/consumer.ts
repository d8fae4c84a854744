// Consumes events from a queue exactly once in effect: the event id is recorded in the
// consumer's own schema in the same transaction as the handler's changes, so a redelivered
// event finds its id already there and changes nothing.
import type { ServiceSchema } from '@procura/db';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Job } from 'pg-boss';
import type { Logger } from 'pino';
import type { EventBus } from './bus.js';
import {
  type ConsumerQueue,
  type consumerQueues,
  type EventEnvelope,
  type EventType,
  eventContracts,
} from './contracts.js';

export type EventHandlers<DB, Q extends ConsumerQueue> = {
  [T in (typeof consumerQueues)[Q][number]]: (trx: Transaction<DB>, event: EventEnvelope<T>) => Promise<void>;
};

export interface ConsumerOptions<DB, Q extends ConsumerQueue> {
  bus: EventBus;
  db: Kysely<DB>;
  schema: ServiceSchema;
  queue: Q;
  handlers: EventHandlers<DB, Q>;
  logger: Logger;
}

/** Applies one event unless this consumer already has; resolves with whether it was applied. */
export async function applyEventOnce<DB, Q extends ConsumerQueue>(
  options: Omit<ConsumerOptions<DB, Q>, 'bus' | 'logger'>,
  envelope: EventEnvelope,
): Promise<boolean> {
  const type = envelope.type as EventType;
  const handlers = options.handlers as unknown as Record<
    string,
    (trx: Transaction<DB>, e: EventEnvelope) => Promise<void>
  >;
  const handler = handlers[type];
  if (!handler) throw new Error(`queue ${options.queue} has no handler for ${type}`);
  const payload = eventContracts[type].parse(envelope.payload);
  return options.db.transaction().execute(async (trx) => {
    const { rows } = await sql<{ event_id: string }>`
      insert into ${sql.id(options.schema, 'processed_event')} (consumer, event_id, event_type)
      values (${options.queue}, ${envelope.id}, ${type})
      on conflict do nothing
      returning event_id`.execute(trx);
    if (rows.length === 0) return false;
    await handler(trx, { ...envelope, payload });
    return true;
  });
}

/** Starts working the queue; a handler that throws leaves the job to pg-boss's retries with backoff. */
export async function consumeEvents<DB, Q extends ConsumerQueue>(
  options: ConsumerOptions<DB, Q>,
): Promise<string> {
  return options.bus.work<EventEnvelope>(
    options.queue,
    { batchSize: 1, pollingIntervalSeconds: 0.5 },
    async (jobs: Job<EventEnvelope>[]) => {
      for (const job of jobs) {
        const applied = await applyEventOnce(options, job.data);
        options.logger.info(
          { eventId: job.data.id, type: job.data.type, queue: options.queue, applied },
          applied ? 'event applied' : 'duplicate event ignored',
        );
      }
    },
  );
}
