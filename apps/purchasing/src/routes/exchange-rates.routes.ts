import type { PurchasingDatabase } from '@procura/db';
import { ApiRoutes, identityOf, parseBody, parseQuery } from '@procura/http';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { exchangeRates, recordExchangeRate } from '../repositories/exchange-rate.repository.js';

const ZCurrency = z
  .string()
  .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as "USD"')
  .transform((c) => c as never);
const ZRateBody = z.strictObject({
  from: z.string({ error: 'must be an ISO 4217 code such as "USD"' }),
  to: z.string({ error: 'must be an ISO 4217 code such as "EUR"' }),
  rate: z.string({ error: 'must be a decimal string such as "0.9214"' }),
  effectiveOn: z.string({ error: 'must be a date YYYY-MM-DD' }),
  note: z
    .string()
    .trim()
    .max(500)
    .nullish()
    .transform((n) => n || null),
});

/**
 * Exchange rates to the entities' currencies: what requests in another currency are counted at
 * (approval thresholds and limits, budgets, the ledger). Everyone may read them; accountants and
 * administrators record them. A correction for a day is recorded again: the latest wins.
 */
export function exchangeRateRoutes(db: Kysely<PurchasingDatabase>): ApiRoutes {
  const routes = new ApiRoutes();
  routes.get(
    '/',
    { roles: ['employee', 'manager', 'buyer', 'accountant', 'administrator', 'auditor'], scopes: [] },
    async (req, res) => {
      const filter = parseQuery(z.object({ from: ZCurrency.optional(), to: ZCurrency.optional() }), req);
      res.json({ rates: await exchangeRates(db, filter) });
    },
  );
  routes.post('/', { roles: ['accountant', 'administrator'], scopes: [] }, async (req, res) => {
    const body = parseBody(ZRateBody, req);
    res.status(201).json(await recordExchangeRate(db, identityOf(res), body));
  });
  return routes;
}
