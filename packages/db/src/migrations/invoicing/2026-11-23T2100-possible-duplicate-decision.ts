import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(`
    -- Accounts payable decides on a possible duplicate: not one (clear_duplicate, with the reason
    -- naming the invoices it resembles), and the invoice goes on without that reason.
    do $$
    declare
      old_check text;
    begin
      for old_check in
        select conname from pg_constraint
        where conrelid = 'invoicing.invoice_history'::regclass and contype = 'c'
          and pg_get_constraintdef(oid) like '%accept_variance%'
      loop
        execute format('alter table invoicing.invoice_history drop constraint %I', old_check);
      end loop;
    end $$;
    alter table invoicing.invoice_history
      add constraint invoice_history_action check (action in ('receive', 'reject', 'approve',
        'accept_variance', 'request_credit_note', 'hold', 'release', 'refuse', 'pay', 'clear_duplicate')),
      add constraint invoice_history_reason check (action not in ('reject', 'hold', 'refuse',
        'request_credit_note', 'accept_variance', 'clear_duplicate') or length(btrim(coalesce(reason, ''))) > 0);
  `)
    .execute(db);
}
