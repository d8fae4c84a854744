// node-saml's memory of the AuthnRequests it issued, and ours of the assertions already used, both
// in PostgreSQL so that they hold across gateway replicas.

import type { CacheItem, CacheProvider } from '@node-saml/node-saml';
import type { IdentityDatabase } from '@procura/db';
import { type Kysely, sql } from 'kysely';

export class PostgresRequestCache implements CacheProvider {
  constructor(
    private readonly db: Kysely<IdentityDatabase>,
    private readonly expiryMs: number,
  ) {}

  async saveAsync(key: string, value: string): Promise<CacheItem | null> {
    const row = await this.db
      .insertInto('identity.saml_request')
      .values({ id: key })
      .onConflict((oc) => oc.doNothing())
      .returning('created_at')
      .executeTakeFirst();
    return row ? { value, createdAt: row.created_at.getTime() } : null;
  }

  /** node-saml reads the value back as the request's creation time. */
  async getAsync(key: string): Promise<string | null> {
    const row = await this.db
      .selectFrom('identity.saml_request')
      .select('created_at')
      .where('id', '=', key)
      .where('created_at', '>', new Date(Date.now() - this.expiryMs))
      .executeTakeFirst();
    return row ? row.created_at.toISOString() : null;
  }

  async removeAsync(key: string | null): Promise<string | null> {
    if (!key) return null;
    const row = await this.db
      .deleteFrom('identity.saml_request')
      .where('id', '=', key)
      .returning('id')
      .executeTakeFirst();
    return row?.id ?? null;
  }
}

/** Records an assertion id; false when it was seen before (a replay). */
export async function recordAssertionOnce(
  db: Kysely<IdentityDatabase>,
  assertion: { id: string; issuer: string; expiresAt: Date },
): Promise<boolean> {
  await db
    .deleteFrom('identity.saml_assertion')
    .where('expires_at', '<', sql<Date>`now() - interval '1 day'`)
    .execute();
  const inserted = await db
    .insertInto('identity.saml_assertion')
    .values({ id: assertion.id, issuer: assertion.issuer, expires_at: assertion.expiresAt })
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted !== undefined;
}
