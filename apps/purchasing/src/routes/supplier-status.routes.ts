import type { PurchasingDatabase } from '@procura/db';
import { parseParams, requireRole, ZIdParams } from '@procura/http';
import { Router } from 'express';
import type { Kysely } from 'kysely';
import { findSupplierStanding } from '../repositories/supplier-status.repository.js';

export function supplierStatusRoutes(db: Kysely<PurchasingDatabase>): Router {
  const router = Router();

  router.get('/:id/status', requireRole('buyer', 'administrator', 'auditor'), async (req, res) => {
    const { id } = parseParams(ZIdParams, req);
    res.json(await findSupplierStanding(db, id));
  });

  return router;
}
