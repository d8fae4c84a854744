import type { PurchasingDatabase } from '@procura/db';
import { DomainError } from '@procura/domain';
import { ApiRoutes, identityOf, parseBody, parseParams } from '@procura/http';
import { idempotencyOf, runIdempotent } from '@procura/runtime';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { findRequisition } from '../repositories/requisition.repository.js';
import {
  type ApprovalLinkSettings,
  decideThroughApprovalLink,
  viewApprovalLink,
} from '../services/approval-link.service.js';

const ZTokenParams = z.object({ token: z.string().min(40, 'is not an approval link').max(200) });
const ZLinkDecision = z.object({
  comment: z
    .string()
    .trim()
    .max(2000)
    .nullish()
    .transform((v) => v || null),
});

const people = {
  roles: ['employee', 'manager', 'buyer', 'accountant', 'administrator', 'auditor'],
  scopes: [],
} as const;

/** The links of approval e-mails: what one would decide, and deciding it once, logged in. */
export function approvalLinkRoutes(
  db: Kysely<PurchasingDatabase>,
  settings: ApprovalLinkSettings | undefined,
): ApiRoutes {
  const routes = new ApiRoutes();
  const enabled = () => {
    if (!settings)
      throw new DomainError(
        'not_found',
        'Approval links are not enabled on this server (APPROVAL_LINK_SECRET).',
      );
    return settings;
  };

  routes.get('/:token', people, async (req, res) => {
    const { token } = parseParams(ZTokenParams, req);
    res.json(await viewApprovalLink(db, enabled(), identityOf(res), token, new Date()));
  });

  routes.post('/:token', people, async (req, res) => {
    const { token } = parseParams(ZTokenParams, req);
    const { comment } = parseBody(ZLinkDecision, req);
    const caller = identityOf(res);
    const answer = await runIdempotent(db, 'purchasing', idempotencyOf(req, caller.userId), async (trx) => {
      const id = await decideThroughApprovalLink(trx, enabled(), caller, token, comment, new Date());
      return { statusCode: 200, body: await findRequisition(trx, id) };
    });
    res.status(answer.statusCode).json(answer.body);
  });

  return routes;
}
