import type { Kysely } from 'kysely';
import { createOutboxTables } from '../outbox-tables.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  await createOutboxTables(db, 'invoicing');
}
