import type { IdentityDatabase } from '@procura/db';
import type { Role, TIdentity } from '@procura/http';
import type { Kysely } from 'kysely';

/** The identity the gateway vouches for, read from the identity schema; undefined when unknown or deactivated. */
export async function loadIdentityByEmail(
  db: Kysely<IdentityDatabase>,
  email: string,
): Promise<TIdentity | undefined> {
  const user = await db
    .selectFrom('identity.app_user')
    .select(['id', 'email', 'display_name', 'roles', 'entity_id', 'site_id', 'locale'])
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
    .where('active', '=', true)
    .executeTakeFirst();
  if (!user) return undefined;
  const costCentres = await db
    .selectFrom('identity.user_cost_centre')
    .select('cost_centre_id')
    .where('user_id', '=', user.id)
    .orderBy('cost_centre_id')
    .execute();
  return {
    userId: user.id,
    email: user.email,
    displayName: user.display_name,
    roles: user.roles as Role[],
    entityId: user.entity_id,
    siteId: user.site_id,
    costCentreIds: costCentres.map((c) => c.cost_centre_id),
    locale: user.locale,
  };
}
