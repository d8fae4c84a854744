import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(`
    -- Purchasing's own directory of people and cost centres, kept from the gateway's events
    -- (identity.user.changed, identity.cost-centre.changed): approvals are routed from it (cost-
    -- centre manager, manager chain and approval limits, roles) and reminders addressed with it.
    -- Each row is the whole record as of changed_at; an older event never overwrites a newer one.
    create table purchasing.directory_user (
      user_id uuid primary key,
      email text not null,
      display_name text not null,
      entity_id uuid not null,
      site_id uuid,
      manager_user_id uuid,
      approval_limit numeric(19, 2) check (approval_limit >= 0),
      roles text[] not null,
      cost_centre_ids uuid[] not null,
      locale text not null check (locale in ('fr', 'en')),
      active boolean not null,
      changed_at timestamptz not null,
      source_event_id uuid not null
    );
    create index directory_user_manager on purchasing.directory_user (manager_user_id);
    create index directory_user_roles on purchasing.directory_user using gin (roles);

    create table purchasing.directory_cost_centre (
      cost_centre_id uuid primary key,
      entity_id uuid not null,
      code text not null,
      name_fr text not null,
      name_en text not null,
      manager_user_id uuid,
      changed_at timestamptz not null,
      source_event_id uuid not null
    );
  `)
    .execute(db);
}
