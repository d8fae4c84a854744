import type { CatalogDatabase } from '@procura/db';
import { DomainError } from '@procura/domain';
import type { Kysely } from 'kysely';
import { claimIdempotencyKey, keepIdempotentResponse } from '../repositories/idempotency.repository.js';

export interface IdempotentAnswer<T> {
  statusCode: number;
  body: T;
}

/**
 * Runs `work` in a transaction, once per (user, Idempotency-Key): a retry with the same key and the
 * same request gets the first answer again without doing the work twice, even while the first is
 * still running (it waits for it); the same key on a different request is refused. Without a key,
 * the work simply runs in a transaction.
 */
export async function runIdempotent<T>(
  db: Kysely<CatalogDatabase>,
  request: { userId: string; key: string | undefined; fingerprint: string },
  work: (trx: Kysely<CatalogDatabase>) => Promise<IdempotentAnswer<T>>,
): Promise<IdempotentAnswer<T>> {
  const { key } = request;
  if (key === undefined) return db.transaction().execute(work);
  return db.transaction().execute(async (trx) => {
    const claim = { userId: request.userId, key };
    const kept = await claimIdempotencyKey(trx, { ...claim, fingerprint: request.fingerprint });
    if (kept) {
      if (kept.fingerprint !== request.fingerprint || kept.statusCode === null) {
        throw new DomainError(
          'idempotency_key_reused',
          `The Idempotency-Key "${key}" was used for a different request: use a new key.`,
          [{ field: 'Idempotency-Key', reason: 'was used for a different request' }],
        );
      }
      return { statusCode: kept.statusCode, body: kept.response as T };
    }
    const answer = await work(trx);
    await keepIdempotentResponse(trx, claim, { statusCode: answer.statusCode, response: answer.body });
    return answer;
  });
}
