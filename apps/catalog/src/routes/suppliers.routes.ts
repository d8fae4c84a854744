import type { CatalogDatabase } from '@procura/db';
import { identityOf, parseBody, parseParams, requireRole, ZIdParams } from '@procura/http';
import { Router } from 'express';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { listSuppliers } from '../repositories/supplier.repository.js';
import { blockSupplier } from '../services/supplier.service.js';

export const ZBlockSupplierBody = z.object({
  reason: z.string().trim().min(3, 'give the reason (3 characters at least)').max(500),
});

export function supplierRoutes(db: Kysely<CatalogDatabase>): Router {
  const router = Router();

  router.get('/', requireRole('buyer', 'administrator', 'accountant', 'auditor'), async (_req, res) => {
    res.json({ suppliers: await listSuppliers(db) });
  });

  router.post('/:id/block', requireRole('buyer', 'administrator'), async (req, res) => {
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

  return router;
}
