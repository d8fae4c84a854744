import { type Kysely, sql } from 'kysely';
import { createOutboxTables } from '../outbox-tables.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(`
    create table catalog.category (
      code text primary key check (code ~ '^[0-9]{8}$'),
      name_fr text not null,
      name_en text not null
    );

    create table catalog.supplier (
      id uuid primary key default gen_random_uuid(),
      name text not null,
      legal_form text,
      siren char(9),
      siret char(14),
      vat_number text,
      country char(2) not null,
      address_line text,
      postal_code text,
      city text,
      languages text[] not null default array['fr'],
      payment_terms_days integer not null default 30 check (payment_terms_days between 0 and 60),
      order_email text,
      contact_name text,
      contact_email text,
      contact_phone text,
      status text not null default 'draft'
        check (status in ('draft', 'pending_approval', 'active', 'blocked', 'archived')),
      status_reason text,
      status_changed_at timestamptz not null default now(),
      status_changed_by uuid,
      created_at timestamptz not null default now()
    );
    create unique index supplier_siret on catalog.supplier (siret) where siret is not null;

    create table catalog.supplier_category (
      supplier_id uuid not null references catalog.supplier (id),
      category_code text not null references catalog.category (code),
      primary key (supplier_id, category_code)
    );

    -- The buying entities allowed to order from the supplier.
    create table catalog.supplier_entity (
      supplier_id uuid not null references catalog.supplier (id),
      entity_id uuid not null,
      primary key (supplier_id, entity_id)
    );

    create table catalog.item (
      id uuid primary key default gen_random_uuid(),
      supplier_id uuid not null references catalog.supplier (id),
      supplier_sku text not null,
      name_fr text not null,
      name_en text not null,
      description_fr text not null default '',
      description_en text not null default '',
      category_code text not null references catalog.category (code),
      unit_code text not null,
      unit_price numeric(19, 4) not null check (unit_price > 0),
      currency char(3) not null,
      vat_rate numeric(5, 2) not null check (vat_rate between 0 and 100),
      min_order_quantity numeric(19, 4) not null default 1 check (min_order_quantity > 0),
      lead_time_days integer not null default 0 check (lead_time_days >= 0),
      active boolean not null default true,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (supplier_id, supplier_sku)
    );
    create index item_supplier on catalog.item (supplier_id);
    create index item_category on catalog.item (category_code);
  `)
    .execute(db);
  await createOutboxTables(db, 'catalog');
}
