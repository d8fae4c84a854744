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
  // The cost centres the caller may charge a request to: those they belong to or manage.
  routes.get(
    '/my-cost-centres',
    { roles: ['employee', 'manager', 'buyer', 'accountant', 'administrator', 'auditor'], scopes: [] },
    async (_req, res) => {
      const caller = identityOf(res);
      const rows = await db
        .selectFrom('purchasing.directory_cost_centre')
        .select(['cost_centre_id', 'code', 'name_fr', 'name_en', 'manager_user_id'])
        .where('entity_id', '=', caller.entityId)
        .where((eb) =>
          eb.or([
            eb('manager_user_id', '=', caller.userId),
            ...(caller.costCentreIds.length > 0 ? [eb('cost_centre_id', 'in', caller.costCentreIds)] : []),
          ]),
        )
        .orderBy('code')
        .execute();
      res.json({
        costCentres: rows.map((c) => ({
          costCentreId: c.cost_centre_id,
          code: c.code,
          name: { fr: c.name_fr, en: c.name_en },
          managed: c.manager_user_id === caller.userId,
        })),
      });
    },
  );
  return routes;
}
