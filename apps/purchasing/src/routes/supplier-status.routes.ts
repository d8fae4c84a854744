import type { PurchasingDatabase } from '@procura/db';
import { ApiRoutes, parseParams, ZIdParams } from '@procura/http';
import type { Kysely } from 'kysely';
import { findSupplierStanding } from '../repositories/supplier-status.repository.js';

export function supplierStatusRoutes(db: Kysely<PurchasingDatabase>): ApiRoutes {
  const routes = new ApiRoutes();

  routes.get(
    '/:id/status',
    { roles: ['buyer', 'administrator', 'auditor'], scopes: ['read'] },
    async (req, res) => {
      const { id } = parseParams(ZIdParams, req);
      res.json(await findSupplierStanding(db, id));
    },
  );

  return routes;
}
