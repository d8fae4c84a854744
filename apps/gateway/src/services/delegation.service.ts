import type { IdentityDatabase } from '@procura/db';
import { type CalendarDate, checkDelegation, DomainError } from '@procura/domain';
import type { Kysely } from 'kysely';

export interface DelegationView {
  id: string;
  delegator: { userId: string; displayName: string };
  delegate: { userId: string; displayName: string };
  startsOn: string;
  endsOn: string;
  revokedAt: string | null;
}

function delegations(db: Kysely<IdentityDatabase>) {
  return db
    .selectFrom('identity.delegation as d')
    .innerJoin('identity.app_user as r', 'r.id', 'd.delegator_user_id')
    .innerJoin('identity.app_user as e', 'e.id', 'd.delegate_user_id')
    .select([
      'd.id',
      'd.starts_on',
      'd.ends_on',
      'd.revoked_at',
      'r.id as delegator_id',
      'r.display_name as delegator_name',
      'e.id as delegate_id',
      'e.display_name as delegate_name',
    ]);
}

type Row = Awaited<ReturnType<ReturnType<typeof delegations>['executeTakeFirstOrThrow']>>;

const toView = (row: Row): DelegationView => ({
  id: row.id,
  delegator: { userId: row.delegator_id, displayName: row.delegator_name },
  delegate: { userId: row.delegate_id, displayName: row.delegate_name },
  startsOn: row.starts_on,
  endsOn: row.ends_on,
  revokedAt: row.revoked_at?.toISOString() ?? null,
});

/** Delegations the user gave and received that are not over. */
export async function listDelegations(db: Kysely<IdentityDatabase>, userId: string, today: CalendarDate) {
  const rows = await delegations(db)
    .where((eb) => eb.or([eb('d.delegator_user_id', '=', userId), eb('d.delegate_user_id', '=', userId)]))
    .where('d.ends_on', '>=', today)
    .where('d.revoked_at', 'is', null)
    .orderBy('d.starts_on')
    .execute();
  const views = rows.map(toView);
  return {
    given: views.filter((d) => d.delegator.userId === userId),
    received: views.filter((d) => d.delegate.userId === userId),
  };
}

export async function createDelegation(
  db: Kysely<IdentityDatabase>,
  command: {
    delegatorUserId: string;
    delegateUserId: string;
    startsOn: CalendarDate;
    endsOn: CalendarDate;
    today: CalendarDate;
  },
): Promise<DelegationView> {
  try {
    checkDelegation(command, command.today);
  } catch (error) {
    // The domain names its own fields; the caller sent them in the request body.
    if (error instanceof DomainError && Array.isArray(error.details)) {
      const issues = error.details as { field: string; reason: string }[];
      throw new DomainError(
        error.code,
        error.message,
        issues.map((i) => ({ ...i, field: `body.${i.field}` })),
      );
    }
    throw error;
  }
  const delegate = await db
    .selectFrom('identity.app_user')
    .select('id')
    .where('id', '=', command.delegateUserId)
    .where('active', '=', true)
    .executeTakeFirst();
  if (!delegate) {
    throw new DomainError('validation_failed', 'The delegate is not an active user.', [
      { field: 'body.delegateUserId', reason: 'no active user has this id' },
    ]);
  }
  const { id } = await db
    .insertInto('identity.delegation')
    .values({
      delegator_user_id: command.delegatorUserId,
      delegate_user_id: command.delegateUserId,
      starts_on: command.startsOn,
      ends_on: command.endsOn,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return toView(await delegations(db).where('d.id', '=', id).executeTakeFirstOrThrow());
}

/** Only the person who gave a delegation can take it back. */
export async function revokeDelegation(
  db: Kysely<IdentityDatabase>,
  command: { id: string; userId: string; now: Date },
): Promise<DelegationView> {
  const updated = await db
    .updateTable('identity.delegation')
    .set({ revoked_at: command.now })
    .where('id', '=', command.id)
    .where('delegator_user_id', '=', command.userId)
    .where('revoked_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  if (!updated) throw new DomainError('not_found', `You have no delegation ${command.id} in force.`);
  return toView(await delegations(db).where('d.id', '=', command.id).executeTakeFirstOrThrow());
}
