import type { CatalogDatabase } from '@procura/db';
import type { Kysely } from 'kysely';

type Db = Kysely<CatalogDatabase>;

/**
 * Claims (user, key) for this request. Returns undefined when the claim is new; otherwise waits for
 * the transaction that claimed it first (the primary key makes a concurrent insert wait) and returns
 * what it kept. Call inside the transaction that does the work, so a failed attempt keeps nothing.
 */
export async function claimIdempotencyKey(
  db: Db,
  claim: { userId: string; key: string; fingerprint: string },
): Promise<{ fingerprint: string; statusCode: number | null; response: unknown } | undefined> {
  const inserted = await db
    .insertInto('catalog.idempotency_key')
    .values({ user_id: claim.userId, key: claim.key, fingerprint: claim.fingerprint })
    .onConflict((oc) => oc.columns(['user_id', 'key']).doNothing())
    .returning('key')
    .executeTakeFirst();
  if (inserted) return undefined;
  const kept = await db
    .selectFrom('catalog.idempotency_key')
    .select(['fingerprint', 'status_code', 'response'])
    .where('user_id', '=', claim.userId)
    .where('key', '=', claim.key)
    .executeTakeFirstOrThrow();
  return { fingerprint: kept.fingerprint, statusCode: kept.status_code, response: kept.response };
}

export async function keepIdempotentResponse(
  db: Db,
  claim: { userId: string; key: string },
  answer: { statusCode: number; response: unknown },
): Promise<void> {
  await db
    .updateTable('catalog.idempotency_key')
    .set({ status_code: answer.statusCode, response: JSON.stringify(answer.response) })
    .where('user_id', '=', claim.userId)
    .where('key', '=', claim.key)
    .execute();
}
