import type { InvoicingDatabase } from '@procura/db';
import {
  type Access,
  ApiRoutes,
  identityOf,
  parseBody,
  parseParams,
  parseQuery,
  ZIdParams,
} from '@procura/http';
import { idempotencyOf, runIdempotent } from '@procura/runtime';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { toleranceRuleChangesOf, toleranceRulesOf } from '../repositories/tolerance-rule.repository.js';
import { changeToleranceRule, createToleranceRule, retireRule } from '../services/tolerance-rule.service.js';

const decimal = () => z.string({ error: 'must be a decimal string such as "0.50"' });
const ZVersion = z.number({ error: 'must be the version you read' }).int().min(1);
const ZJoin = z.enum(['and', 'or'], { error: "must be 'and' or 'or'" });

// Shapes here; the domain's toleranceRuleIssues judges the values (decimals, currency per measure).
export const ZToleranceRuleBody = z.strictObject({
  measure: z.enum(['price', 'quantity'], { error: "must be 'price' or 'quantity'" }),
  supplierId: z.uuid({ error: 'must be a UUID' }).nullish(),
  categoryCode: z
    .string({ error: 'must be a UNSPSC commodity code' })
    .regex(/^[0-9]{8}$/, 'must be a UNSPSC commodity code of 8 digits')
    .nullish(),
  absolute: decimal(),
  percent: decimal(),
  join: ZJoin,
  currency: z.string({ error: 'must be an ISO 4217 code' }).nullish(),
});
export const ZToleranceRuleChange = z.strictObject({
  version: ZVersion,
  absolute: decimal().optional(),
  percent: decimal().optional(),
  join: ZJoin.optional(),
});
const ZListQuery = z.object({
  includeRetired: z.stringbool({ error: 'must be true or false' }).default(false),
});
const ZVersionQuery = z.object({ version: z.coerce.number().int().min(1, 'must be the version you read') });
const ZHistoryQuery = z.object({
  ruleId: z.uuid({ error: 'must be a UUID' }).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

const readers: Access = { roles: ['accountant', 'administrator', 'auditor'], scopes: [] };
const keepers: Access = { roles: ['accountant', 'administrator'], scopes: [] };

/**
 * An entity's matching tolerances: accounts payable and administrators create them, change their
 * limit at the version they read, and retire them; auditors read them and their history. Each
 * change re-matches the entity's open invoices.
 */
export function toleranceRuleRoutes(db: Kysely<InvoicingDatabase>): ApiRoutes {
  const routes = new ApiRoutes();

  routes.get('/', readers, async (req, res) => {
    const { includeRetired } = parseQuery(ZListQuery, req);
    res.json({ rules: await toleranceRulesOf(db, identityOf(res).entityId, { includeRetired }) });
  });

  routes.get('/history', readers, async (req, res) => {
    const query = parseQuery(ZHistoryQuery, req);
    res.json({ changes: await toleranceRuleChangesOf(db, identityOf(res).entityId, query) });
  });

  routes.post('/', keepers, async (req, res) => {
    const caller = identityOf(res);
    const body = parseBody(ZToleranceRuleBody, req);
    const content = {
      ...body,
      supplierId: body.supplierId ?? null,
      categoryCode: body.categoryCode ?? null,
      currency: body.currency ?? null,
    };
    const answer = await runIdempotent(db, 'invoicing', idempotencyOf(req, caller.userId), async (trx) => ({
      statusCode: 201,
      body: await createToleranceRule(trx, caller, content, new Date()),
    }));
    res
      .status(answer.statusCode)
      .location(`/api/v1/invoices/tolerance-rules/${answer.body.id}`)
      .json(answer.body);
  });

  routes.patch('/:id', keepers, async (req, res) => {
    const { id } = parseParams(ZIdParams, req);
    const caller = identityOf(res);
    const change = parseBody(ZToleranceRuleChange, req);
    const answer = await runIdempotent(db, 'invoicing', idempotencyOf(req, caller.userId), async (trx) => ({
      statusCode: 200,
      body: await changeToleranceRule(trx, caller, id, change, new Date()),
    }));
    res.status(answer.statusCode).json(answer.body);
  });

  routes.delete('/:id', keepers, async (req, res) => {
    const { id } = parseParams(ZIdParams, req);
    const caller = identityOf(res);
    const { version } = parseQuery(ZVersionQuery, req);
    const retired = await db.transaction().execute((trx) => retireRule(trx, caller, id, version, new Date()));
    res.status(200).json(retired);
  });

  return routes;
}
