import type { CatalogDatabase } from '@procura/db';
import { currencyCodes, DomainError } from '@procura/domain';
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
import { findPriceList, listPriceLists } from '../repositories/price-list.repository.js';
import { changePriceListValidity, createPriceList } from '../services/price-list.service.js';

const ZIsoDate = z.iso.date({ error: 'must be a date such as 2026-12-31' });

export const ZCreatePriceListBody = z.object({
  supplierId: z.uuid({ error: 'must be a UUID' }),
  reference: z.string().trim().min(1, 'is required').max(60),
  name: z.string().trim().min(1, 'is required').max(200),
  kind: z.enum(['contract', 'price_list']),
  currency: z.enum(currencyCodes as [string, ...string[]], { error: 'must be an ISO 4217 code such as EUR' }),
  validFrom: ZIsoDate,
  validTo: ZIsoDate.nullable().default(null),
});

export const ZChangeValidityBody = z
  .object({ validFrom: ZIsoDate.optional(), validTo: ZIsoDate.nullable().optional() })
  .refine((body) => body.validFrom !== undefined || body.validTo !== undefined, {
    message: 'give validFrom, validTo or both',
  });

export const ZPriceListQuery = z.object({ supplier: z.uuid({ error: 'must be a UUID' }).optional() });

const readPriceLists: Access = {
  roles: ['buyer', 'administrator', 'accountant', 'auditor'],
  scopes: ['read'],
};
const managePriceLists: Access = { roles: ['buyer', 'administrator'], scopes: ['catalog:write'] };

export function priceListRoutes(db: Kysely<CatalogDatabase>): ApiRoutes {
  const routes = new ApiRoutes();

  routes.get('/', readPriceLists, async (req, res) => {
    const { supplier } = parseQuery(ZPriceListQuery, req);
    res.json({ priceLists: await listPriceLists(db, { supplierId: supplier }) });
  });

  routes.get('/:id', readPriceLists, async (req, res) => {
    const { id } = parseParams(ZIdParams, req);
    const priceList = await findPriceList(db, id);
    if (!priceList) throw new DomainError('not_found', `Price list ${id} does not exist.`);
    res.json(priceList);
  });

  routes.post('/', managePriceLists, async (req, res) => {
    const body = parseBody(ZCreatePriceListBody, req);
    const priceList = await createPriceList(db, { ...body, createdBy: identityOf(res).userId });
    res.status(201).location(`/api/v1/catalog/price-lists/${priceList.id}`).json(priceList);
  });

  routes.patch('/:id', managePriceLists, async (req, res) => {
    const { id } = parseParams(ZIdParams, req);
    const body = parseBody(ZChangeValidityBody, req);
    const caller = identityOf(res);
    res.json(
      await changePriceListValidity(db, {
        id,
        ...body,
        changedBy: { id: caller.userId, name: caller.displayName },
        now: new Date(),
      }),
    );
  });

  return routes;
}
