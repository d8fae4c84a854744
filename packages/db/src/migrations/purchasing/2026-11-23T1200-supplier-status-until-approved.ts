import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(`
    -- A supplier purchasing has heard nothing about is no longer assumed active: it is 'unknown', and
    -- not orderable, until catalog announces its approval. 'pending_approval': an active supplier whose
    -- legal identity, order e-mail, addresses, terms or allowed entities changed waits for approval again.
    alter table purchasing.supplier_status
      drop constraint supplier_status_status_check,
      add constraint supplier_status_status_check
        check (status in ('unknown', 'pending_approval', 'active', 'blocked', 'archived')),
      alter column status set default 'unknown';
    -- Rows created by a compliance event alone took 'active' by default: they were never announced.
    -- Catalog announces its active suppliers again (its migration of the same day).
    update purchasing.supplier_status set status = 'unknown' where changed_at is null;
  `)
    .execute(db);
}
