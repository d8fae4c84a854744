// API tokens for integrations: shown once at creation, stored as a SHA-256 hash, scoped,
// expiring, revocable, with the time of their last use.
import { createHash, randomBytes } from 'node:crypto';
import { type IdentityDatabase, preparedStatement } from '@procura/db';
import { DomainError } from '@procura/domain';
import type { Scope, TIdentity } from '@procura/http';
import { type Kysely, sql } from 'kysely';
import { type ApiTokenCache, apiTokenRevokedChannel } from './api-token-cache.js';

const tokenPrefix = 'prc_';
const lastUseResolutionMs = 60_000;
const hashOf = (token: string) => createHash('sha256').update(token).digest();

export interface ApiTokenSummary {
  id: string;
  name: string;
  prefix: string;
  scopes: Scope[];
  entityId: string;
  createdBy: string;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

const columns = [
  'id',
  'name',
  'token_prefix',
  'scopes',
  'entity_id',
  'created_by',
  'created_at',
  'expires_at',
  'revoked_at',
  'last_used_at',
] as const;

function toSummary(row: {
  id: string;
  name: string;
  token_prefix: string;
  scopes: string[];
  entity_id: string;
  created_by: string;
  created_at: Date;
  expires_at: Date;
  revoked_at: Date | null;
  last_used_at: Date | null;
}): ApiTokenSummary {
  return {
    id: row.id,
    name: row.name,
    prefix: row.token_prefix,
    scopes: row.scopes as Scope[],
    entityId: row.entity_id,
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
    expiresAt: row.expires_at.toISOString(),
    revokedAt: row.revoked_at?.toISOString() ?? null,
    lastUsedAt: row.last_used_at?.toISOString() ?? null,
  };
}

/** Creates a token; the secret is in the answer and nowhere else. */
export async function createApiToken(
  db: Kysely<IdentityDatabase>,
  command: { name: string; scopes: Scope[]; expiresAt: Date; entityId: string; createdBy: string; now: Date },
): Promise<{ token: string; summary: ApiTokenSummary }> {
  if (command.expiresAt.getTime() <= command.now.getTime()) {
    throw new DomainError('validation_failed', 'The expiry must be in the future.', [
      { field: 'body.expiresAt', reason: 'must be in the future' },
    ]);
  }
  const token = `${tokenPrefix}${randomBytes(32).toString('base64url')}`;
  const row = await db
    .insertInto('identity.api_token')
    .values({
      name: command.name,
      token_prefix: token.slice(0, 12),
      token_hash: hashOf(token),
      scopes: [...new Set(command.scopes)],
      entity_id: command.entityId,
      created_by: command.createdBy,
      created_at: command.now,
      expires_at: command.expiresAt,
    })
    .returning(columns)
    .executeTakeFirstOrThrow();
  return { token, summary: toSummary(row) };
}

export async function listApiTokens(db: Kysely<IdentityDatabase>): Promise<ApiTokenSummary[]> {
  const rows = await db
    .selectFrom('identity.api_token')
    .select(columns)
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map(toSummary);
}

export async function revokeApiToken(
  db: Kysely<IdentityDatabase>,
  command: { id: string; revokedBy: string; now: Date },
): Promise<ApiTokenSummary> {
  const row = await db.transaction().execute(async (trx) => {
    const revoked = await trx
      .updateTable('identity.api_token')
      .set({ revoked_at: command.now, revoked_by: command.revokedBy })
      .where('id', '=', command.id)
      .where('revoked_at', 'is', null)
      .returning(columns)
      .executeTakeFirst();
    // Every gateway replica forgets the token when this commits (ApiTokenCache).
    if (revoked) await sql`select pg_notify(${apiTokenRevokedChannel}, ${revoked.id})`.execute(trx);
    return revoked;
  });
  if (row) return toSummary(row);
  const exists = await db
    .selectFrom('identity.api_token')
    .select('id')
    .where('id', '=', command.id)
    .executeTakeFirst();
  throw exists
    ? new DomainError('invalid_state_transition', 'This token is already revoked.')
    : new DomainError('not_found', `API token ${command.id} does not exist.`);
}

/**
 * The integration a bearer token stands for; undefined when unknown, revoked or expired. With a
 * `cache`, a token seen lately is not looked up again (its revocation evicts it at once).
 */
export async function authenticateApiToken(
  db: Kysely<IdentityDatabase>,
  token: string,
  now: Date,
  cache?: ApiTokenCache,
): Promise<TIdentity | undefined> {
  if (!token.startsWith(tokenPrefix) || token.length > 200) return undefined;
  const tokenHash = hashOf(token);
  const key = tokenHash.toString('base64');
  const cached = cache?.get(key, now);
  if (cached) return cached.identity;
  // Prepared: it runs at every request an integration makes (parsed and planned once a connection).
  const { rows } = await sql<{
    id: string;
    name: string;
    scopes: string[];
    entity_id: string;
    expires_at: Date;
    last_used_at: Date | null;
  }>`${preparedStatement}
    select id, name, scopes, entity_id, expires_at, last_used_at from identity.api_token
    where token_hash = ${tokenHash} and revoked_at is null and expires_at > ${now}`.execute(db);
  const row = rows[0];
  if (!row) return undefined;
  // The time of last use is kept to the minute: an integration calling many times a second must
  // not queue on one row lock and one disk write per call.
  if (!row.last_used_at || now.getTime() - row.last_used_at.getTime() >= lastUseResolutionMs) {
    await db
      .updateTable('identity.api_token')
      .set({ last_used_at: now })
      .where('id', '=', row.id)
      .where((eb) =>
        eb.or([
          eb('last_used_at', 'is', null),
          eb('last_used_at', '<', new Date(now.getTime() - lastUseResolutionMs)),
        ]),
      )
      .execute();
  }
  const identity: TIdentity = {
    kind: 'integration',
    userId: row.id,
    email: null,
    displayName: row.name,
    roles: [],
    scopes: row.scopes as Scope[],
    actingFor: [],
    entityId: row.entity_id,
    siteId: null,
    costCentreIds: [],
    locale: 'fr',
  };
  cache?.set(key, { tokenId: row.id, identity, expiresAt: row.expires_at.getTime() }, now);
  return identity;
}
