import type { CatalogDatabase } from '@procura/db';
import { DomainError } from '@procura/domain';
import {
  type Access,
  ApiRoutes,
  anyAuthenticated,
  identityOf,
  mayAccess,
  parseParams,
  parseQuery,
  ZIdParams,
} from '@procura/http';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { findOrderableItem, findPriceHistory, findTierHistory } from '../repositories/item.repository.js';
import { searchItems } from '../repositories/item-search.repository.js';
import { orderingCaller } from '../repositories/orderable.js';

const ZPrice = z.string().regex(/^\d{1,15}(\.\d{1,4})?$/, 'must be a decimal amount such as 12.50');

export const ZItemSearchQuery = z
  .object({
    q: z.string().trim().max(200).optional(),
    category: z
      .string()
      .regex(/^\d{8}$/, 'must be an 8-digit UNSPSC code')
      .optional(),
    supplier: z.uuid({ error: 'must be a UUID' }).optional(),
    minPrice: ZPrice.optional(),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 currency code such as EUR')
      .default('EUR'),
    maxPrice: ZPrice.optional(),
    sort: z.enum(['relevance', 'price_asc', 'price_desc', 'name']).default('relevance'),
    lang: z.enum(['fr', 'en']).optional(),
    page: z.coerce.number().int().min(1).max(10_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(100).default(24),
  })
  .refine((q) => !q.minPrice || !q.maxPrice || Number(q.minPrice) <= Number(q.maxPrice), {
    message: 'must not be below minPrice',
    path: ['maxPrice'],
  });

/** Who sees any item's price history; others see only the history of items they may order. */
const seeAnyPriceHistory: Access = {
  roles: ['buyer', 'administrator', 'accountant', 'auditor'],
  scopes: ['read'],
};

/** `searchDb`: the connections search runs on (`searchDatabaseUrl`). */
export function itemRoutes(db: Kysely<CatalogDatabase>, searchDb: Kysely<CatalogDatabase>): ApiRoutes {
  const routes = new ApiRoutes();

  routes.get('/', anyAuthenticated, async (req, res) => {
    const { supplier, lang, ...query } = parseQuery(ZItemSearchQuery, req);
    const caller = identityOf(res);
    const result = await searchItems(searchDb, {
      ...query,
      supplierId: supplier,
      ...orderingCaller(caller, new Date()),
      language: lang ?? caller.locale,
    });
    res.json({ ...result, page: query.page, pageSize: query.pageSize });
  });

  routes.get('/:id', anyAuthenticated, async (req, res) => {
    const { id } = parseParams(ZIdParams, req);
    const caller = identityOf(res);
    const item = await findOrderableItem(db, orderingCaller(caller, new Date()), id);
    if (!item)
      throw new DomainError('not_found', `Item ${id} does not exist or cannot be ordered by your entity.`);
    res.json(item);
  });

  routes.get('/:id/price-history', anyAuthenticated, async (req, res) => {
    const { id } = parseParams(ZIdParams, req);
    const caller = identityOf(res);
    const visible =
      mayAccess(caller, seeAnyPriceHistory) ||
      (await findOrderableItem(db, orderingCaller(caller, new Date()), id)) !== undefined;
    const history = visible ? await findPriceHistory(db, id) : undefined;
    if (!history)
      throw new DomainError('not_found', `Item ${id} does not exist or cannot be ordered by your entity.`);
    res.json({ itemId: id, prices: history, tiers: await findTierHistory(db, id) });
  });

  return routes;
}
