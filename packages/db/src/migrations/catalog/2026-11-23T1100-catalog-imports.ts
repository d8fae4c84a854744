import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(`
    -- A supplier's catalog file, checked and previewed, then confirmed (applied in one transaction),
    -- cancelled, or left to expire. The valid rows wait here between the preview and the confirmation.
    create table catalog.catalog_import (
      id uuid primary key default gen_random_uuid(),
      supplier_id uuid not null references catalog.supplier (id),
      price_list_id uuid not null references catalog.price_list (id),
      status text not null default 'previewed'
        check (status in ('previewed', 'confirmed', 'cancelled', 'expired')),
      file_name text not null,
      file_format text not null check (file_format in ('csv', 'xlsx')),
      file_sha256 char(64) not null,
      row_count integer not null,
      new_count integer not null,
      price_change_count integer not null,
      unchanged_count integer not null,
      removed_count integer not null,
      -- The valid rows, as the domain's ImportedItem, and the preview shown to the buyer.
      items jsonb not null,
      preview jsonb not null,
      -- What the preview was computed against: a digest of the supplier's items and the last
      -- import confirmed for the supplier. Confirming checks both under a lock on the supplier.
      base_fingerprint text not null,
      base_import_id uuid references catalog.catalog_import (id),
      created_by uuid not null,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      confirmed_by uuid,
      confirmed_at timestamptz,
      inserted_count integer,
      updated_count integer,
      deactivated_count integer,
      cancelled_by uuid,
      cancelled_at timestamptz,
      check ((status = 'confirmed') = (confirmed_at is not null))
    );
    create index catalog_import_supplier on catalog.catalog_import (supplier_id, created_at desc);
  `)
    .execute(db);
}
