import type { CatalogDatabase } from '@procura/db';
import type { EventBus } from '@procura/events';
import { ApiRoutes, createServiceApp, type Logger, type ReadinessCheck, type VerifyKey } from '@procura/http';
import type { Mailer } from '@procura/mail';
import type { Kysely } from 'kysely';
import { cartRoutes } from './routes/cart.routes.js';
import { complianceRoutes } from './routes/compliance.routes.js';
import { freeTextRequestRoutes } from './routes/free-text-requests.routes.js';
import { importRoutes } from './routes/imports.routes.js';
import { itemRoutes } from './routes/items.routes.js';
import { priceListRoutes } from './routes/price-lists.routes.js';
import { supplierRoutes } from './routes/suppliers.routes.js';

export interface CatalogAppDeps {
  db: Kysely<CatalogDatabase>;
  /** The connections search runs on, made with `searchDatabaseUrl`; none: the service's own. */
  searchDb?: Kysely<CatalogDatabase> | undefined;
  logger: Logger;
  identityKey: VerifyKey;
  readiness: ReadinessCheck[];
  /** Sends compliance reminders; none: reminders are logged, not sent. */
  mailer?: Mailer | undefined;
  /** The job queue, for the compliance check on demand; none: it runs in the request. */
  bus?: EventBus | undefined;
}

export function createApp(deps: CatalogAppDeps) {
  const api = new ApiRoutes()
    .use('/catalog/items', itemRoutes(deps.db, deps.searchDb ?? deps.db))
    .use('/catalog/suppliers', supplierRoutes(deps.db))
    .use('/catalog/cart', cartRoutes(deps.db))
    .use('/catalog/free-text-requests', freeTextRequestRoutes(deps.db))
    .use(
      '/catalog/compliance',
      complianceRoutes({ db: deps.db, mailer: deps.mailer, logger: deps.logger, bus: deps.bus }),
    )
    .use('/catalog/price-lists', priceListRoutes(deps.db))
    .use('/catalog/imports', importRoutes(deps.db));
  return createServiceApp({
    name: 'catalog',
    logger: deps.logger,
    identityKey: deps.identityKey,
    readiness: deps.readiness,
    api,
  });
}
