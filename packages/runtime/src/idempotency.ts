// Writes a client may retry carry an Idempotency-Key: the first answer to a (user, key) is kept in
// the service's own `idempotency_key` table and given again, in the transaction of the work itself.
import { createHash } from 'node:crypto';
import type { ServiceSchema } from '@procura/db';
import { DomainError } from '@procura/domain';
import type { Request } from 'express';
import { type Kysely, sql, type Transaction } from 'kysely';
import { z } from 'zod';

export interface IdempotentAnswer<T> {
  statusCode: number;
  body: T;
}

export interface IdempotentRequest {
  userId: string;
  key: string | undefined;
  /** What the request asked: the same key on a different request is refused. */
  fingerprint: string;
}

const ZIdempotencyKey = z.string().trim().min(1).max(200).optional();

/** The caller's Idempotency-Key (if any) and a fingerprint of the method, URL and body. */
export function idempotencyOf(req: Request, userId: string): IdempotentRequest {
  const parsed = ZIdempotencyKey.safeParse(req.get('idempotency-key'));
  const key = parsed.success ? parsed.data : undefined;
  const fingerprint = createHash('sha256')
    .update(`${req.method} ${req.originalUrl}\n${JSON.stringify(req.body ?? null)}`)
    .digest('hex');
  return { userId, key, fingerprint };
}

/**
 * Runs `work` in a transaction, once per (user, Idempotency-Key): a retry with the same key and the
 * same request gets the first answer again without doing the work twice, even while the first is
 * still running (the key's primary key makes it wait); the same key on a different request is
 * refused. Without a key, the work simply runs in a transaction.
 */
export async function runIdempotent<DB, T>(
  db: Kysely<DB>,
  schema: ServiceSchema,
  request: IdempotentRequest,
  work: (trx: Transaction<DB>) => Promise<IdempotentAnswer<T>>,
): Promise<IdempotentAnswer<T>> {
  const { key } = request;
  if (key === undefined) return db.transaction().execute(work);
  const table = sql.id(schema, 'idempotency_key');
  return db.transaction().execute(async (trx) => {
    const claimed = await sql<{ key: string }>`
      insert into ${table} (user_id, key, fingerprint) values (${request.userId}, ${key}, ${request.fingerprint})
      on conflict (user_id, key) do nothing returning key`.execute(trx);
    if (claimed.rows.length === 0) {
      const { rows } = await sql<{ fingerprint: string; status_code: number | null; response: T }>`
        select fingerprint, status_code, response from ${table}
        where user_id = ${request.userId} and key = ${key}`.execute(trx);
      const kept = rows[0];
      if (!kept || kept.fingerprint !== request.fingerprint || kept.status_code === null) {
        throw new DomainError(
          'idempotency_key_reused',
          `The Idempotency-Key "${key}" was used for a different request: use a new key.`,
          [{ field: 'Idempotency-Key', reason: 'was used for a different request' }],
        );
      }
      return { statusCode: kept.status_code, body: kept.response };
    }
    const answer = await work(trx);
    await sql`
      update ${table} set status_code = ${answer.statusCode}, response = ${JSON.stringify(answer.body)}::jsonb
      where user_id = ${request.userId} and key = ${key}`.execute(trx);
    return answer;
  });
}
