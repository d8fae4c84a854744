// Moves committed outbox events onto the event bus. Delivery is at least once: a relay that dies
// after publishing but before marking the row publishes it again on its next pass, and
// consumers absorb the duplicate (see consumer.ts).
import type { ServiceSchema } from '@procura/db';
import { type Kysely, sql } from 'kysely';
import type { Logger } from 'pino';
import type { EventBus } from './bus.js';
import type { EventEnvelope } from './contracts.js';

export interface OutboxRelayOptions {
  db: Kysely<unknown>;
  schema: ServiceSchema;
  bus: EventBus;
  logger: Logger;
  pollIntervalMs?: number;
  batchSize?: number;
  /** Observation points, for the tests that kill a relay in the middle of its work. */
  hooks?: {
    beforePublish?(envelope: EventEnvelope): void | Promise<void>;
    afterPublish?(envelope: EventEnvelope): void | Promise<void>;
  };
}

export interface OutboxRelay {
  /** Publishes one batch of pending events; resolves with how many were published. */
  relayOnce(): Promise<number>;
  /** Polls the outbox until stopped. */
  start(): void;
  /** Stops polling and waits for a pass in progress. */
  stop(): Promise<void>;
}

interface OutboxRow {
  id: string;
  event_type: string;
  aggregate_id: string;
  payload: Record<string, unknown>;
  occurred_at: Date;
}

export function createOutboxRelay(options: OutboxRelayOptions): OutboxRelay {
  const { db, schema, bus, logger } = options;
  const table = sql.id(schema, 'outbox_event');

  const relayOnce = () =>
    db.transaction().execute(async (trx) => {
      // SKIP LOCKED lets several replicas relay side by side without publishing a row twice.
      const { rows } = await sql<OutboxRow>`
        select id, event_type, aggregate_id, payload, occurred_at from ${table}
        where published_at is null
        order by occurred_at, id
        limit ${options.batchSize ?? 100}
        for update skip locked`.execute(trx);
      for (const row of rows) {
        const envelope = {
          id: row.id,
          type: row.event_type,
          source: schema,
          aggregateId: row.aggregate_id,
          occurredAt: row.occurred_at.toISOString(),
          payload: row.payload,
        } as EventEnvelope;
        await options.hooks?.beforePublish?.(envelope);
        await bus.publish(row.event_type, envelope);
        await options.hooks?.afterPublish?.(envelope);
      }
      if (rows.length > 0) {
        await sql`
          update ${table} set published_at = now(), publish_attempts = publish_attempts + 1, last_error = null
          where id = any(${rows.map((r) => r.id)}::uuid[])`.execute(trx);
      }
      return rows.length;
    });

  let stopped = true;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  const loop = () => {
    if (stopped) return;
    running = relayOnce()
      .then((count) => count > 0 && logger.debug({ count, schema }, 'outbox events published'))
      .catch((error: unknown) => logger.error({ err: error, schema }, 'outbox relay pass failed; will retry'))
      .finally(() => {
        if (!stopped) timer = setTimeout(loop, options.pollIntervalMs ?? 200);
      });
  };

  return {
    relayOnce,
    start() {
      if (!stopped) return;
      stopped = false;
      timer = setTimeout(loop, 0);
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
