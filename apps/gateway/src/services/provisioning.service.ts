// Just-in-time provisioning: the user is created at first login and brought up to date at each
// login from what the identity provider asserts; roles come from the administrator's mapping of
// IdP groups.
import type { IdentityDatabase } from '@procura/db';
import type { Role } from '@procura/http';
import { type Kysely, sql, type Transaction } from 'kysely';
import { type AssertedUser, AssertionProblem } from '../sso/asserted-user.js';
import { announceUser } from './directory-events.js';

export class LoginRefused extends Error {
  override name = 'LoginRefused';
}

async function rolesFor(trx: Transaction<IdentityDatabase>, groups: string[]): Promise<Role[]> {
  if (groups.length === 0) return [];
  const rows = await trx
    .selectFrom('identity.role_mapping')
    .select('role')
    .distinct()
    .where('idp_group', 'in', groups)
    .orderBy('role')
    .execute();
  return rows.map((r) => r.role as Role);
}

export async function provisionUser(
  db: Kysely<IdentityDatabase>,
  asserted: AssertedUser,
  options: { defaultEntityCode?: string | undefined; now: Date },
): Promise<{ userId: string }> {
  return db.transaction().execute(async (trx) => {
    // Two first logins of the same person at once must make one user.
    await sql`select pg_advisory_xact_lock(hashtext(${`procura.provision.${asserted.email}`}))`.execute(trx);
    const entityCode = asserted.entityCode ?? options.defaultEntityCode;
    if (!entityCode)
      throw new AssertionProblem('the assertion names no entity and no default entity is configured');
    const entity = await trx
      .selectFrom('identity.entity')
      .select('id')
      .where('code', '=', entityCode)
      .executeTakeFirst();
    if (!entity) throw new AssertionProblem(`the entity "${entityCode}" is unknown to Procura`);
    const roles = await rolesFor(trx, asserted.groups);
    if (roles.length === 0)
      throw new LoginRefused(`no Procura role is mapped to the groups [${asserted.groups.join(', ')}]`);

    const existing = await trx
      .selectFrom('identity.app_user')
      .select(['id', 'active'])
      .where((eb) =>
        eb.or([eb('idp_subject', '=', asserted.nameId), eb(eb.fn('lower', ['email']), '=', asserted.email)]),
      )
      .orderBy(sql`idp_subject = ${asserted.nameId}`, 'desc')
      .forUpdate()
      .executeTakeFirst();
    if (existing && !existing.active) throw new LoginRefused(`the user ${asserted.email} is deactivated`);

    const manager = asserted.managerEmail
      ? await trx
          .selectFrom('identity.app_user')
          .select('id')
          .where((eb) => eb(eb.fn('lower', ['email']), '=', asserted.managerEmail as string))
          .executeTakeFirst()
      : undefined;
    const fields = {
      email: asserted.email,
      display_name: asserted.displayName,
      roles,
      entity_id: entity.id,
      manager_user_id: manager?.id ?? null,
      idp_subject: asserted.nameId,
      idp_groups: asserted.groups,
      last_login_at: options.now,
      updated_at: options.now,
      ...(asserted.locale ? { locale: asserted.locale } : {}),
    };
    const userId = existing
      ? (
          await trx
            .updateTable('identity.app_user')
            .set(fields)
            .where('id', '=', existing.id)
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id
      : (await trx.insertInto('identity.app_user').values(fields).returning('id').executeTakeFirstOrThrow())
          .id;

    const costCentres = asserted.costCentreCodes.length
      ? await trx
          .selectFrom('identity.cost_centre')
          .select('id')
          .where('entity_id', '=', entity.id)
          .where('code', 'in', asserted.costCentreCodes)
          .execute()
      : [];
    await trx.deleteFrom('identity.user_cost_centre').where('user_id', '=', userId).execute();
    if (costCentres.length > 0) {
      await trx
        .insertInto('identity.user_cost_centre')
        .values(costCentres.map((c) => ({ user_id: userId, cost_centre_id: c.id })))
        .execute();
    }
    await announceUser(trx, userId, options.now);
    return { userId };
  });
}
