import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(`
    -- Catalog may stop orders to a supplier whose compliance documents are missing or expired
    -- (company policy 'block'), independently of its status; kept apart so that the two kinds of
    -- event never overwrite each other.
    alter table purchasing.supplier_status
      alter column status set default 'active',
      alter column changed_at drop not null,
      add column compliance_hold boolean not null default false,
      add column compliance_reason text,
      add column compliance_changed_at timestamptz;
  `)
    .execute(db);
}
