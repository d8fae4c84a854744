import { type Kysely, sql } from 'kysely';
import { createOutboxTables } from '../outbox-tables.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(`
    -- Purchasing's own record of each supplier's standing, built from catalog's events:
    -- no order may be issued to a blocked supplier.
    create table purchasing.supplier_status (
      supplier_id uuid primary key,
      status text not null check (status in ('active', 'blocked', 'archived')),
      reason text,
      changed_at timestamptz not null,
      source_event_id uuid not null,
      recorded_at timestamptz not null default now()
    );
  `)
    .execute(db);
  await createOutboxTables(db, 'purchasing');
}
