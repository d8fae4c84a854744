// express-session's store on identity.session, so every gateway replica sees every session.
// Ids are kept as SHA-256 hashes: a copy of the table does not let anyone take over a session.
import { createHash } from 'node:crypto';
import type { IdentityDatabase } from '@procura/db';
import session from 'express-session';
import { type Kysely, sql } from 'kysely';

const hashOf = (sid: string) => createHash('sha256').update(sid).digest();

export interface SessionTimeouts {
  idleMs: number;
  absoluteMs: number;
}

export class PostgresSessionStore extends session.Store {
  constructor(
    private readonly db: Kysely<IdentityDatabase>,
    private readonly timeouts: SessionTimeouts,
  ) {
    super();
  }

  override get(sid: string, callback: (error: unknown, data?: session.SessionData | null) => void): void {
    this.db
      .selectFrom('identity.session')
      .select('data')
      .where('id_hash', '=', hashOf(sid))
      .where('idle_expires_at', '>', sql<Date>`now()`)
      .where('absolute_expires_at', '>', sql<Date>`now()`)
      .executeTakeFirst()
      .then((row) => callback(null, (row?.data as session.SessionData | undefined) ?? null), callback);
  }

  override set(sid: string, data: session.SessionData, callback?: (error?: unknown) => void): void {
    const now = Date.now();
    this.db
      .insertInto('identity.session')
      .values({
        id_hash: hashOf(sid),
        user_id: data.userId ?? null,
        data: JSON.stringify(data),
        idle_expires_at: new Date(now + this.timeouts.idleMs),
        absolute_expires_at: new Date(now + this.timeouts.absoluteMs),
      })
      // The absolute expiry is set once, at creation; activity only pushes the idle one.
      .onConflict((oc) =>
        oc.column('id_hash').doUpdateSet((eb) => ({
          data: eb.ref('excluded.data'),
          user_id: eb.ref('excluded.user_id'),
          idle_expires_at: eb.ref('excluded.idle_expires_at'),
        })),
      )
      .execute()
      .then(() => callback?.(), callback);
  }

  override touch(sid: string, _data: session.SessionData, callback?: (error?: unknown) => void): void {
    this.db
      .updateTable('identity.session')
      .set({ idle_expires_at: new Date(Date.now() + this.timeouts.idleMs) })
      .where('id_hash', '=', hashOf(sid))
      .execute()
      .then(() => callback?.(), callback);
  }

  override destroy(sid: string, callback?: (error?: unknown) => void): void {
    this.db
      .deleteFrom('identity.session')
      .where('id_hash', '=', hashOf(sid))
      .execute()
      .then(() => callback?.(), callback);
  }
}

/** Ends every session of a user at the identity provider's request (single logout). */
export async function destroySessionsOf(
  db: Kysely<IdentityDatabase>,
  nameId: string,
  sessionIndex: string | undefined,
): Promise<number> {
  let query = db.deleteFrom('identity.session').where(sql<string>`data->>'nameId'`, '=', nameId);
  if (sessionIndex) query = query.where(sql<string>`data->>'sessionIndex'`, '=', sessionIndex);
  const result = await query.executeTakeFirst();
  return Number(result.numDeletedRows);
}

declare module 'express-session' {
  interface SessionData {
    userId: string;
    nameId: string;
    nameIdFormat: string | null;
    sessionIndex: string | undefined;
    csrfToken: string;
  }
}
