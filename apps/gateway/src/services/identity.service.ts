import type { IdentityDatabase } from '@procura/db';
import type { Role, TIdentity } from '@procura/http';
import type { Kysely } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';

/**
 * The person the gateway vouches for; undefined when unknown or deactivated. Read on every request
 * of a session, in one round trip: the user, their cost centres and the delegations they hold today.
 */
export async function loadUserIdentity(
  db: Kysely<IdentityDatabase>,
  userId: string,
  today: string,
): Promise<TIdentity | undefined> {
  const user = await db
    .selectFrom('identity.app_user as user')
    .select([
      'user.id',
      'user.email',
      'user.display_name',
      'user.roles',
      'user.entity_id',
      'user.site_id',
      'user.locale',
    ])
    .select((eb) => [
      jsonArrayFrom(
        eb
          .selectFrom('identity.user_cost_centre as ucc')
          .select('ucc.cost_centre_id')
          .whereRef('ucc.user_id', '=', 'user.id')
          .orderBy('ucc.cost_centre_id'),
      ).as('costCentres'),
      jsonArrayFrom(
        eb
          .selectFrom('identity.delegation as d')
          .innerJoin('identity.app_user as delegator', 'delegator.id', 'd.delegator_user_id')
          .select(['delegator.id', 'delegator.display_name', 'd.ends_on'])
          .whereRef('d.delegate_user_id', '=', 'user.id')
          .where('d.revoked_at', 'is', null)
          .where('d.starts_on', '<=', today)
          .where('d.ends_on', '>=', today)
          .where('delegator.active', '=', true)
          .orderBy('delegator.display_name'),
      ).as('actingFor'),
    ])
    .where('user.id', '=', userId)
    .where('user.active', '=', true)
    .executeTakeFirst();
  if (!user) return undefined;
  return {
    kind: 'user',
    userId: user.id,
    email: user.email,
    displayName: user.display_name,
    roles: user.roles as Role[],
    scopes: [],
    actingFor: user.actingFor.map((d) => ({ userId: d.id, displayName: d.display_name, endsOn: d.ends_on })),
    entityId: user.entity_id,
    siteId: user.site_id,
    costCentreIds: user.costCentres.map((c) => c.cost_centre_id),
    locale: user.locale,
  };
}
