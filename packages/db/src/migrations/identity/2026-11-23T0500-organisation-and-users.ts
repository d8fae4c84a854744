import { type Kysely, sql } from 'kysely';
import { createOutboxTables } from '../outbox-tables.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(`
    create table identity.company_group (
      id uuid primary key,
      name text not null
    );

    create table identity.entity (
      id uuid primary key,
      group_id uuid not null references identity.company_group (id),
      parent_entity_id uuid references identity.entity (id),
      code text not null unique,
      legal_name text not null,
      legal_form text not null,
      siren char(9),
      siret char(14),
      vat_number text,
      share_capital numeric(19, 2),
      registration_city text,
      address_line text not null,
      postal_code text not null,
      city text not null,
      country char(2) not null,
      currency char(3) not null
    );

    create table identity.site (
      id uuid primary key,
      entity_id uuid not null references identity.entity (id),
      code text not null unique,
      name text not null,
      address_line text not null,
      postal_code text not null,
      city text not null,
      country char(2) not null
    );

    create table identity.app_user (
      id uuid primary key,
      email text not null,
      display_name text not null,
      roles text[] not null check (
        roles <@ array['employee', 'manager', 'buyer', 'accountant', 'administrator', 'auditor']::text[]
      ),
      entity_id uuid not null references identity.entity (id),
      site_id uuid references identity.site (id),
      manager_user_id uuid references identity.app_user (id),
      locale text not null default 'fr' check (locale in ('fr', 'en')),
      approval_limit numeric(19, 2) check (approval_limit >= 0),
      active boolean not null default true,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create unique index app_user_email on identity.app_user (lower(email));

    create table identity.cost_centre (
      id uuid primary key,
      entity_id uuid not null references identity.entity (id),
      code text not null,
      name_fr text not null,
      name_en text not null,
      manager_user_id uuid references identity.app_user (id),
      unique (entity_id, code)
    );

    create table identity.user_cost_centre (
      user_id uuid not null references identity.app_user (id),
      cost_centre_id uuid not null references identity.cost_centre (id),
      primary key (user_id, cost_centre_id)
    );
  `)
    .execute(db);
  await createOutboxTables(db, 'identity');
}
