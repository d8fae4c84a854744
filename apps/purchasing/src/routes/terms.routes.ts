import type { PurchasingDatabase } from '@procura/db';
import { type AnnexCondition, purchaseOrderLineFlags, type TermsVersion } from '@procura/domain';
import { ApiRoutes, identityOf, parseBody, parseParams, parseQuery } from '@procura/http';
import { idempotencyOf, runIdempotent } from '@procura/runtime';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { annexRulesOf } from '../repositories/terms.repository.js';
import {
  changeAnnexRule,
  createAnnexRule,
  previewTermsVersion,
  publishTermsVersion,
  setAnnexRuleActive,
  termsDocumentsOf,
  termsVersionOf,
} from '../services/terms.service.js';

const ZVersion = z.number({ error: 'must be the version you read' }).int().min(1);
const ZTranslated = (max: number) =>
  z.strictObject({
    fr: z.string({ error: 'must be the French text' }).max(max, `must be at most ${max} characters`),
    en: z.string({ error: 'must be the English text' }).max(max, `must be at most ${max} characters`),
  });

// Shapes and types here; the domain judges the values (code, next version, effective day, both
// languages) and, for the CGA, the PDF whether the text fits the back of a page.
export const ZTermsVersionBody = z.strictObject({
  code: z.string({ error: 'must be the code of the document, such as CGA' }).trim(),
  version: z.number({ error: 'must be the number of the version to publish' }).int(),
  effectiveOn: z.string({ error: 'must be a date such as 2026-01-01' }).trim(),
  title: ZTranslated(200),
  text: ZTranslated(60_000),
});
export type TTermsVersionBody = z.infer<typeof ZTermsVersionBody>;

const ZTermsVersionParams = z.object({
  code: z.string().regex(/^[A-Z][A-Z0-9_-]{1,39}$/, 'must be the code of a document, such as CGA'),
  version: z.coerce.number().int().min(1, 'must be a version number from 1'),
});
const ZPreviewQuery = z.object({
  language: z.enum(['fr', 'en'], { error: "must be 'fr' or 'en'" }).default('fr'),
});

const list = <T extends z.ZodType>(item: T) =>
  z.array(item).min(1, 'must list at least one value, or be left out').max(100).optional();

// The domain's AnnexCondition: annexRuleIssues judges the values (UNSPSC digits, flags, ISO codes).
const ZAnnexCondition = z.strictObject({
  categoryPrefixes: list(z.string().trim()),
  lineFlags: list(z.string()),
  supplierCountries: list(z.string().trim()),
  supplierCountriesExcept: list(z.string().trim()),
  minimumNetAmount: z
    .strictObject({
      amount: z.string({ error: 'must be a decimal string such as "5000.00"' }).trim(),
      currency: z.string({ error: 'must be an ISO 4217 currency code' }).trim(),
    })
    .optional(),
});
const ZAnnexRuleContent = z.strictObject({
  annexCode: z.string({ error: 'must be the code of a published annex' }).trim(),
  when: ZAnnexCondition.default({}),
});
export const ZAnnexRuleBody = ZAnnexRuleContent.extend({
  id: z
    .string({ error: 'must name the rule' })
    .trim()
    .regex(/^[a-z0-9][a-z0-9-]{1,79}$/, 'must be 2 to 80 lower-case letters, digits or "-"'),
  active: z.boolean().default(true),
});
export const ZAnnexRuleChange = ZAnnexRuleContent.extend({ version: ZVersion });
const ZVersionBody = z.strictObject({ version: ZVersion });
const ZRuleParams = z.object({ id: z.string().min(1).max(80) });

/** The condition as stored: criteria left out, not undefined. */
const conditionOf = (when: z.infer<typeof ZAnnexCondition>) =>
  Object.fromEntries(Object.entries(when).filter(([, value]) => value !== undefined)) as AnnexCondition;

const draftOf = (body: TTermsVersionBody): TermsVersion => ({
  ...body,
  title: { fr: body.title.fr.trim(), en: body.title.en.trim() },
});

