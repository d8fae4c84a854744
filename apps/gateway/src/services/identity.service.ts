import type { IdentityDatabase } from '@procura/db';
import type { Role, TIdentity } from '@procura/http';
import type { Kysely } from 'kysely';

/** The person the gateway vouches for; undefined when unknown or deactivated. */
export async function loadUserIdentity(
  db: Kysely<IdentityDatabase>,
  userId: string,
  today: string,
): Promise<TIdentity | undefined> {
  const user = await db
    .selectFrom('identity.app_user')
    .select(['id', 'email', 'display_name', 'roles', 'entity_id', 'site_id', 'locale'])
    .where('id', '=', userId)
    .where('active', '=', true)
    .executeTakeFirst();
  if (!user) return undefined;
  const [costCentres, actingFor] = await Promise.all([
    db
      .selectFrom('identity.user_cost_centre')
      .select('cost_centre_id')
      .where('user_id', '=', user.id)
      .orderBy('cost_centre_id')
      .execute(),
    db
      .selectFrom('identity.delegation as d')
      .innerJoin('identity.app_user as u', 'u.id', 'd.delegator_user_id')
      .select(['u.id', 'u.display_name', 'd.ends_on'])
      .where('d.delegate_user_id', '=', user.id)
      .where('d.revoked_at', 'is', null)
      .where('d.starts_on', '<=', today)
      .where('d.ends_on', '>=', today)
      .where('u.active', '=', true)
      .orderBy('u.display_name')
      .execute(),
  ]);
  return {
    kind: 'user',
    userId: user.id,
    email: user.email,
    displayName: user.display_name,
    roles: user.roles as Role[],
    scopes: [],
    actingFor: actingFor.map((d) => ({ userId: d.id, displayName: d.display_name, endsOn: d.ends_on })),
    entityId: user.entity_id,
    siteId: user.site_id,
    costCentreIds: costCentres.map((c) => c.cost_centre_id),
    locale: user.locale,
  };
}

/** Today's date in the company's calendar, 'YYYY-MM-DD' (Europe/Paris: the first users are French). */
export function calendarDate(now: Date, timeZone = 'Europe/Paris'): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}
