import type { PurchasingDatabase } from '@procura/db';
import { ApiRoutes, identityOf, parseBody, parseParams, parseQuery, roles, ZIdParams } from '@procura/http';
import { idempotencyOf, runIdempotent } from '@procura/runtime';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import {
  type ApprovalRuleContent,
  approvalRuleChangesOf,
  approvalRuleChoices,
  approvalRulesOf,
} from '../repositories/approval-rule.repository.js';
import {
  changeApprovalRule,
  createApprovalRule,
  removeApprovalRule,
  reorderApprovalRules,
  setApprovalRuleActive,
} from '../services/approval-rule.service.js';

const uuid = () => z.uuid({ error: 'must be a UUID' });
const ids = () => z.array(uuid()).optional();
const ZVersion = z.number({ error: 'must be the version you read' }).int().min(1);

// Shapes and types here; the domain's checkApprovalRule judges the values (amounts, UNSPSC codes,
// duplicates, known roles) and the service checks people and cost centres against the directory.
const ZApprovers = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('manager_chain') }),
    z.strictObject({ kind: z.literal('cost_centre_manager') }),
    z.strictObject({ kind: z.literal('role'), role: z.string() }),
    z.strictObject({ kind: z.literal('users'), userIds: z.array(uuid()) }),
  ],
  { error: "must be 'manager_chain', 'cost_centre_manager', 'role' or 'users'" },
);

export const ZApprovalRuleBody = z.strictObject({
  name: z.string().trim(),
  kind: z.enum(['blocking', 'warning'], { error: "must be 'blocking' or 'warning'" }),
  active: z.boolean().default(true),
  conditions: z
    .strictObject({
      minAmount: z.string({ error: 'must be a decimal string such as "5000.00"' }).optional(),
      maxAmount: z.string({ error: 'must be a decimal string such as "5000.00"' }).optional(),
      costCentreIds: ids(),
      categoryCodes: z.array(z.string()).optional(),
      supplierIds: ids(),
      requesterIds: ids(),
      budgetState: z.enum(['within', 'over'], { error: "must be 'within' or 'over'" }).optional(),
      hasFreeTextLines: z.boolean().optional(),
    })
    .default({}),
  step: z.strictObject({
    approvers: ZApprovers,
    mode: z.enum(['any', 'all'], { error: "must be 'any' or 'all'" }),
    label: z
      .string()
      .trim()
      .nullish()
      .transform((label) => label || null),
  }),
});

export const ZApprovalRuleChange = ZApprovalRuleBody.extend({ version: ZVersion });
const ZVersionBody = z.strictObject({ version: ZVersion });
const ZVersionQuery = z.object({ version: z.coerce.number().int().min(1, 'must be the version you read') });
const ZReorderBody = z.strictObject({
  rules: z
    .array(z.strictObject({ id: uuid(), version: ZVersion }))
    .min(1)
    .max(500),
});
const ZHistoryQuery = z.object({
  ruleId: uuid().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/** The body as the repository stores it: optional conditions left out, not undefined. */
function contentOf(body: z.infer<typeof ZApprovalRuleBody>): ApprovalRuleContent {
  const conditions = Object.fromEntries(
    Object.entries(body.conditions).filter(([, value]) => value !== undefined),
  ) as ApprovalRuleContent['conditions'];
  return { name: body.name, kind: body.kind, active: body.active, conditions, step: body.step };
}

const readers = { roles: ['administrator', 'auditor'], scopes: [] } as const;
const administrators = { roles: ['administrator'], scopes: [] } as const;

/**
 * Approval rules as data: administrators of an entity edit its rules (global rules, which apply to
 * every entity, are shown read-only), auditors read them and their history.
 */
export function approvalRuleRoutes(db: Kysely<PurchasingDatabase>): ApiRoutes {
  const routes = new ApiRoutes();

  routes.get('/', readers, async (_req, res) => {
    res.json({ rules: await approvalRulesOf(db, identityOf(res).entityId) });
  });

  // What the form offers: the roles a step may name, the entity's people and cost centres.
  routes.get('/choices', readers, async (_req, res) => {
    res.json({ roles, ...(await approvalRuleChoices(db, identityOf(res).entityId)) });
  });

  routes.get('/history', readers, async (req, res) => {
    const { ruleId, limit } = parseQuery(ZHistoryQuery, req);
    res.json({ changes: await approvalRuleChangesOf(db, identityOf(res).entityId, { ruleId, limit }) });
  });

  routes.post('/', administrators, async (req, res) => {
    const caller = identityOf(res);
    const content = contentOf(parseBody(ZApprovalRuleBody, req));
    const answer = await runIdempotent(db, 'purchasing', idempotencyOf(req, caller.userId), async (trx) => ({
      statusCode: 201,
      body: await createApprovalRule(trx, caller, content, new Date()),
    }));
    res.status(answer.statusCode).json(answer.body);
  });

  routes.put('/order', administrators, async (req, res) => {
    const caller = identityOf(res);
    const { rules } = parseBody(ZReorderBody, req);
    const answer = await runIdempotent(db, 'purchasing', idempotencyOf(req, caller.userId), async (trx) => ({
      statusCode: 200,
      body: { rules: await reorderApprovalRules(trx, caller, rules, new Date()) },
    }));
    res.status(answer.statusCode).json(answer.body);
  });

  routes.put('/:id', administrators, async (req, res) => {
    const { id } = parseParams(ZIdParams, req);
    const caller = identityOf(res);
    const { version, ...body } = parseBody(ZApprovalRuleChange, req);
    const answer = await runIdempotent(db, 'purchasing', idempotencyOf(req, caller.userId), async (trx) => ({
      statusCode: 200,
      body: await changeApprovalRule(trx, caller, id, { version, content: contentOf(body) }, new Date()),
    }));
    res.status(answer.statusCode).json(answer.body);
  });

  for (const [action, active] of [
    ['activate', true],
    ['deactivate', false],
  ] as const)
    routes.post(`/:id/${action}`, administrators, async (req, res) => {
      const { id } = parseParams(ZIdParams, req);
      const caller = identityOf(res);
      const { version } = parseBody(ZVersionBody, req);
      const answer = await runIdempotent(
        db,
        'purchasing',
        idempotencyOf(req, caller.userId),
        async (trx) => ({
          statusCode: 200,
          body: await setApprovalRuleActive(trx, caller, id, { version, active }, new Date()),
        }),
      );
      res.status(answer.statusCode).json(answer.body);
    });

  routes.delete('/:id', administrators, async (req, res) => {
    const { id } = parseParams(ZIdParams, req);
    const caller = identityOf(res);
    const { version } = parseQuery(ZVersionQuery, req);
    await db.transaction().execute((trx) => removeApprovalRule(trx, caller, id, version, new Date()));
    res.status(204).end();
  });

  return routes;
}
