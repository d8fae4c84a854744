import type { CatalogDatabase } from '@procura/db';
import { DomainError } from '@procura/domain';
import {
  type Access,
  ApiRoutes,
  identityOf,
  parseBody,
  parseParams,
  parseQuery,
  ZIdParams,
} from '@procura/http';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { findFreeTextRequest, listFreeTextRequests } from '../repositories/free-text-request.repository.js';
import { rejectFreeTextRequest, sourceFreeTextRequest } from '../services/cart.service.js';

export const ZFreeTextRequestQuery = z.object({
  status: z.enum(['pending', 'sourced', 'rejected', 'withdrawn']).optional(),
});
export const ZSourceBody = z.object({ itemId: z.uuid({ error: 'must be a UUID' }) });
export const ZRejectBody = z.object({
  reason: z.string().trim().min(3, 'give the reason (3 characters at least)').max(500),
});

/** Buyers (and administrators) work the requests of their entity. */
const handleRequests: Access = { roles: ['buyer', 'administrator'], scopes: [] };

export function freeTextRequestRoutes(db: Kysely<CatalogDatabase>): ApiRoutes {
  const routes = new ApiRoutes();

  routes.get('/', handleRequests, async (req, res) => {
    const { status } = parseQuery(ZFreeTextRequestQuery, req);
    const requests = await listFreeTextRequests(db, { entityId: identityOf(res).entityId, status });
    res.json({ requests });
  });

  routes.post('/:id/source', handleRequests, async (req, res) => {
    const { id } = parseParams(ZIdParams, req);
    const { itemId } = parseBody(ZSourceBody, req);
    const buyer = identityOf(res);
    await db
      .transaction()
      .execute((trx) => sourceFreeTextRequest(trx, buyer, { requestId: id, itemId }, new Date()));
    res.json(await handled(db, id));
  });

  routes.post('/:id/reject', handleRequests, async (req, res) => {
    const { id } = parseParams(ZIdParams, req);
    const { reason } = parseBody(ZRejectBody, req);
    const buyer = identityOf(res);
    await db
      .transaction()
      .execute((trx) => rejectFreeTextRequest(trx, buyer, { requestId: id, reason }, new Date()));
    res.json(await handled(db, id));
  });

  return routes;
}

async function handled(db: Kysely<CatalogDatabase>, id: string) {
  const request = await findFreeTextRequest(db, id);
  if (!request) throw new DomainError('not_found', `There is no free-text request ${id}.`);
  return request;
}
