import type { CatalogDatabase } from '@procura/db';
import { isCurrencyCode } from '@procura/domain';
import {
  type Access,
  ApiRoutes,
  identityOf,
  parseBody,
  parseParams,
  roles,
  type TIdentity,
  ZIdParams,
} from '@procura/http';
import { idempotencyOf, runIdempotent } from '@procura/runtime';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import {
  addFreeTextLine,
  addItemLine,
  type CartOwner,
  changeLineQuantity,
  readCart,
  removeCartLines,
} from '../services/cart.service.js';

const decimal = /^\d{1,15}(\.\d{1,4})?$/;

export const ZQuantity = z
  .string()
  .regex(decimal, 'must be a decimal quantity such as 12 or 2.5')
  .refine((q) => /[1-9]/.test(q), 'must be greater than zero');

export const ZAddItemLineBody = z.object({
  itemId: z.uuid({ error: 'must be a UUID' }),
  quantity: ZQuantity,
});

export const ZChangeQuantityBody = z.object({ quantity: ZQuantity });

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((v) => v || null);

export const ZFreeTextLineBody = z.object({
  description: z.string().trim().min(3, 'describe what you need (3 characters at least)').max(500),
  quantity: ZQuantity,
  unitCode: z
    .string()
    .regex(/^[A-Z0-9]{1,3}$/, 'must be a UN/ECE unit code such as C62 or H87')
    .default('C62'),
  estimatedUnitPrice: z.object({
    amount: z.string().regex(decimal, 'must be a decimal amount such as 12.50'),
    currency: z.string().refine(isCurrencyCode, 'must be an ISO 4217 currency code such as EUR'),
  }),
  vatRate: z
    .string()
    .regex(/^\d{1,3}(\.\d{1,2})?$/, 'must be a percentage such as 20 or 5.5')
    .refine((r) => Number(r) <= 100, 'must be at most 100')
    .default('20'),
  categoryCode: z
    .string()
    .regex(/^\d{8}$/, 'must be an 8-digit UNSPSC code')
    .optional()
    .transform((v) => v ?? null),
  suggestedSupplierId: z
    .uuid({ error: 'must be a UUID' })
    .optional()
    .transform((v) => v ?? null),
  suggestedSupplierName: optionalText(200),
  url: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) address' })
    .max(2000)
    .optional()
    .transform((v) => v ?? null),
  notes: optionalText(2000),
});

/** People have a cart; integrations do not. */
export const cartAccess: Access = { roles, scopes: [] };

export function ownerOf(identity: TIdentity): CartOwner {
  return {
    userId: identity.userId,
    displayName: identity.displayName,
    entityId: identity.entityId,
    siteId: identity.siteId,
  };
}

/** Same key, same request: the method, the path and the body. */

export function cartRoutes(db: Kysely<CatalogDatabase>): ApiRoutes {
  const routes = new ApiRoutes();

  routes.get('/', cartAccess, async (_req, res) => {
    res.json(await readCart(db, ownerOf(identityOf(res)), new Date()));
  });

  routes.delete('/', cartAccess, async (_req, res) => {
    const owner = ownerOf(identityOf(res));
    res.json(await db.transaction().execute((trx) => removeCartLines(trx, owner, undefined, new Date())));
  });

  routes.post('/lines', cartAccess, async (req, res) => {
    const command = parseBody(ZAddItemLineBody, req);
    const owner = ownerOf(identityOf(res));
    const answer = await runIdempotent(db, 'catalog', idempotencyOf(req, owner.userId), async (trx) => ({
      statusCode: 201,
      body: await addItemLine(trx, owner, command, new Date()),
    }));
    res.status(answer.statusCode).json(answer.body);
  });

  routes.post('/free-text-lines', cartAccess, async (req, res) => {
    const command = parseBody(ZFreeTextLineBody, req);
    const owner = ownerOf(identityOf(res));
    const answer = await runIdempotent(db, 'catalog', idempotencyOf(req, owner.userId), async (trx) => ({
      statusCode: 201,
      body: await addFreeTextLine(
        trx,
        owner,
        {
          ...command,
          estimatedUnitPrice: command.estimatedUnitPrice.amount,
          currency: command.estimatedUnitPrice.currency,
        },
        new Date(),
      ),
    }));
    res.status(answer.statusCode).json(answer.body);
  });

  routes.patch('/lines/:id', cartAccess, async (req, res) => {
    const { id } = parseParams(ZIdParams, req);
    const { quantity } = parseBody(ZChangeQuantityBody, req);
    const owner = ownerOf(identityOf(res));
    res.json(
      await db
        .transaction()
        .execute((trx) => changeLineQuantity(trx, owner, { lineId: id, quantity }, new Date())),
    );
  });

  routes.delete('/lines/:id', cartAccess, async (req, res) => {
    const { id } = parseParams(ZIdParams, req);
    const owner = ownerOf(identityOf(res));
    res.json(await db.transaction().execute((trx) => removeCartLines(trx, owner, id, new Date())));
  });

  return routes;
}
