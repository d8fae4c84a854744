import type { IdentityDatabase } from '@procura/db';
import { DomainError } from '@procura/domain';
import { roles } from '@procura/http';
import type { Kysely } from 'kysely';
import { announceUser } from './directory-events.js';

export interface UserSummary {
  id: string;
  email: string;
  displayName: string;
  roles: string[];
  active: boolean;
  lastLoginAt: string | null;
}

export async function listUsers(
  db: Kysely<IdentityDatabase>,
  options: { activeOnly: boolean },
): Promise<UserSummary[]> {
  let query = db
    .selectFrom('identity.app_user')
    .select(['id', 'email', 'display_name', 'roles', 'active', 'last_login_at']);
  if (options.activeOnly) query = query.where('active', '=', true);
  const rows = await query.orderBy('display_name').execute();
  return rows.map((u) => ({
    id: u.id,
    email: u.email,
    displayName: u.display_name,
    roles: u.roles,
    active: u.active,
    lastLoginAt: u.last_login_at?.toISOString() ?? null,
  }));
}

/** A deactivated user cannot log in, even with a valid assertion, and loses their sessions at once. */
export async function setUserActive(
  db: Kysely<IdentityDatabase>,
  command: { userId: string; active: boolean; actorUserId: string },
): Promise<void> {
  if (command.userId === command.actorUserId && !command.active) {
    throw new DomainError('forbidden', 'Nobody can deactivate their own account.');
  }
  const now = new Date();
  await db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('identity.app_user')
      .set({ active: command.active, updated_at: now })
      .where('id', '=', command.userId)
      .returning('id')
      .executeTakeFirst();
    if (!updated) throw new DomainError('not_found', `User ${command.userId} does not exist.`);
    if (!command.active)
      await trx.deleteFrom('identity.session').where('user_id', '=', command.userId).execute();
    await announceUser(trx, command.userId, now);
  });
}

export interface RoleMapping {
  idpGroup: string;
  roles: string[];
}

export async function listRoleMappings(db: Kysely<IdentityDatabase>): Promise<RoleMapping[]> {
  const rows = await db
    .selectFrom('identity.role_mapping')
    .select(['idp_group', 'role'])
    .orderBy('idp_group')
    .orderBy('role')
    .execute();
  const byGroup = new Map<string, string[]>();
  for (const row of rows) byGroup.set(row.idp_group, [...(byGroup.get(row.idp_group) ?? []), row.role]);
  return [...byGroup].map(([idpGroup, groupRoles]) => ({ idpGroup, roles: groupRoles }));
}

/** Replaces the whole mapping in one transaction; it takes effect at each user's next login. */
export async function replaceRoleMappings(
  db: Kysely<IdentityDatabase>,
  mappings: RoleMapping[],
  actorUserId: string,
): Promise<RoleMapping[]> {
  const grantsAdministrator = mappings.some((m) => m.roles.includes('administrator'));
  if (!grantsAdministrator) {
    throw new DomainError(
      'validation_failed',
      'At least one group must keep the administrator role, or nobody could change this again.',
      [{ field: 'body.mappings', reason: 'no group maps to administrator' }],
    );
  }
  const unknown = mappings.flatMap((m) => m.roles).filter((r) => !(roles as readonly string[]).includes(r));
  if (unknown.length > 0) throw new DomainError('validation_failed', `Unknown roles: ${unknown.join(', ')}.`);
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('identity.role_mapping').execute();
    const rows = mappings.flatMap((m) =>
      [...new Set(m.roles)].map((role) => ({ idp_group: m.idpGroup, role, updated_by: actorUserId })),
    );
    await trx.insertInto('identity.role_mapping').values(rows).execute();
  });
  return listRoleMappings(db);
}
