import type { CatalogDatabase } from '@procura/db';
import { ApiRoutes, createServiceApp, type Logger, type ReadinessCheck, type VerifyKey } from '@procura/http';
import type { Kysely } from 'kysely';
import { importRoutes } from './routes/imports.routes.js';
import { itemRoutes } from './routes/items.routes.js';
import { priceListRoutes } from './routes/price-lists.routes.js';
import { supplierRoutes } from './routes/suppliers.routes.js';

export interface CatalogAppDeps {
  db: Kysely<CatalogDatabase>;
  logger: Logger;
  identityKey: VerifyKey;
  readiness: ReadinessCheck[];
}

export function createApp(deps: CatalogAppDeps) {
  const api = new ApiRoutes()
    .use('/catalog/items', itemRoutes(deps.db))
    .use('/catalog/price-lists', priceListRoutes(deps.db))
    .use('/catalog/imports', importRoutes(deps.db))
    .use('/catalog/suppliers', supplierRoutes(deps.db));
  return createServiceApp({
    name: 'catalog',
    logger: deps.logger,
    identityKey: deps.identityKey,
    readiness: deps.readiness,
    api,
  });
}
