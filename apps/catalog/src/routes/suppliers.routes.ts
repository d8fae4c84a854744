import type { CatalogDatabase } from '@procura/db';
import { type Access, ApiRoutes, identityOf, parseBody, parseParams, ZIdParams } from '@procura/http';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { listSuppliers } from '../repositories/supplier.repository.js';
import { blockSupplier } from '../services/supplier.service.js';

export const ZBlockSupplierBody = z.object({
  reason: z.string().trim().min(3, 'give the reason (3 characters at least)').max(500),
});

const readSuppliers: Access = {
  roles: ['buyer', 'administrator', 'accountant', 'auditor'],
  scopes: ['read'],
};
const manageSuppliers: Access = { roles: ['buyer', 'administrator'], scopes: [] };

export function supplierRoutes(db: Kysely<CatalogDatabase>): ApiRoutes {
  const routes = new ApiRoutes();

  routes.get('/', readSuppliers, async (_req, res) => {
    res.json({ suppliers: await listSuppliers(db) });
  });

  routes.post('/:id/block', manageSuppliers, async (req, res) => {
    const { id } = parseParams(ZIdParams, req);
    const { reason } = parseBody(ZBlockSupplierBody, req);
    const supplier = await blockSupplier(db, {
      supplierId: id,
      reason,
      blockedBy: identityOf(res).userId,
      now: new Date(),
    });
    res.json(supplier);
  });

  return routes;
}
