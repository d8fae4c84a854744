// The composition every backend service shares: configuration → logger → database (migrated)
// → demo data → event bus and outbox relay → HTTP server → graceful shutdown on SIGTERM.

import { connect, migrateSchema, pendingMigrations, type ServiceSchema } from '@procura/db';
import { createOutboxRelay, type EventBus, startEventBus } from '@procura/events';
import {
  createLogger,
  importVerifyKey,
  type Logger,
  type ReadinessCheck,
  type RunningService,
  runService,
  shutdownOnSignals,
  type VerifyKey,
} from '@procura/http';
import type { Express } from 'express';
import { type Kysely, sql } from 'kysely';
import type { ServiceConfig } from './service-config.js';

export interface ServiceParts<DB> {
  db: Kysely<DB>;
  bus: EventBus;
  logger: Logger;
  identityKey: VerifyKey;
  readiness: ReadinessCheck[];
}

export interface ServiceDefinition<DB> {
  name: string;
  schema: ServiceSchema;
  config: ServiceConfig;
  /** Loads the demo data into the service's own schema when it holds none yet. */
  loadDemoData?: (db: Kysely<DB>, logger: Logger) => Promise<void>;
  /** Registers the service's event consumers on the bus. */
  consume?: (parts: ServiceParts<DB>) => Promise<void>;
  createApp(parts: ServiceParts<DB>): Express;
}

/** Database reachable and every migration this build knows applied. */
export function databaseReadiness(db: Kysely<unknown>, schema: ServiceSchema): ReadinessCheck {
  return {
    name: 'database',
    async check() {
      await sql`select 1`.execute(db);
      const pending = await pendingMigrations(db, schema);
      if (pending.length > 0) throw new Error(`migrations pending: ${pending.join(', ')}`);
    },
  };
}

export async function runServiceProcess<DB>(definition: ServiceDefinition<DB>): Promise<RunningService> {
  const { config, name, schema } = definition;
  const logger = createLogger(name, { level: config.LOG_LEVEL, pretty: config.LOG_FORMAT === 'pretty' });
  const db = connect<DB>({
    url: config.DATABASE_URL,
    applicationName: `procura-${name}`,
    onIdleConnectionError: (error) => logger.warn({ err: error }, 'PostgreSQL closed an idle connection'),
  });
  const migrated = await migrateSchema(db as Kysely<unknown>, schema);
  if (migrated.length > 0) logger.info({ migrations: migrated }, 'migrations applied');
  if (config.DEMO_DATA) await definition.loadDemoData?.(db, logger);

  const bus = await startEventBus({ connectionString: config.DATABASE_URL, logger });
  const relay = createOutboxRelay({ db: db as Kysely<unknown>, schema, bus, logger });
  const parts: ServiceParts<DB> = {
    db,
    bus,
    logger,
    identityKey: await importVerifyKey(config.identityVerifyKeyPem),
    readiness: [databaseReadiness(db as Kysely<unknown>, schema)],
  };
  await definition.consume?.(parts);
  relay.start();

  const service = await runService({
    app: definition.createApp(parts),
    port: config.port,
    host: config.HOST,
    logger,
    onShutdown: async () => {
      await relay.stop();
      await bus.stop({ graceful: true, wait: true, timeout: 5_000 });
      await db.destroy();
    },
  });
  shutdownOnSignals(service, logger);
  logger.info({ url: service.url }, `${name} service listening`);
  return service;
}
