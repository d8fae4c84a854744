import type { PurchasingDatabase } from '@procura/db';
import { ApiRoutes, identityOf, parseQuery } from '@procura/http';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { directoryUsers } from '../repositories/directory.repository.js';

/**
 * The people of an entity (the caller's unless `entityId` names another: administrators and
 * auditors work group-wide) as purchasing knows them from the gateway's events: what approvals are
 * routed from. An administrator checks here that managers and approval limits arrived as the IdP
 * says.
 */
export function directoryRoutes(db: Kysely<PurchasingDatabase>): ApiRoutes {
  const routes = new ApiRoutes();
  routes.get('/users', { roles: ['administrator', 'auditor'], scopes: [] }, async (req, res) => {
    const { entityId } = parseQuery(
      z.object({ entityId: z.uuid({ error: 'must be a UUID' }).optional() }),
      req,
    );
    res.json({ users: await directoryUsers(db, entityId ?? identityOf(res).entityId) });
  });
  return routes;
}
