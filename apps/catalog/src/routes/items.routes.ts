import type { CatalogDatabase } from '@procura/db';
import { DomainError } from '@procura/domain';
import { ApiRoutes, anyAuthenticated, identityOf, parseParams, parseQuery, ZIdParams } from '@procura/http';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { findOrderableItem, listOrderableItems } from '../repositories/item.repository.js';

export const ZItemSearchQuery = z.object({
  q: z.string().trim().max(200).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(24),
});

export function itemRoutes(db: Kysely<CatalogDatabase>): ApiRoutes {
  const routes = new ApiRoutes();

  routes.get('/', anyAuthenticated, async (req, res) => {
    const query = parseQuery(ZItemSearchQuery, req);
    const { entityId } = identityOf(res);
    const { items, total } = await listOrderableItems(db, { ...query, entityId, q: query.q || undefined });
    res.json({ items, total, page: query.page, pageSize: query.pageSize });
  });

  routes.get('/:id', anyAuthenticated, async (req, res) => {
    const { id } = parseParams(ZIdParams, req);
    const item = await findOrderableItem(db, identityOf(res).entityId, id);
    if (!item)
      throw new DomainError('not_found', `Item ${id} does not exist or cannot be ordered by your entity.`);
    res.json(item);
  });

  return routes;
}