// The terms and the annex rules are the company's, not an entity's: every administrator keeps them,
// and the people who issue, check or pay orders read them.
const readers = { roles: ['administrator', 'buyer', 'auditor', 'accountant'], scopes: [] } as const;
const administrators = { roles: ['administrator'], scopes: [] } as const;

function termsDocumentRoutes(db: Kysely<PurchasingDatabase>): ApiRoutes {
  const routes = new ApiRoutes();

  routes.get('/', readers, async (_req, res) => {
    res.json({ documents: await termsDocumentsOf(db, new Date()) });
  });

  routes.get('/:code/versions/:version', readers, async (req, res) => {
    const { code, version } = parseParams(ZTermsVersionParams, req);
    res.json(await termsVersionOf(db, code, version));
  });

  routes.post('/', administrators, async (req, res) => {
    const caller = identityOf(res);
    const draft = draftOf(parseBody(ZTermsVersionBody, req));
    const answer = await runIdempotent(db, 'purchasing', idempotencyOf(req, caller.userId), async (trx) => ({
      statusCode: 201,
      body: await publishTermsVersion(trx, caller, draft, new Date()),
    }));
    res.status(answer.statusCode).json(answer.body);
  });

  // A sample order printed with a draft, before it is published; nothing is written.
  routes.post('/preview', administrators, async (req, res) => {
    const { language } = parseQuery(ZPreviewQuery, req);
    const draft = draftOf(parseBody(ZTermsVersionBody, req));
    const pdf = await previewTermsVersion(db, draft, language);
    res
      .status(200)
      .type('application/pdf')
      .set('content-disposition', `inline; filename="${draft.code}-${draft.version}-preview.pdf"`)
      .send(pdf);
  });

  return routes;
}

function annexRuleRoutes(db: Kysely<PurchasingDatabase>): ApiRoutes {
  const routes = new ApiRoutes();

  routes.get('/', readers, async (_req, res) => {
    res.json({ rules: await annexRulesOf(db), lineFlags: purchaseOrderLineFlags });
  });

  routes.post('/', administrators, async (req, res) => {
    const caller = identityOf(res);
    const { when, ...body } = parseBody(ZAnnexRuleBody, req);
    const answer = await runIdempotent(db, 'purchasing', idempotencyOf(req, caller.userId), async (trx) => ({
      statusCode: 201,
      body: await createAnnexRule(trx, caller, { ...body, when: conditionOf(when) }, new Date()),
    }));
    res.status(answer.statusCode).json(answer.body);
  });

  routes.put('/:id', administrators, async (req, res) => {
    const { id } = parseParams(ZRuleParams, req);
    const caller = identityOf(res);
    const { when, ...body } = parseBody(ZAnnexRuleChange, req);
    const answer = await runIdempotent(db, 'purchasing', idempotencyOf(req, caller.userId), async (trx) => ({
      statusCode: 200,
      body: await changeAnnexRule(trx, caller, id, { ...body, when: conditionOf(when) }, new Date()),
    }));
    res.status(answer.statusCode).json(answer.body);
  });

  for (const [action, active] of [
    ['activate', true],
    ['deactivate', false],
  ] as const)
    routes.post(`/:id/${action}`, administrators, async (req, res) => {
      const { id } = parseParams(ZRuleParams, req);
      const caller = identityOf(res);
      const { version } = parseBody(ZVersionBody, req);
      const answer = await runIdempotent(
        db,
        'purchasing',
        idempotencyOf(req, caller.userId),
        async (trx) => ({
          statusCode: 200,
          body: await setAnnexRuleActive(trx, caller, id, { version, active }, new Date()),
        }),
      );
      res.status(answer.statusCode).json(answer.body);
    });

  return routes;
}

/**
 * The general purchasing terms and the annexes, published by administrators as dated versions
 * (`/terms`), and the rules that attach the annexes to orders (`/annex-rules`).
 */
export function termsRoutes(db: Kysely<PurchasingDatabase>): ApiRoutes {
  return new ApiRoutes().use('/terms', termsDocumentRoutes(db)).use('/annex-rules', annexRuleRoutes(db));
}
