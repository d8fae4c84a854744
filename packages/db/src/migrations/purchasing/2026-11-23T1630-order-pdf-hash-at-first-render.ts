import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(`
    -- An issued revision is fixed by what it stores (the document's input and the exact terms
    -- versions): its PDF is rendered outside the issuing transaction, by the dispatch that sends it
    -- (or whoever asks for it first), and that first rendering records the hash every later one is
    -- checked against. Issuing no longer renders while the entity's number counter is locked.
    do $$
    declare
      issued_with_hash text;
    begin
      select conname into strict issued_with_hash from pg_constraint
      where conrelid = 'purchasing.purchase_order_revision'::regclass and contype = 'c'
        and pg_get_constraintdef(oid) like '%pdf_sha256 IS NOT NULL%';
      execute format('alter table purchasing.purchase_order_revision drop constraint %I', issued_with_hash);
    end $$;
    alter table purchasing.purchase_order_revision
      add constraint purchase_order_revision_issued_at check (status <> 'issued' or issued_at is not null);
  `)
    .execute(db);
}
