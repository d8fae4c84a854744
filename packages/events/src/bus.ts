import pg from 'pg';
import PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import { consumerQueues, type EventType } from './contracts.js';

export type EventBus = PgBoss;

export interface EventBusOptions {
  connectionString: string;
  logger: Logger;
  /** pg-boss's own schema, shared by every service on the database. */
  schema?: string;
  maxConnections?: number;
}

/**
 * Starts pg-boss and declares the whole topology (every consumer queue and its subscriptions),
 * idempotently, so an event published before its consumer ever ran is still delivered.
 */
export async function startEventBus(options: EventBusOptions): Promise<EventBus> {
  const boss = new PgBoss({
    connectionString: options.connectionString,
    schema: options.schema ?? 'pgboss',
    max: options.maxConnections ?? 4,
    application_name: 'procura-event-bus',
  });
  boss.on('error', (error) => options.logger.error({ err: error }, 'event bus error'));
  await boss.start();
  await declareTopology(boss, options.connectionString);
  return boss;
}

/**
 * Creates every consumer queue and subscription. Services starting together on a fresh database
 * would race inside pg-boss's queue creation, so they take turns on an advisory lock.
 */
async function declareTopology(boss: PgBoss, connectionString: string): Promise<void> {
  const lock = new pg.Client({ connectionString, application_name: 'procura-event-bus-topology' });
  await lock.connect();
  try {
    await lock.query("select pg_advisory_lock(hashtext('procura.event-bus.topology'))");
    for (const [queue, events] of Object.entries(consumerQueues) as [string, readonly EventType[]][]) {
      if (!(await boss.getQueue(queue))) {
        await boss.createQueue(queue, {
          name: queue,
          retryLimit: 20,
          retryDelay: 1,
          retryBackoff: true,
          expireInSeconds: 60,
        });
      }
      for (const event of events) await boss.subscribe(event, queue);
    }
  } finally {
    await lock.end();
  }
}
