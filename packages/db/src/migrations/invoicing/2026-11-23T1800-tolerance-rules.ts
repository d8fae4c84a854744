import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(`
    -- Matching tolerances as accounts payable and administrators keep them (the domain's
    -- ToleranceRule): per buying entity, optionally narrowed to a supplier and/or a category
    -- (UNSPSC code), for price or quantity, an absolute part and a percentage joined by AND or OR.
    -- A price rule's absolute part is an amount per unit in its currency. Retiring a rule keeps its
    -- row (retired_at); version is what an edit compares (a stale version changes nothing).
    create table invoicing.tolerance_rule (
      id uuid primary key default gen_random_uuid(),
      entity_id uuid not null,
      supplier_id uuid,
      category_code text check (category_code ~ '^[0-9]{8}$'),
      measure text not null check (measure in ('price', 'quantity')),
      absolute numeric(19, 4) not null check (absolute >= 0),
      percent numeric(9, 4) not null check (percent >= 0),
      join_operator text not null check (join_operator in ('and', 'or')),
      currency char(3),
      version integer not null default 1 check (version >= 1),
      created_at timestamptz not null,
      created_by uuid not null,
      updated_at timestamptz not null,
      updated_by uuid not null,
      retired_at timestamptz,
      retired_by uuid,
      check ((measure = 'price') = (currency is not null)),
      check ((retired_at is null) = (retired_by is null))
    );
    -- One live rule per measure, scope and currency: two would tie for precedence.
    create unique index tolerance_rule_scope_once on invoicing.tolerance_rule
      (entity_id, measure, coalesce(supplier_id, '00000000-0000-0000-0000-000000000000'),
       coalesce(category_code, ''), coalesce(currency, ''))
      where retired_at is null;

    -- Every change to a tolerance rule: who, when, the rule before and after. Append-only.
    create table invoicing.tolerance_rule_change (
      id bigint generated always as identity primary key,
      rule_id uuid not null references invoicing.tolerance_rule (id),
      entity_id uuid not null,
      action text not null check (action in ('created', 'updated', 'retired')),
      version integer not null,
      actor_user_id uuid not null,
      actor_name text not null,
      before jsonb,
      after jsonb not null,
      changed_at timestamptz not null,
      check ((action = 'created') = (before is null))
    );
    create index tolerance_rule_change_entity on invoicing.tolerance_rule_change (entity_id, id desc);
    create index tolerance_rule_change_rule on invoicing.tolerance_rule_change (rule_id, id desc);
    create function invoicing.tolerance_rule_change_is_kept() returns trigger language plpgsql as $$
    begin
      raise exception 'tolerance rule changes are append-only' using errcode = 'restrict_violation';
    end $$;
    create trigger tolerance_rule_change_append_only before update or delete on invoicing.tolerance_rule_change
      for each row execute function invoicing.tolerance_rule_change_is_kept();

    -- Re-matching reads the invoice lines of a set of order lines, and the rules of an entity.
    create index order_line_entity on invoicing.order_line (entity_id);
    -- Re-matching rewrites match results in place: room on each page lets PostgreSQL update a row
    -- without touching the indexes (a HOT update: no indexed column changes).
    alter table invoicing.invoice set (fillfactor = 80);
    alter table invoicing.invoice_line set (fillfactor = 80);
  `)
    .execute(db);
}
