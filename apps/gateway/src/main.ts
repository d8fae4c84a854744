import { connect, type IdentityDatabase, migrateSchema } from '@procura/db';
import { createOutboxRelay, startEventBus } from '@procura/events';
import { createLogger, importSigningKey, runService, shutdownOnSignals } from '@procura/http';
import { databaseReadiness } from '@procura/runtime';
import type { Kysely } from 'kysely';
import { createApp, serviceReadiness } from './app.js';
import { config as readConfig } from './config.js';
import { loadDemoData } from './demo/load-demo-data.js';
import { ApiTokenCache, listenForRevocations } from './services/api-token-cache.js';
import { createServiceProvider, loadIdentityProvider } from './sso/service-provider.js';

const config = readConfig();
const logger = createLogger('gateway', { level: config.LOG_LEVEL, pretty: config.LOG_FORMAT === 'pretty' });
const db = connect<IdentityDatabase>({
  url: config.DATABASE_URL,
  applicationName: 'procura-gateway',
  onIdleConnectionError: (error) => logger.warn({ err: error }, 'PostgreSQL closed an idle connection'),
});
await migrateSchema(db as Kysely<unknown>, 'identity');
if (config.DEMO_DATA) await loadDemoData(db, logger);
// The organisation's changes (people, managers, approval limits, cost centres) leave through the
// identity outbox for the services that keep a directory of their own.
const bus = await startEventBus({ connectionString: config.DATABASE_URL, logger });
const relay = createOutboxRelay({ db: db as Kysely<unknown>, schema: 'identity', bus, logger });
relay.start();

// Integrations' tokens are kept a short while; a revocation reaches every replica through NOTIFY.
const apiTokens = new ApiTokenCache();
const revocations = listenForRevocations(config.DATABASE_URL, apiTokens, logger);

const idp = await loadIdentityProvider(config);
logger.info({ idp: idp.entityId, ssoUrl: idp.ssoUrl, sloUrl: idp.sloUrl }, 'identity provider configured');
const services = {
  catalog: config.CATALOG_URL,
  purchasing: config.PURCHASING_URL,
  invoicing: config.INVOICING_URL,
};
const app = createApp({
  db,
  logger,
  apiTokens,
  signingKey: await importSigningKey(config.identitySigningKeyPem),
  services,
  readiness: [
    databaseReadiness(db as Kysely<unknown>, 'identity'),
    ...Object.entries(services).map(([name, url]) => serviceReadiness(name as keyof typeof services, url)),
  ],
  sp: await createServiceProvider(config, db, idp),
  publicUrl: config.PUBLIC_URL,
  sessionSecret: config.sessionSecret,
  session: { idleMinutes: config.SESSION_IDLE_MINUTES, absoluteHours: config.SESSION_ABSOLUTE_HOURS },
  webDistDir: config.WEB_DIST_DIR,
});
const service = await runService({
  app,
  port: config.PORT,
  host: config.HOST,
  logger,
  onShutdown: async () => {
    await revocations.stop();
    await relay.stop();
    await bus.stop({ graceful: true, wait: true, timeout: 5_000 });
    await db.destroy();
  },
});
shutdownOnSignals(service, logger);
logger.info({ url: service.url, publicUrl: config.PUBLIC_URL }, 'gateway listening');
